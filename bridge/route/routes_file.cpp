#include "bridge/route/routes_file.hpp"

#include <yaml-cpp/yaml.h>

#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include "bridge/config/flags.hpp"

namespace bridge::route {
namespace {

constexpr std::string_view kMatchKeys =
    "event_type, object_id, list_id, attribute_id, actor_type, object, list, attribute";

// Builds errors that start with the file name and the place in it, e.g. "routes[2].match".
class ErrorContext {
 public:
  explicit ErrorContext(const std::string& path) : path_(path) {}

  [[noreturn]] void fail(const std::string& where, const std::string& problem) const {
    throw config::SettingsError(path_ + ": " + where + ": " + problem);
  }

 private:
  const std::string& path_;
};

std::string node_kind(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null:
      return "null";
    case YAML::NodeType::Scalar:
      return "a scalar";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a map";
    case YAML::NodeType::Undefined:
      break;
  }
  return "nothing";
}

// Returns the entries of a map node in order. Rejects keys that are not scalars, and duplicate
// keys, which YAML forbids but yaml-cpp 0.7 loads without complaint.
std::vector<std::pair<std::string, YAML::Node>> map_entries(const YAML::Node& map,
                                                            const ErrorContext& errors,
                                                            const std::string& where) {
  std::vector<std::pair<std::string, YAML::Node>> entries;
  std::set<std::string> seen;
  for (const auto& entry : map) {
    if (!entry.first.IsScalar()) {
      errors.fail(where, "every key must be a plain name, not " + node_kind(entry.first));
    }
    std::string key = entry.first.Scalar();
    if (!seen.insert(key).second) {
      errors.fail(where, "duplicate key \"" + key + "\"; keep one");
    }
    entries.emplace_back(std::move(key), entry.second);
  }
  return entries;
}

std::string read_text(const YAML::Node& node, const ErrorContext& errors,
                      const std::string& where) {
  if (!node.IsScalar() || node.Scalar().empty()) {
    errors.fail(where, "expected a non-empty string, found " + node_kind(node));
  }
  return node.Scalar();
}

bool is_hex(char c) {
  return std::isxdigit(static_cast<unsigned char>(c)) != 0;
}

// Attio ids are UUIDs in the 8-4-4-4-12 hex form; Attio writes them in lower case, so the
// value is lower-cased here to compare equal to what the payloads carry.
std::string read_uuid(const YAML::Node& node, const ErrorContext& errors,
                      const std::string& where) {
  std::string text = read_text(node, errors, where);
  bool valid = text.size() == 36;
  for (std::size_t i = 0; valid && i < text.size(); ++i) {
    const bool dash_position = i == 8 || i == 13 || i == 18 || i == 23;
    valid = dash_position ? text[i] == '-' : is_hex(text[i]);
  }
  if (!valid) {
    errors.fail(where, "\"" + text +
                           "\" is not an Attio id; expected a UUID such as "
                           "0d5f2a1c-9c3b-4e6a-8f00-2b1d4c5e6f70");
  }
  for (char& c : text) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return text;
}

// Api slugs are names such as "people" or "sales_pipeline": letters, digits, '_' and '-'.
std::string read_slug(const YAML::Node& node, const ErrorContext& errors,
                      const std::string& where) {
  std::string text = read_text(node, errors, where);
  for (const char c : text) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') {
      errors.fail(where, "\"" + text +
                             "\" is not an api slug; expected letters, digits, '_' or '-' "
                             "such as \"people\"");
    }
  }
  return text;
}

RouteMatch read_match(const YAML::Node& node, const ErrorContext& errors,
                      const std::string& where) {
  RouteMatch match;
  if (node.IsNull()) {
    return match;
  }
  if (!node.IsMap()) {
    errors.fail(where, "expected a map of match keys (" + std::string(kMatchKeys) + "), found " +
                           node_kind(node));
  }
  for (const auto& [key, value] : map_entries(node, errors, where)) {
    const std::string key_where = where + "." + key;
    if (key == "event_type") {
      match.event_type = read_text(value, errors, key_where);
    } else if (key == "object_id") {
      match.object_id = read_uuid(value, errors, key_where);
    } else if (key == "list_id") {
      match.list_id = read_uuid(value, errors, key_where);
    } else if (key == "attribute_id") {
      match.attribute_id = read_uuid(value, errors, key_where);
    } else if (key == "actor_type") {
      match.actor_type = read_text(value, errors, key_where);
    } else if (key == "object") {
      match.object = read_slug(value, errors, key_where);
    } else if (key == "list") {
      match.list = read_slug(value, errors, key_where);
    } else if (key == "attribute") {
      match.attribute = read_slug(value, errors, key_where);
    } else {
      errors.fail(where, "unknown key \"" + key + "\"; use " + std::string(kMatchKeys));
    }
  }
  return match;
}

RouteRule read_rule(const YAML::Node& node, const ErrorContext& errors, const std::string& where,
                    bool slug_lookup_available) {
  if (!node.IsMap()) {
    errors.fail(where, "expected a map with match and topic or drop, found " + node_kind(node));
  }
  RouteRule rule;
  bool has_match = false;
  bool has_drop = false;
  for (const auto& [key, value] : map_entries(node, errors, where)) {
    const std::string key_where = where + "." + key;
    if (key == "match") {
      rule.match = read_match(value, errors, key_where);
      has_match = true;
    } else if (key == "topic") {
      const std::string text = read_text(value, errors, key_where);
      auto parsed = TopicTemplate::parse(text, slug_lookup_available);
      if (const auto* problem = std::get_if<std::string>(&parsed)) {
        errors.fail(key_where, "invalid topic template \"" + text + "\": " + *problem);
      }
      rule.topic = std::get<TopicTemplate>(std::move(parsed));
    } else if (key == "drop") {
      bool drop = false;
      if (!value.IsScalar() || !YAML::convert<bool>::decode(value, drop) || !drop) {
        errors.fail(key_where,
                    "expected true; to publish matching events, remove drop and set topic");
      }
      rule.drop = true;
      has_drop = true;
    } else {
      errors.fail(where, "unknown key \"" + key + "\"; use match, topic or drop");
    }
  }

  if (!has_match) {
    errors.fail(where, "missing key \"match\"; use match: {} to match every event");
  }
  if (has_drop && rule.topic) {
    errors.fail(where, "has both topic and drop; keep one");
  }
  if (!has_drop && !rule.topic) {
    errors.fail(where, "missing key \"topic\"; set a topic template, or drop: true");
  }
  return rule;
}

}  // namespace

std::vector<RouteRule> parse_routes(const std::string& yaml_text, const std::string& path,
                                    bool slug_lookup_available) {
  const ErrorContext errors(path);
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::ParserException& error) {
    errors.fail("line " + std::to_string(error.mark.line + 1) + ", column " +
                    std::to_string(error.mark.column + 1),
                "invalid YAML: " + error.msg);
  }
  if (!root.IsMap()) {
    errors.fail("top level", "expected a map with a routes list, found " + node_kind(root));
  }

  std::vector<RouteRule> rules;
  bool has_routes = false;
  for (const auto& [key, value] : map_entries(root, errors, "top level")) {
    if (key != "routes") {
      errors.fail("top level", "unknown key \"" + key + "\"; the only key is routes");
    }
    has_routes = true;
    if (value.IsNull()) {
      continue;
    }
    if (!value.IsSequence()) {
      errors.fail("routes", "expected a list of rules, found " + node_kind(value));
    }
    for (std::size_t index = 0; index < value.size(); ++index) {
      rules.push_back(read_rule(value[index], errors, "routes[" + std::to_string(index) + "]",
                                slug_lookup_available));
    }
  }
  if (!has_routes) {
    errors.fail("top level", "missing key \"routes\"; add routes: with a list of rules");
  }
  return rules;
}

std::vector<RouteRule> load_routes_file(const std::string& path, bool slug_lookup_available) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    throw config::SettingsError("cannot read the routes file " + path +
                                "; check --config (BRIDGE_CONFIG) and the file's permissions");
  }
  std::ostringstream text;
  text << file.rdbuf();
  return parse_routes(text.str(), path, slug_lookup_available);
}

}  // namespace bridge::route
