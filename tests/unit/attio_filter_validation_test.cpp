#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <string>
#include <vector>

#include "bridge/attio/event_types.hpp"
#include "bridge/attio/subscription_input.hpp"
#include "bridge/attio/subscription_validation.hpp"

namespace bridge::attio {
namespace {

std::vector<std::string> filter_errors(const std::string& filter_json) {
  rapidjson::Document filter;
  filter.Parse(filter_json);
  EXPECT_FALSE(filter.HasParseError()) << filter_json;
  std::vector<std::string> errors;
  validate_filter(filter, "filter", errors);
  return errors;
}

struct BadFilterCase {
  const char* filter_json;
  const char* expected_error;
};

TEST(AttioFilterValidation, RejectsBadFiltersWithPath) {
  const std::vector<BadFilterCase> cases = {
      {R"("id.object_id")",
       "filter: expected null or an object, got a string; a filter is null or an object with "
       "exactly one key, $and or $or, whose value is a non-empty array of {field, operator, "
       "value}"},
      {R"([])",
       "filter: expected null or an object, got an array; a filter is null or an "
       "object with exactly one key, $and or $or, whose value is a non-empty array of "
       "{field, operator, value}"},
      {R"({})",
       "filter: has 0 keys; use null for no filtering, otherwise exactly one key, $and "
       "or $or"},
      {R"({"$and":[{"field":"a","operator":"equals","value":"b"}],"$or":[]})",
       "filter: has 2 keys ($and, $or); use null for no filtering, otherwise exactly one key, "
       "$and or $or"},
      {R"({"$not":[{"field":"a","operator":"equals","value":"b"}]})",
       "filter.$not: unknown key; a filter is null or an object with exactly one key, $and or "
       "$or, whose value is a non-empty array of {field, operator, value}"},
      {R"({"object":{"$eq":"deals"}})",
       "filter.object: unknown key; a filter is null or an object with exactly one key, $and "
       "or $or, whose value is a non-empty array of {field, operator, value}"},
      {R"({"$and":[]})",
       "filter.$and: expected a non-empty array of conditions, got an empty "
       "array"},
      {R"({"$or":{"field":"a","operator":"equals","value":"b"}})",
       "filter.$or: expected a non-empty array of conditions, got an object"},
      {R"({"$and":["id.object_id"]})",
       "filter.$and[0]: expected an object {field, operator, value}, got a string"},
      {R"({"$and":[{"field":"a","operator":"equals","value":"b"},{"field":"c","operator":"contains","value":"d"}]})",
       "filter.$and[1].operator: \"contains\" is not supported; use equals or not_equals"},
      {R"({"$and":[{"field":"a","operator":"$eq","value":"b"}]})",
       "filter.$and[0].operator: \"$eq\" is not supported; use equals or not_equals"},
      {R"({"$and":[{"field":"a","operator":"equals"}]})",
       "filter.$and[0].value: missing; a condition needs field, operator and value"},
      {R"({"$and":[{"operator":"equals","value":"b"}]})",
       "filter.$and[0].field: missing; a condition needs field, operator and value"},
      {R"({"$and":[{"field":"a","operator":"equals","value":42}]})",
       "filter.$and[0].value: must be a string, not a number (in YAML, put it in quotes)"},
      {R"({"$and":[{"field":"a","operator":"equals","value":null}]})",
       "filter.$and[0].value: must be a string, not null (in YAML, put it in quotes)"},
      {R"({"$and":[{"field":"a","operator":true,"value":"b"}]})",
       "filter.$and[0].operator: must be a string, not a boolean (in YAML, put it in quotes)"},
      {R"({"$and":[{"field":"","operator":"equals","value":"b"}]})",
       "filter.$and[0].field: must not be empty; name a path into the event such as "
       "id.object_id"},
      {R"({"$and":[{"field":"a","operator":"equals","value":"b","note":"x"}]})",
       "filter.$and[0].note: unknown key; a condition has only field, operator and value"},
      {R"({"$or":[{"$and":[{"field":"a","operator":"equals","value":"b"}]}]})",
       "filter.$or[0].$and: nested $and/$or is not supported; Attio filters have one level of "
       "conditions"},
  };

  for (const BadFilterCase& test_case : cases) {
    const std::vector<std::string> errors = filter_errors(test_case.filter_json);
    ASSERT_FALSE(errors.empty()) << test_case.filter_json;
    EXPECT_EQ(errors.front(), test_case.expected_error) << test_case.filter_json;
  }
}

TEST(AttioFilterValidation, ReportsEveryBadCondition) {
  const auto errors = filter_errors(
      R"({"$and":[{"field":"a","operator":"in","value":"b"},{"field":"c","operator":"equals","value":1}]})");
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0],
            "filter.$and[0].operator: \"in\" is not supported; use equals or not_equals");
  EXPECT_EQ(errors[1],
            "filter.$and[1].value: must be a string, not a number (in YAML, put it in quotes)");
}

TEST(AttioFilterValidation, AcceptsAttioFilters) {
  const std::vector<std::string> good = {
      "null",
      R"({"$and":[{"field":"id.object_id","operator":"equals","value":"7572f6e2-9369-4605-b87d-1c9176e33843"}]})",
      R"({"$or":[{"field":"id.list_id","operator":"equals","value":"a"},{"field":"id.list_id","operator":"equals","value":"b"}]})",
      R"({"$and":[{"field":"actor.type","operator":"not_equals","value":"api-token"}]})",
  };
  for (const std::string& filter : good) {
    EXPECT_TRUE(filter_errors(filter).empty()) << filter;
  }
}

TEST(AttioEventTypes, KnowsAll34) {
  EXPECT_EQ(kKnownEventTypes.size(), 34u);
  EXPECT_TRUE(is_known_event_type("record.created"));
  EXPECT_TRUE(is_known_event_type("note-content.updated"));
  EXPECT_TRUE(is_known_event_type("activity-record.deleted"));
  EXPECT_FALSE(is_known_event_type("task.completed"));
  EXPECT_FALSE(is_known_event_type("list_entry.created"));
}

TEST(AttioEventTypes, UnknownTypeSuggestsSpelling) {
  std::vector<std::string> errors;
  validate_event_type("list_entry.created", "event_type", {}, errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "event_type: \"list_entry.created\" is not a known Attio event type (did you mean "
            "list-entry.created?); pass --allow-unknown-event-types for types newer than this "
            "program");

  errors.clear();
  ValidationOptions options;
  options.allow_unknown_event_types = true;
  validate_event_type("record.restored", "event_type", options, errors);
  EXPECT_TRUE(errors.empty());
}

TEST(AttioTargetUrl, RequiresHttps) {
  struct Case {
    const char* url;
    bool allow_http;
    bool valid;
  };
  const std::vector<Case> cases = {
      {"https://bridge.example.com/webhooks/attio", false, true},
      {"http://bridge.example.com/webhooks/attio", false, false},
      {"http://127.0.0.1:8080/webhooks/attio", true, true},
      {"ftp://bridge.example.com/", true, false},
      {"https://", false, false},
      {"https:///path", false, false},
      {"https://bridge.example.com/a b", false, false},
      {"https://bridge.example.com/#part", false, false},
      {"", false, false},
  };
  for (const Case& test_case : cases) {
    std::vector<std::string> errors;
    ValidationOptions options;
    options.allow_http_target = test_case.allow_http;
    validate_target_url(test_case.url, "target_url", options, errors);
    EXPECT_EQ(errors.empty(), test_case.valid) << test_case.url;
  }
}

TEST(AttioSubscriptionArgument, ParsesEventAndFilter) {
  std::vector<std::string> errors;
  const auto plain = parse_subscription_argument("record.created", 0, {}, errors);
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(plain->event_type, "record.created");
  EXPECT_EQ(plain->filter_json, "null");

  const auto filtered = parse_subscription_argument(
      R"(record.updated={"$and":[{"field":"actor.type","operator":"not_equals","value":"api-token"}]})",
      1, {}, errors);
  ASSERT_TRUE(filtered.has_value());
  EXPECT_EQ(filtered->event_type, "record.updated");
  EXPECT_EQ(filtered->filter_json,
            R"({"$and":[{"field":"actor.type","operator":"not_equals","value":"api-token"}]})");
  EXPECT_TRUE(errors.empty());
}

TEST(AttioSubscriptionArgument, ReportsInvalidJsonAndPath) {
  std::vector<std::string> errors;
  EXPECT_FALSE(parse_subscription_argument("record.updated={\"$and\":[", 2, {}, errors));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_TRUE(errors[0].starts_with("--subscription[2].filter: invalid JSON at offset"))
      << errors[0];

  errors.clear();
  EXPECT_FALSE(parse_subscription_argument(
      R"(record.updated={"$or":[{"field":"a","operator":"contains","value":"b"}]})", 0, {},
      errors));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "--subscription[0].filter.$or[0].operator: \"contains\" is not supported; use equals "
            "or not_equals");
}

}  // namespace
}  // namespace bridge::attio
