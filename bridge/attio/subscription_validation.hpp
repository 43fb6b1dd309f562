#pragma once

#include <rapidjson/document.h>

#include <string>
#include <vector>

namespace bridge::attio {

// Switches for the checks that Attio itself would apply.
struct ValidationOptions {
  // Accept http:// target URLs. Attio only accepts https://, so this is for fake APIs.
  bool allow_http_target = false;
  // Accept event types missing from the 34 known ones, for types Attio adds later.
  bool allow_unknown_event_types = false;
};

// Each function below appends one message per problem to `errors`. A message starts with
// `path` (for example `webhooks[1].subscriptions[0].filter.$and[2].operator`), names the
// bad value and states what is accepted.

// Checks Attio's filter syntax: null, or an object with exactly one key, `$and` or `$or`,
// whose value is a non-empty array of `{field, operator, value}` objects with string
// values, operator `equals` or `not_equals`, and no nesting.
void validate_filter(const rapidjson::Value& filter, const std::string& path,
                     std::vector<std::string>& errors);

void validate_event_type(const std::string& event_type, const std::string& path,
                         const ValidationOptions& options, std::vector<std::string>& errors);

// Checks that the URL is https:// (or http:// when allowed) with a host and no whitespace.
void validate_target_url(const std::string& target_url, const std::string& path,
                         const ValidationOptions& options, std::vector<std::string>& errors);

// Returns "a string", "a number", "null" and so on, for messages.
std::string describe_json_type(const rapidjson::Value& value);

}  // namespace bridge::attio
