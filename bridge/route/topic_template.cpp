#include "bridge/route/topic_template.hpp"

namespace bridge::route {
namespace {

bool is_topic_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

}  // namespace

std::variant<TopicTemplate, std::string> TopicTemplate::parse(std::string_view text,
                                                              bool allow_slugs) {
  if (text.empty()) {
    return std::string("the topic template is empty");
  }
  TopicTemplate result;
  std::size_t position = 0;
  while (position < text.size()) {
    const std::size_t open = text.find('{', position);
    const std::size_t close_before = text.find('}', position);
    if (close_before < open) {
      return "unmatched '}' at offset " + std::to_string(close_before);
    }
    if (open == std::string_view::npos) {
      result.pieces_.push_back({Part::kLiteral, std::string(text.substr(position))});
      break;
    }
    if (open > position) {
      result.pieces_.push_back(
          {Part::kLiteral, std::string(text.substr(position, open - position))});
    }
    const std::size_t close = text.find('}', open);
    if (close == std::string_view::npos) {
      return "unmatched '{' at offset " + std::to_string(open);
    }
    const std::string_view name = text.substr(open + 1, close - open - 1);
    if (name == "event_type") {
      result.pieces_.push_back({Part::kEventType, {}});
    } else if (name == "resource") {
      result.pieces_.push_back({Part::kResource, {}});
    } else if (name == "workspace_id") {
      result.pieces_.push_back({Part::kWorkspaceId, {}});
    } else if ((name == "object" || name == "list") && !allow_slugs) {
      return "placeholder {" + std::string(name) +
             "} needs api slugs, which only enrichment resolves; turn on --enrich "
             "(BRIDGE_ENRICH=true) or use {event_type}, {resource} or {workspace_id}";
    } else if (name == "object") {
      result.pieces_.push_back({Part::kObject, {}});
    } else if (name == "list") {
      result.pieces_.push_back({Part::kList, {}});
    } else {
      return "unknown placeholder {" + std::string(name) + "}; use {event_type}, {resource} or " +
             (allow_slugs ? "{workspace_id}, {object}, {list}" : "{workspace_id}");
    }
    position = close + 1;
  }
  return result;
}

std::string TopicTemplate::render(const TopicFields& fields) const {
  std::string topic;
  for (const Piece& piece : pieces_) {
    switch (piece.part) {
      case Part::kLiteral:
        topic.append(piece.literal);
        break;
      case Part::kEventType:
        topic.append(fields.event_type);
        break;
      case Part::kResource:
        topic.append(fields.event_type.substr(0, fields.event_type.find('.')));
        break;
      case Part::kWorkspaceId:
        topic.append(fields.workspace_id);
        break;
      case Part::kObject:
        topic.append(fields.object);
        break;
      case Part::kList:
        topic.append(fields.list);
        break;
    }
  }
  for (char& c : topic) {
    if (!is_topic_char(c)) {
      c = '_';
    }
  }
  return topic;
}

bool is_valid_topic_name(std::string_view topic) {
  if (topic.empty() || topic.size() > kMaxTopicLength || topic == "." || topic == "..") {
    return false;
  }
  for (const char c : topic) {
    if (!is_topic_char(c)) {
      return false;
    }
  }
  return true;
}

}  // namespace bridge::route
