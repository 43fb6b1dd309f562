#pragma once

#include <rapidjson/document.h>

#include <string_view>
#include <variant>

namespace bridge::parse {

// Reason one element of `events` cannot be published to its topic. The names are the `error`
// header of its dead letter and the `reason` label of attio_bridge_dead_letters_total.
enum class EventError {
  kNotAnObject,         // the element is not a JSON object
  kMissingEventType,    // no `event_type`, or not a non-empty string
  kMissingWorkspaceId,  // no `id` object with a non-empty string `workspace_id`
  // An object in the event names a member twice. Consumers whose parser keeps the last of two
  // equal keys would read another event than the one the bridge routed, so the event goes to
  // the dead-letter topic instead of being published.
  kDuplicateKey,
};

std::string_view to_reason(EventError error);

// The fields of one Attio event that the bridge reads. Views point into the delivery's
// document and live as long as it does.
struct EventFields {
  const rapidjson::Value* event = nullptr;  // the whole event object
  const rapidjson::Value* ids = nullptr;    // its `id` object
  std::string_view event_type;
  std::string_view workspace_id;
  std::string_view actor_type;  // empty when absent or null
};

// Reads the fields every event must have; anything else in the event is passed through.
std::variant<EventFields, EventError> read_event_fields(const rapidjson::Value& event);

// Returns the string member `name` of `object`, or an empty view when it is absent or not a
// string.
std::string_view string_member(const rapidjson::Value& object, std::string_view name);

}  // namespace bridge::parse
