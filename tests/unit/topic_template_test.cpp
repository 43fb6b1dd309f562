#include "bridge/route/topic_template.hpp"

#include <gtest/gtest.h>

namespace bridge::route {
namespace {

TopicTemplate parse_or_fail(std::string_view text) {
  auto parsed = TopicTemplate::parse(text);
  if (auto* error = std::get_if<std::string>(&parsed)) {
    ADD_FAILURE() << "template " << text << " rejected: " << *error;
  }
  return std::get<TopicTemplate>(std::move(parsed));
}

std::string parse_error(std::string_view text) {
  auto parsed = TopicTemplate::parse(text);
  const auto* error = std::get_if<std::string>(&parsed);
  return error == nullptr ? std::string() : *error;
}

constexpr TopicFields kRecordCreated{"record.created", "2d6f6bf9-cf2a-43b8-9a1c-ffa08523913e",
                                     {}, {}};

TEST(TopicTemplate, DefaultGivesAttioDotEventType) {
  EXPECT_EQ(parse_or_fail("attio.{event_type}").render(kRecordCreated), "attio.record.created");
  EXPECT_EQ(parse_or_fail("attio.{event_type}").render({"list-entry.updated", "w", {}, {}}),
            "attio.list-entry.updated");
}

TEST(TopicTemplate, ResourceIsTextBeforeFirstDot) {
  EXPECT_EQ(parse_or_fail("crm.{resource}").render(kRecordCreated), "crm.record");
  EXPECT_EQ(parse_or_fail("{resource}").render({"no-dot", "w", {}, {}}), "no-dot");
}

TEST(TopicTemplate, FillsWorkspaceId) {
  EXPECT_EQ(parse_or_fail("ws-{workspace_id}.{event_type}").render(kRecordCreated),
            "ws-2d6f6bf9-cf2a-43b8-9a1c-ffa08523913e.record.created");
}

TEST(TopicTemplate, ReplacesCharactersKafkaRejects) {
  EXPECT_EQ(parse_or_fail("attio/{event_type}").render({"weird type:é", "w", {}, {}}),
            "attio_weird_type___");
}

TEST(TopicTemplate, LiteralOnlyTemplateIsOneTopic) {
  EXPECT_EQ(parse_or_fail("all-attio-events").render(kRecordCreated), "all-attio-events");
}

TEST(TopicTemplate, RejectsUnknownPlaceholder) {
  EXPECT_NE(parse_error("attio.{event}").find("unknown placeholder {event}"), std::string::npos);
}

TEST(TopicTemplate, RejectsUnbalancedBraces) {
  EXPECT_NE(parse_error("attio.{event_type").find("unmatched '{'"), std::string::npos);
  EXPECT_NE(parse_error("attio.event_type}").find("unmatched '}'"), std::string::npos);
}

TEST(TopicTemplate, RejectsEmptyTemplate) { EXPECT_FALSE(parse_error("").empty()); }

TEST(TopicName, AcceptsKafkaNames) {
  EXPECT_TRUE(is_valid_topic_name("attio.record.created"));
  EXPECT_TRUE(is_valid_topic_name(std::string(249, 'a')));
}

TEST(TopicName, RejectsWhatKafkaRejects) {
  EXPECT_FALSE(is_valid_topic_name(""));
  EXPECT_FALSE(is_valid_topic_name("."));
  EXPECT_FALSE(is_valid_topic_name(".."));
  EXPECT_FALSE(is_valid_topic_name(std::string(250, 'a')));
  EXPECT_FALSE(is_valid_topic_name("has space"));
}

}  // namespace
}  // namespace bridge::route
