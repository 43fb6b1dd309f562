#include "bridge/attio/yaml_to_json.hpp"

#include <cerrno>
#include <cstdlib>
#include <regex>
#include <set>

namespace bridge::attio {
namespace {

const std::string kStringTag = "tag:yaml.org,2002:str";

std::string line_of(const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  if (mark.line < 0) {
    return "";
  }
  return " (line " + std::to_string(mark.line + 1) + ")";
}

void convert_plain_scalar(const std::string& text, rapidjson::Value& out,
                          rapidjson::Document::AllocatorType& allocator) {
  static const std::regex kNull("null|Null|NULL|~|");
  static const std::regex kTrue("true|True|TRUE");
  static const std::regex kFalse("false|False|FALSE");
  static const std::regex kInteger("[-+]?[0-9]+");
  static const std::regex kFloat(
      "[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)"
      "|0o[0-7]+|0x[0-9a-fA-F]+");

  if (std::regex_match(text, kNull)) {
    out.SetNull();
  } else if (std::regex_match(text, kTrue)) {
    out.SetBool(true);
  } else if (std::regex_match(text, kFalse)) {
    out.SetBool(false);
  } else if (std::regex_match(text, kInteger)) {
    errno = 0;
    const long long number = std::strtoll(text.c_str(), nullptr, 10);
    if (errno == 0) {
      out.SetInt64(number);
    } else {
      out.SetDouble(std::strtod(text.c_str(), nullptr));
    }
  } else if (std::regex_match(text, kFloat)) {
    // Only the type matters to the validator, which rejects numbers where it needs text.
    out.SetDouble(0.0);
  } else {
    out.SetString(text, allocator);
  }
}

}  // namespace

void convert_yaml_to_json(const YAML::Node& node, const std::string& path, rapidjson::Value& out,
                          rapidjson::Document::AllocatorType& allocator,
                          std::vector<std::string>& errors) {
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      out.SetNull();
      return;

    case YAML::NodeType::Scalar:
      if (node.Tag() == "!" || node.Tag() == kStringTag) {
        out.SetString(node.Scalar(), allocator);
      } else {
        convert_plain_scalar(node.Scalar(), out, allocator);
      }
      return;

    case YAML::NodeType::Sequence: {
      out.SetArray();
      std::size_t index = 0;
      for (const YAML::Node& element : node) {
        rapidjson::Value converted;
        convert_yaml_to_json(element, path + "[" + std::to_string(index) + "]", converted,
                             allocator, errors);
        out.PushBack(converted, allocator);
        ++index;
      }
      return;
    }

    case YAML::NodeType::Map: {
      out.SetObject();
      std::set<std::string> seen;
      for (const auto& entry : node) {
        if (!entry.first.IsScalar()) {
          errors.push_back((path.empty() ? std::string("(top level)") : path) +
                           ": a mapping key must be a scalar (plain text)" + line_of(entry.first));
          continue;
        }
        const std::string key = entry.first.Scalar();
        const std::string member_path = path.empty() ? key : path + "." + key;
        if (!seen.insert(key).second) {
          errors.push_back(member_path + ": key appears more than once" + line_of(entry.first));
          continue;
        }
        rapidjson::Value converted;
        convert_yaml_to_json(entry.second, member_path, converted, allocator, errors);
        out.AddMember(rapidjson::Value(key, allocator), converted, allocator);
      }
      return;
    }
  }
}

}  // namespace bridge::attio
