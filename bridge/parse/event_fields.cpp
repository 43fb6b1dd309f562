#include "bridge/parse/event_fields.hpp"

#include "bridge/parse/duplicate_keys.hpp"

namespace bridge::parse {

std::string_view to_reason(EventError error) {
  switch (error) {
    case EventError::kNotAnObject:
      return "event_not_an_object";
    case EventError::kMissingEventType:
      return "missing_event_type";
    case EventError::kMissingWorkspaceId:
      return "missing_workspace_id";
    case EventError::kDuplicateKey:
      return "duplicate_key";
  }
  return "event_not_an_object";
}

std::string_view string_member(const rapidjson::Value& object, std::string_view name) {
  if (!object.IsObject()) {
    return {};
  }
  const auto member = object.FindMember(rapidjson::Value(
      rapidjson::StringRef(name.data(), static_cast<rapidjson::SizeType>(name.size()))));
  if (member == object.MemberEnd() || !member->value.IsString()) {
    return {};
  }
  return {member->value.GetString(), member->value.GetStringLength()};
}

std::variant<EventFields, EventError> read_event_fields(const rapidjson::Value& event) {
  if (!event.IsObject()) {
    return EventError::kNotAnObject;
  }
  if (has_duplicate_key(event)) {
    return EventError::kDuplicateKey;
  }

  EventFields fields;
  fields.event = &event;
  fields.event_type = string_member(event, "event_type");
  if (fields.event_type.empty()) {
    return EventError::kMissingEventType;
  }

  const auto ids = event.FindMember("id");
  if (ids == event.MemberEnd() || !ids->value.IsObject()) {
    return EventError::kMissingWorkspaceId;
  }
  fields.ids = &ids->value;
  fields.workspace_id = string_member(ids->value, "workspace_id");
  if (fields.workspace_id.empty()) {
    return EventError::kMissingWorkspaceId;
  }

  const auto actor = event.FindMember("actor");
  if (actor != event.MemberEnd()) {
    fields.actor_type = string_member(actor->value, "type");
  }
  return fields;
}

}  // namespace bridge::parse
