#pragma once

#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <string_view>

#include "bridge/publish/outgoing_message.hpp"

namespace bridge::normalize {

// Encoding of the CloudEvent in the Kafka record (CloudEvents Kafka protocol binding 1.0).
enum class CloudEventsMode {
  kStructured,  // value: the whole CloudEvent as JSON; Attio ids as `attio-*` headers
  kBinary,      // value: the Attio event object; attributes as `ce_*` headers
};

// Api slugs that enrichment resolved for one event. Each becomes a CloudEvent extension
// (`attioobject`, `attiolist`, `attioattribute`) when it is not empty.
struct ResourceSlugs {
  std::string object;
  std::string list;
  std::string attribute;
};

// The CloudEvent attributes of one Attio event.
struct CloudEventAttributes {
  std::string id;               // the event id
  std::string_view event_type;  // Attio's event_type; `type` is "com.attio." + event_type
  std::string_view workspace_id;
  std::string_view webhook_id;  // empty when the delivery had none
  std::string subject;  // omitted from the CloudEvent when empty (an `id` with no resource keys)
  std::string time;     // RFC 3339 UTC with milliseconds, when the bridge received the delivery
  std::optional<std::string_view> idempotency_key;
  std::optional<ResourceSlugs> slugs;  // set only with enrichment
};

// Writes the Kafka value and headers of `event` into `message` (topic and key are left to the
// caller). `data`, or the value in binary mode, is the Attio event object as received,
// written as compact JSON.
void write_cloud_event(const CloudEventAttributes& attributes, const rapidjson::Value& event,
                       CloudEventsMode mode, publish::OutgoingMessage& message);

}  // namespace bridge::normalize
