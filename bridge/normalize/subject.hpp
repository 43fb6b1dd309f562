#pragma once

#include <rapidjson/document.h>

#include <string>
#include <string_view>

namespace bridge::normalize {

// Builds the CloudEvents `subject` of an event: the path of the Attio resource it is about,
// e.g. "objects/{object_id}/records/{record_id}" for `record.*`. The family is the part of
// `event_type` before the first dot. For an unknown family, or a known one whose ids are
// missing, the subject is the `key/value` pairs of `ids` other than `workspace_id`, in
// document order, joined by '/'; members that are not strings are skipped.
std::string build_subject(std::string_view event_type, const rapidjson::Value& ids);

}  // namespace bridge::normalize
