#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace bridge::attio {

// Webhook event types that Attio's REST API v2 accepts in a subscription: 27 generally
// available types plus the seven beta `activity*` types.
inline constexpr std::array<std::string_view, 34> kKnownEventTypes = {
    "record.created",
    "record.updated",
    "record.deleted",
    "record.merged",
    "list-entry.created",
    "list-entry.updated",
    "list-entry.deleted",
    "note.created",
    "note.updated",
    "note-content.updated",
    "note.deleted",
    "task.created",
    "task.updated",
    "task.deleted",
    "comment.created",
    "comment.resolved",
    "comment.unresolved",
    "comment.deleted",
    "list.created",
    "list.updated",
    "list.deleted",
    "object-attribute.created",
    "object-attribute.updated",
    "list-attribute.created",
    "list-attribute.updated",
    "workspace-member.created",
    "call-recording.created",
    "activity.created",
    "activity.updated",
    "activity.deleted",
    "activity-attribute.created",
    "activity-attribute.updated",
    "activity-record.created",
    "activity-record.deleted",
};

bool is_known_event_type(std::string_view event_type);

// Returns the known event type closest to `event_type` by edit distance when it is close
// enough to be a likely typo (for example `list_entry.created`), otherwise nothing.
std::optional<std::string> suggest_event_type(std::string_view event_type);

}  // namespace bridge::attio
