// Feeds arbitrary bytes through the steps that read a verified webhook body: parse the
// delivery, read each event's fields and route keys, build its subject and write its
// CloudEvent in both Kafka modes. Beyond the sanitizers' checks, it aborts when a message
// value that must be JSON does not parse as valid UTF-8 JSON.

#include <rapidjson/document.h>
#include <rapidjson/memorystream.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <variant>

#include "bridge/normalize/cloud_event.hpp"
#include "bridge/normalize/subject.hpp"
#include "bridge/parse/delivery_parser.hpp"
#include "bridge/parse/event_fields.hpp"
#include "bridge/route/route_rules.hpp"

namespace {

using bridge::normalize::CloudEventsMode;

void require_valid_json(const std::string& text) {
  rapidjson::Document document;
  document.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag>(
      text.data(), text.size());
  if (document.HasParseError()) {
    std::abort();
  }
}

void write_event(const bridge::parse::Delivery& delivery, std::size_t index) {
  const auto fields_or_error = bridge::parse::read_event_fields(delivery.event(index));
  const auto* fields = std::get_if<bridge::parse::EventFields>(&fields_or_error);
  if (fields == nullptr) {
    return;
  }
  const bridge::route::RouteKeys keys = bridge::route::read_route_keys(*fields, nullptr);
  if (keys.event_type != fields->event_type) {
    std::abort();
  }

  bridge::normalize::CloudEventAttributes attributes{
      "fuzz-" + std::to_string(index),
      fields->event_type,
      fields->workspace_id,
      delivery.webhook_id,
      bridge::normalize::build_subject(fields->event_type, *fields->ids),
      "2024-01-01T00:00:00.000Z",
      std::string_view("fuzz"),
      std::nullopt};

  for (const CloudEventsMode mode : {CloudEventsMode::kStructured, CloudEventsMode::kBinary}) {
    bridge::publish::OutgoingMessage message;
    bridge::normalize::write_cloud_event(attributes, *fields->event, mode, message);
    require_valid_json(message.value);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const auto parsed = bridge::parse::parse_delivery(body);
  const auto* delivery = std::get_if<bridge::parse::Delivery>(&parsed);
  if (delivery == nullptr) {
    return 0;
  }
  for (std::size_t index = 0; index < delivery->event_count(); ++index) {
    write_event(*delivery, index);
  }
  return 0;
}
