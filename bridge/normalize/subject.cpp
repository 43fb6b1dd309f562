#include "bridge/normalize/subject.hpp"

#include <array>
#include <optional>
#include <utility>

#include "bridge/parse/event_fields.hpp"

namespace bridge::normalize {
namespace {

// One path segment: a literal collection name followed by the value of an `id` key.
struct Segment {
  std::string_view collection;
  std::string_view id_key;
};

struct FamilyPath {
  std::string_view family;
  std::array<Segment, 2> segments;
  std::size_t segment_count;
};

// The subject path of each event family Attio documents.
constexpr std::array<FamilyPath, 14> kFamilyPaths = {{
    {"record", {{{"objects", "object_id"}, {"records", "record_id"}}}, 2},
    {"list-entry", {{{"lists", "list_id"}, {"entries", "entry_id"}}}, 2},
    {"note", {{{"notes", "note_id"}, {}}}, 1},
    {"note-content", {{{"notes", "note_id"}, {}}}, 1},
    {"task", {{{"tasks", "task_id"}, {}}}, 1},
    {"comment", {{{"comments", "comment_id"}, {}}}, 1},
    {"list", {{{"lists", "list_id"}, {}}}, 1},
    {"object-attribute", {{{"objects", "object_id"}, {"attributes", "attribute_id"}}}, 2},
    {"list-attribute", {{{"lists", "list_id"}, {"attributes", "attribute_id"}}}, 2},
    {"workspace-member", {{{"workspace-members", "workspace_member_id"}, {}}}, 1},
    {"call-recording", {{{"meetings", "meeting_id"}, {"call-recordings", "call_recording_id"}}}, 2},
    {"activity", {{{"activities", "activity_id"}, {}}}, 1},
    {"activity-attribute", {{{"activities", "activity_id"}, {"attributes", "attribute_id"}}}, 2},
    {"activity-record", {{{"activities", "activity_id"}, {"records", "record_id"}}}, 2},
}};

std::optional<std::string> build_family_subject(const FamilyPath& path,
                                                const rapidjson::Value& ids) {
  std::string subject;
  for (std::size_t i = 0; i < path.segment_count; ++i) {
    const std::string_view value = parse::string_member(ids, path.segments[i].id_key);
    if (value.empty()) {
      return std::nullopt;
    }
    if (!subject.empty()) {
      subject.push_back('/');
    }
    subject.append(path.segments[i].collection).push_back('/');
    subject.append(value);
  }
  return subject;
}

std::string build_generic_subject(const rapidjson::Value& ids) {
  std::string subject;
  if (!ids.IsObject()) {
    return subject;
  }
  for (const auto& member : ids.GetObject()) {
    const std::string_view key(member.name.GetString(), member.name.GetStringLength());
    if (key == "workspace_id" || !member.value.IsString()) {
      continue;
    }
    if (!subject.empty()) {
      subject.push_back('/');
    }
    subject.append(key).push_back('/');
    subject.append(member.value.GetString(), member.value.GetStringLength());
  }
  return subject;
}

}  // namespace

std::string build_subject(std::string_view event_type, const rapidjson::Value& ids) {
  const std::string_view family = event_type.substr(0, event_type.find('.'));
  for (const FamilyPath& path : kFamilyPaths) {
    if (path.family != family) {
      continue;
    }
    if (auto subject = build_family_subject(path, ids)) {
      return std::move(*subject);
    }
    break;
  }
  return build_generic_subject(ids);
}

}  // namespace bridge::normalize
