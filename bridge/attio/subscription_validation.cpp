#include "bridge/attio/subscription_validation.hpp"

#include <algorithm>
#include <string_view>

#include "bridge/attio/event_types.hpp"

namespace bridge::attio {
namespace {

constexpr std::string_view kFilterShape =
    "a filter is null or an object with exactly one key, $and or $or, whose value is a "
    "non-empty array of {field, operator, value}";

std::string member_name(const rapidjson::Value& name) {
  return std::string(name.GetString(), name.GetStringLength());
}

void validate_condition(const rapidjson::Value& condition, const std::string& path,
                        std::vector<std::string>& errors) {
  if (!condition.IsObject()) {
    errors.push_back(path + ": expected an object {field, operator, value}, got " +
                     describe_json_type(condition));
    return;
  }

  for (const auto& member : condition.GetObject()) {
    const std::string name = member_name(member.name);
    if (name == "field" || name == "operator" || name == "value") {
      continue;
    }
    if (name == "$and" || name == "$or") {
      errors.push_back(path + "." + name +
                       ": nested $and/$or is not supported; Attio filters have one level of "
                       "conditions");
    } else {
      errors.push_back(path + "." + name +
                       ": unknown key; a condition has only field, operator and value");
    }
  }

  for (const char* required : {"field", "operator", "value"}) {
    const std::string member_path = path + "." + required;
    const auto member = condition.FindMember(required);
    if (member == condition.MemberEnd()) {
      errors.push_back(member_path + ": missing; a condition needs field, operator and value");
      continue;
    }
    if (!member->value.IsString()) {
      errors.push_back(member_path + ": must be a string, not " +
                       describe_json_type(member->value) + " (in YAML, put it in quotes)");
      continue;
    }
    const std::string_view text(member->value.GetString(), member->value.GetStringLength());
    if (std::string_view(required) == "field" && text.empty()) {
      errors.push_back(member_path +
                       ": must not be empty; name a path into the event such as id.object_id");
    }
    if (std::string_view(required) == "operator" && text != "equals" && text != "not_equals") {
      errors.push_back(member_path + ": \"" + std::string(text) +
                       "\" is not supported; use equals or not_equals");
    }
  }
}

}  // namespace

std::string describe_json_type(const rapidjson::Value& value) {
  switch (value.GetType()) {
    case rapidjson::kNullType:
      return "null";
    case rapidjson::kFalseType:
    case rapidjson::kTrueType:
      return "a boolean";
    case rapidjson::kObjectType:
      return "an object";
    case rapidjson::kArrayType:
      return "an array";
    case rapidjson::kStringType:
      return "a string";
    case rapidjson::kNumberType:
      return "a number";
  }
  return "an unknown type";
}

void validate_filter(const rapidjson::Value& filter, const std::string& path,
                     std::vector<std::string>& errors) {
  if (filter.IsNull()) {
    return;
  }
  if (!filter.IsObject()) {
    errors.push_back(path + ": expected null or an object, got " + describe_json_type(filter) +
                     "; " + std::string(kFilterShape));
    return;
  }
  if (filter.MemberCount() != 1) {
    std::string keys;
    for (const auto& member : filter.GetObject()) {
      keys += (keys.empty() ? "" : ", ") + member_name(member.name);
    }
    errors.push_back(path + ": has " + std::to_string(filter.MemberCount()) + " keys" +
                     (keys.empty() ? "" : " (" + keys + ")") +
                     "; use null for no filtering, otherwise exactly one key, $and or $or");
    return;
  }

  const auto& member = *filter.MemberBegin();
  const std::string combinator = member_name(member.name);
  const std::string combinator_path = path + "." + combinator;
  if (combinator != "$and" && combinator != "$or") {
    errors.push_back(combinator_path + ": unknown key; " + std::string(kFilterShape));
    return;
  }
  if (!member.value.IsArray() || member.value.Empty()) {
    errors.push_back(combinator_path + ": expected a non-empty array of conditions, got " +
                     (member.value.IsArray() ? std::string("an empty array")
                                             : describe_json_type(member.value)));
    return;
  }

  rapidjson::SizeType index = 0;
  for (const auto& condition : member.value.GetArray()) {
    validate_condition(condition, combinator_path + "[" + std::to_string(index) + "]", errors);
    ++index;
  }
}

void validate_event_type(const std::string& event_type, const std::string& path,
                         const ValidationOptions& options, std::vector<std::string>& errors) {
  if (event_type.empty()) {
    errors.push_back(path + ": must not be empty; name an Attio event type such as record.created");
    return;
  }
  if (options.allow_unknown_event_types || is_known_event_type(event_type)) {
    return;
  }
  std::string message = path + ": \"" + event_type + "\" is not a known Attio event type";
  if (const auto suggestion = suggest_event_type(event_type)) {
    message += " (did you mean " + *suggestion + "?)";
  }
  message += "; pass --allow-unknown-event-types for types newer than this program";
  errors.push_back(std::move(message));
}

void validate_target_url(const std::string& target_url, const std::string& path,
                         const ValidationOptions& options, std::vector<std::string>& errors) {
  const bool has_blank = std::any_of(target_url.begin(), target_url.end(), [](char c) {
    return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f;
  });
  if (has_blank) {
    errors.push_back(path + ": \"" + target_url +
                     "\" contains whitespace or control characters; percent-encode them");
    return;
  }

  std::string_view rest;
  if (target_url.starts_with("https://")) {
    rest = std::string_view(target_url).substr(8);
  } else if (options.allow_http_target && target_url.starts_with("http://")) {
    rest = std::string_view(target_url).substr(7);
  } else {
    errors.push_back(path + ": \"" + target_url +
                     "\" must start with https:// because Attio delivers webhooks only over "
                     "HTTPS (--allow-http-target accepts http:// for local fake APIs)");
    return;
  }

  if (rest.empty() || rest.front() == '/' || rest.front() == '?' || rest.front() == '#') {
    errors.push_back(path + ": \"" + target_url + "\" has no host name");
    return;
  }
  if (rest.find('#') != std::string_view::npos) {
    errors.push_back(path + ": \"" + target_url +
                     "\" contains a fragment (#...); Attio posts to the URL without it");
  }
}

}  // namespace bridge::attio
