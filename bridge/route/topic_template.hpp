#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace bridge::route {

// The values a topic template can name.
struct TopicFields {
  std::string_view event_type;
  std::string_view workspace_id;
  std::string_view object;  // api slug of the event's object; used by {object}
  std::string_view list;    // api slug of the event's list; used by {list}
};

// A parsed topic template such as "attio.{event_type}". Placeholders: {event_type},
// {resource} (the part of the event type before the first dot) and {workspace_id}; with
// `allow_slugs`, also {object} and {list}, the api slugs that enrichment resolves.
class TopicTemplate {
 public:
  // Parses `text`; on failure returns a message naming the problem.
  static std::variant<TopicTemplate, std::string> parse(std::string_view text,
                                                        bool allow_slugs = false);

  // Fills in the placeholders and replaces every character outside [A-Za-z0-9._-] with '_'.
  std::string render(const TopicFields& fields) const;

 private:
  enum class Part { kLiteral, kEventType, kResource, kWorkspaceId, kObject, kList };
  struct Piece {
    Part part;
    std::string literal;
  };
  std::vector<Piece> pieces_;
};

// Maximum topic name length Kafka accepts.
inline constexpr std::size_t kMaxTopicLength = 249;

// Returns true when Kafka accepts `topic` as a topic name: 1 to 249 characters of
// [A-Za-z0-9._-], and neither "." nor "..".
bool is_valid_topic_name(std::string_view topic);

}  // namespace bridge::route
