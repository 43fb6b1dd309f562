#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bridge/attio/desired_state.hpp"

namespace bridge::attio {
namespace {

std::vector<std::string> errors_of(const std::string& yaml) {
  auto result = parse_desired_state(yaml, "webhooks.yaml", {});
  if (result) {
    return {};
  }
  return result.error();
}

TEST(AttioDesiredState, ParsesWebhooksAndFilters) {
  const std::string yaml = R"(
webhooks:
  - target_url: https://bridge.example.com/webhooks/attio
    subscriptions:
      - event_type: record.created
      - event_type: record.updated
        filter:
          $and:
            - {field: id.object_id, operator: equals, value: "7572f6e2-9369-4605-b87d-1c9176e33843"}
            - {field: actor.type, operator: not_equals, value: api-token}
  - target_url: https://other.example.com/hook
    subscriptions:
      - event_type: note.created
        filter: null
)";
  auto result = parse_desired_state(yaml, "webhooks.yaml", {});
  ASSERT_TRUE(result.has_value()) << result.error().front();
  const auto& webhooks = result.value();
  ASSERT_EQ(webhooks.size(), 2u);
  EXPECT_EQ(webhooks[0].target_url, "https://bridge.example.com/webhooks/attio");
  ASSERT_EQ(webhooks[0].subscriptions.size(), 2u);
  EXPECT_EQ(webhooks[0].subscriptions[0].filter_json, "null");
  EXPECT_EQ(
      webhooks[0].subscriptions[1].filter_json,
      R"({"$and":[{"field":"id.object_id","operator":"equals","value":"7572f6e2-9369-4605-b87d-1c9176e33843"},{"field":"actor.type","operator":"not_equals","value":"api-token"}]})");
  EXPECT_EQ(webhooks[1].subscriptions[0].filter_json, "null");
}

TEST(AttioDesiredState, PointsAtBadOperator) {
  const std::string yaml = R"(
webhooks:
  - target_url: https://a.example.com/hook
    subscriptions: [{event_type: record.created}]
  - target_url: https://b.example.com/hook
    subscriptions:
      - event_type: record.updated
        filter:
          $and:
            - {field: id.object_id, operator: equals, value: x}
            - {field: actor.type, operator: equals, value: system}
            - {field: actor.id, operator: contains, value: y}
)";
  const auto errors = errors_of(yaml);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "webhooks.yaml: webhooks[1].subscriptions[0].filter.$and[2].operator: \"contains\" is "
            "not supported; use equals or not_equals");
}

TEST(AttioDesiredState, RejectsDuplicateTargetUrl) {
  const std::string yaml = R"(
webhooks:
  - target_url: https://a.example.com/hook
    subscriptions: [{event_type: record.created}]
  - target_url: https://a.example.com/hook
    subscriptions: [{event_type: record.deleted}]
)";
  const auto errors = errors_of(yaml);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "webhooks.yaml: webhooks[1].target_url: \"https://a.example.com/hook\" is already "
            "used by webhooks[0]; merge their subscriptions into one entry");
}

TEST(AttioDesiredState, UnquotedNumberIsNotAString) {
  const std::string yaml = R"(
webhooks:
  - target_url: https://a.example.com/hook
    subscriptions:
      - event_type: record.updated
        filter: {$or: [{field: id.attribute_id, operator: equals, value: 12345}]}
)";
  const auto errors = errors_of(yaml);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "webhooks.yaml: webhooks[0].subscriptions[0].filter.$or[0].value: must be a string, "
            "not a number (in YAML, put it in quotes)");
}

TEST(AttioDesiredState, RejectsUnknownKeysAndEmptyLists) {
  const std::string yaml = R"(
webhook:
  - {}
webhooks:
  - target_url: https://a.example.com/hook
    subscription: [{event_type: record.created}]
  - target_url: http://b.example.com/hook
    subscriptions: []
  - target_url: https://c.example.com/hook
    subscriptions:
      - {event_type: record.created, filtr: null}
      - {event_type: task.completed}
      - {event_type: record.created}
      - {event_type: record.created}
)";
  const auto errors = errors_of(yaml);
  const std::vector<std::string> expected = {
      "webhooks.yaml: webhook: unknown key; the file has only the key webhooks",
      "webhooks.yaml: webhooks[0].subscription: unknown key; a webhook has only target_url and "
      "subscriptions",
      "webhooks.yaml: webhooks[0].subscriptions: missing; list at least one event_type",
      "webhooks.yaml: webhooks[1].target_url: \"http://b.example.com/hook\" must start with "
      "https:// because Attio delivers webhooks only over HTTPS (--allow-http-target accepts "
      "http:// for local fake APIs)",
      "webhooks.yaml: webhooks[1].subscriptions: expected a non-empty list of {event_type, "
      "filter}",
      "webhooks.yaml: webhooks[2].subscriptions[0].filtr: unknown key; a subscription has only "
      "event_type and filter",
      "webhooks.yaml: webhooks[2].subscriptions[1].event_type: \"task.completed\" is not a "
      "known Attio event type; pass --allow-unknown-event-types for types newer than this "
      "program",
  };
  EXPECT_EQ(errors, expected);
}

TEST(AttioDesiredState, RejectsRepeatedSubscription) {
  const std::string yaml = R"(
webhooks:
  - target_url: https://a.example.com/hook
    subscriptions:
      - {event_type: record.created}
      - {event_type: record.created, filter: null}
)";
  const auto errors = errors_of(yaml);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "webhooks.yaml: webhooks[0].subscriptions[1]: repeats webhooks[0].subscriptions[0] "
            "(record.created with the same filter); remove one of them");
}

TEST(AttioDesiredState, ReportsYamlSyntaxWithLine) {
  const auto errors = errors_of("webhooks:\n  - target_url: [unclosed\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_TRUE(errors[0].starts_with("webhooks.yaml:")) << errors[0];
  EXPECT_NE(errors[0].find("invalid YAML"), std::string::npos) << errors[0];
}

TEST(AttioDesiredState, RejectsRepeatedYamlKey) {
  const auto errors = errors_of(
      "webhooks:\n  - target_url: https://a.example.com/x\n    target_url: "
      "https://b.example.com/x\n"
      "    subscriptions: [{event_type: record.created}]\n");
  ASSERT_FALSE(errors.empty());
  EXPECT_EQ(errors[0],
            "webhooks.yaml: webhooks[0].target_url: key appears more than once (line 3)");
}

TEST(AttioDesiredState, MissingFileNamesPath) {
  auto result = load_desired_state("/nonexistent/webhooks.yaml", {});
  ASSERT_FALSE(result.has_value());
  EXPECT_TRUE(result.error()[0].starts_with("/nonexistent/webhooks.yaml: cannot open"))
      << result.error()[0];
}

}  // namespace
}  // namespace bridge::attio
