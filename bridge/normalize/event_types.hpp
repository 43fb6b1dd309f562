#pragma once

#include <array>
#include <string_view>

namespace bridge::normalize {

// The 34 event types Attio documents: 27 generally available and 7 beta `activity*` types.
// Other types are still published; this list only bounds metric label values.
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

// Returns `event_type` when it is one of kKnownEventTypes, otherwise "other".
std::string_view event_type_label(std::string_view event_type);

}  // namespace bridge::normalize
