#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "bridge/config/flags.hpp"
#include "bridge/route/routes_file.hpp"

namespace bridge::route {
namespace {

constexpr const char* kPath = "routes.yaml";

// Returns the SettingsError message of parsing `yaml`, or "" when it parses.
std::string error_of(const std::string& yaml, bool slugs = false) {
  try {
    parse_routes(yaml, kPath, slugs);
  } catch (const config::SettingsError& error) {
    return error.what();
  }
  return "";
}

TEST(RoutesFile, ReadsRulesInOrder) {
  const auto rules = parse_routes(R"(
routes:
  - match: {event_type: "record.*", object_id: "F4187059-10E0-408A-B6B8-9A2FEC29935A"}
    topic: "crm.deals.{event_type}"
  - match: {event_type: "note-content.updated"}
    drop: true
  - match: {}
    topic: attio.other
)",
                                  kPath, false);
  ASSERT_EQ(rules.size(), 3U);
  EXPECT_EQ(rules[0].match.event_type, "record.*");
  EXPECT_EQ(rules[0].match.object_id, "f4187059-10e0-408a-b6b8-9a2fec29935a");
  EXPECT_FALSE(rules[0].drop);
  ASSERT_TRUE(rules[0].topic.has_value());
  EXPECT_EQ(rules[0].topic->render({"record.created", "w", {}, {}}), "crm.deals.record.created");
  EXPECT_TRUE(rules[1].drop);
  EXPECT_FALSE(rules[1].topic.has_value());
  EXPECT_FALSE(rules[2].match.event_type.has_value());
}

TEST(RoutesFile, ReadsEveryMatchKey) {
  const auto rules = parse_routes(R"(
routes:
  - match:
      event_type: list-entry.updated
      object_id: f4187059-10e0-408a-b6b8-9a2fec29935a
      list_id: 088cae00-d899-4262-8751-8b9a7626918e
      attribute_id: 495f242e-654b-468e-a2b1-bcb3325df09e
      actor_type: api-token
      object: people
      list: sales_pipeline
      attribute: stage
    drop: true
)",
                                  kPath, false);
  ASSERT_EQ(rules.size(), 1U);
  const RouteMatch& match = rules[0].match;
  EXPECT_EQ(match.list_id, "088cae00-d899-4262-8751-8b9a7626918e");
  EXPECT_EQ(match.attribute_id, "495f242e-654b-468e-a2b1-bcb3325df09e");
  EXPECT_EQ(match.actor_type, "api-token");
  EXPECT_EQ(match.object, "people");
  EXPECT_EQ(match.list, "sales_pipeline");
  EXPECT_EQ(match.attribute, "stage");
}

TEST(RoutesFile, NullMatchMatchesAll) {
  const auto rules = parse_routes("routes:\n  - match:\n    topic: all\n", kPath, false);
  ASSERT_EQ(rules.size(), 1U);
  EXPECT_FALSE(rules[0].match.event_type.has_value());
}

TEST(RoutesFile, EmptyRoutesListIsValid) {
  EXPECT_TRUE(parse_routes("routes: []\n", kPath, false).empty());
}

TEST(RoutesFile, UnknownMatchKeyNamesRuleAndKey) {
  const std::string error = error_of(R"(
routes:
  - match: {event_type: "a"}
    topic: a
  - match: {event_type: "b"}
    topic: b
  - match: {objectid: "x"}
    topic: c
)");
  EXPECT_EQ(
      error.rfind("routes.yaml: routes[2].match: unknown key \"objectid\"; use event_type, ", 0),
      0U)
      << error;
}

TEST(RoutesFile, UnknownTopLevelKeyRejected) {
  const std::string error = error_of("routes: []\nroute: []\n");
  EXPECT_EQ(error, "routes.yaml: top level: unknown key \"route\"; the only key is routes");
}

TEST(RoutesFile, MissingRoutesKeyRejected) {
  EXPECT_NE(error_of("{}\n").find("missing key \"routes\""), std::string::npos);
}

TEST(RoutesFile, EmptyFileRejected) {
  EXPECT_NE(error_of("").find("expected a map with a routes list"), std::string::npos);
}

TEST(RoutesFile, RoutesNotAListRejected) {
  EXPECT_NE(error_of("routes: {a: 1}\n").find("routes: expected a list of rules"),
            std::string::npos);
}

TEST(RoutesFile, RuleWithoutMatchRejected) {
  EXPECT_EQ(error_of("routes:\n  - topic: a\n"),
            "routes.yaml: routes[0]: missing key \"match\"; use match: {} to match every event");
}

TEST(RoutesFile, RuleWithoutTopicOrDropRejected) {
  EXPECT_NE(error_of("routes:\n  - match: {}\n").find("routes[0]: missing key \"topic\""),
            std::string::npos);
}

TEST(RoutesFile, RuleWithTopicAndDropRejected) {
  EXPECT_NE(error_of("routes:\n  - match: {}\n    topic: a\n    drop: true\n")
                .find("routes[0]: has both topic and drop"),
            std::string::npos);
}

TEST(RoutesFile, DropFalseRejected) {
  EXPECT_NE(
      error_of("routes:\n  - match: {}\n    drop: false\n").find("routes[0].drop: expected true"),
      std::string::npos);
}

TEST(RoutesFile, DropNotBooleanRejected) {
  EXPECT_NE(error_of("routes:\n  - match: {}\n    drop: maybe\n").find("routes[0].drop"),
            std::string::npos);
}

TEST(RoutesFile, UnknownRuleKeyRejected) {
  EXPECT_EQ(error_of("routes:\n  - match: {}\n    topc: a\n"),
            "routes.yaml: routes[0]: unknown key \"topc\"; use match, topic or drop");
}

TEST(RoutesFile, InvalidObjectIdRejected) {
  const std::string error = error_of("routes:\n  - match: {object_id: people}\n    topic: a\n");
  EXPECT_NE(error.find("routes[0].match.object_id: \"people\" is not an Attio id"),
            std::string::npos)
      << error;
}

TEST(RoutesFile, InvalidSlugRejected) {
  const std::string error = error_of("routes:\n  - match: {object: \"my deals\"}\n    topic: a\n");
  EXPECT_NE(error.find("routes[0].match.object: \"my deals\" is not an api slug"),
            std::string::npos)
      << error;
}

TEST(RoutesFile, NonStringMatchValueRejected) {
  const std::string error = error_of("routes:\n  - match: {event_type: [a, b]}\n    topic: a\n");
  EXPECT_NE(error.find("routes[0].match.event_type: expected a non-empty string, found a list"),
            std::string::npos)
      << error;
}

TEST(RoutesFile, DuplicateKeyRejected) {
  const std::string error =
      error_of("routes:\n  - match: {event_type: a, event_type: b}\n    topic: a\n");
  EXPECT_NE(error.find("routes[0].match: duplicate key \"event_type\""), std::string::npos)
      << error;
}

TEST(RoutesFile, InvalidTopicTemplateRejected) {
  const std::string error = error_of("routes:\n  - match: {}\n    topic: \"crm.{team}\"\n");
  EXPECT_NE(error.find("routes[0].topic: invalid topic template \"crm.{team}\": unknown "
                       "placeholder {team}"),
            std::string::npos)
      << error;
}

TEST(RoutesFile, SlugPlaceholderRejectedWithoutLookup) {
  const std::string error = error_of("routes:\n  - match: {}\n    topic: \"crm.{object}\"\n");
  EXPECT_NE(error.find("routes.yaml: routes[0].topic: invalid topic template"), std::string::npos)
      << error;
  EXPECT_NE(error.find("{object} needs api slugs"), std::string::npos) << error;
}

TEST(RoutesFile, SlugPlaceholderAcceptedWithLookup) {
  EXPECT_EQ(error_of("routes:\n  - match: {}\n    topic: \"crm.{object}.{list}\"\n", true), "");
}

TEST(RoutesFile, InvalidYamlNamesLine) {
  const std::string error = error_of("routes:\n  - match: {event_type: \"a\"\n    topic: a\n");
  EXPECT_EQ(error.rfind("routes.yaml: line ", 0), 0U) << error;
  EXPECT_NE(error.find("invalid YAML"), std::string::npos) << error;
}

TEST(RoutesFile, LoadsFromDisk) {
  const std::filesystem::path path = std::filesystem::temp_directory_path() /
                                     ("routes-test-" + std::to_string(::getpid()) + ".yaml");
  {
    std::ofstream file(path);
    file << "routes:\n  - match: {event_type: \"task.*\"}\n    drop: true\n";
  }
  const auto rules = load_routes_file(path.string(), false);
  std::filesystem::remove(path);
  ASSERT_EQ(rules.size(), 1U);
  EXPECT_TRUE(rules[0].drop);
}

TEST(RoutesFile, MissingFileNamesPath) {
  try {
    load_routes_file("/nonexistent/routes.yaml", false);
    FAIL() << "expected SettingsError";
  } catch (const config::SettingsError& error) {
    EXPECT_NE(
        std::string(error.what()).find("cannot read the routes file /nonexistent/routes.yaml"),
        std::string::npos);
  }
}

}  // namespace
}  // namespace bridge::route
