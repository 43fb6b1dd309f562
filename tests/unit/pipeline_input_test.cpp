#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <string>

#include "bridge/parse/delivery_parser.hpp"
#include "support/pipeline_harness.hpp"

namespace bridge::pipeline {
namespace {

using testing::header_value;
using testing::kRecordIds;
using testing::one_event_delivery;
using testing::PipelineHarness;

constexpr std::string_view kWorkspaceId = "2d6f6bf9-cf2a-43b8-9a1c-ffa08523913e";

// Returns a delivery with one record event whose `payload` member nests `depth` levels below
// the event. Root object, `events` array and event object make the total depth `depth` + 3.
std::string nested_delivery(std::size_t depth) {
  std::string body = R"({"events":[{"event_type":"record.created","id":)";
  body += kRecordIds;
  body += R"(,"payload":)";
  body += std::string(depth, '[');
  body += std::string(depth, ']');
  body += "}]}";
  return body;
}

// Returns the `subject` of a structured CloudEvent value.
std::string subject_of(const std::string& cloud_event) {
  rapidjson::Document document;
  document.Parse(cloud_event.c_str());
  if (document.HasParseError() || !document.HasMember("subject")) {
    return {};
  }
  return document["subject"].GetString();
}

TEST(PipelineInput, DuplicateEventTypeDeadLettersEvent) {
  PipelineHarness harness;
  const std::string body =
      std::string(R"({"events":[{"event_type":"record.created","event_type":"record.deleted",)") +
      R"("id":)" + std::string(kRecordIds) + R"(},{"event_type":"record.created","id":)" +
      std::string(kRecordIds) + "}]}";

  const DeliveryResult result = harness.deliver(body);

  EXPECT_EQ(result.outcome, Outcome::kAccepted);
  EXPECT_EQ(result.events, 2U);
  EXPECT_EQ(result.dead_lettered, 1U);
  const auto messages = harness.publisher.messages();
  ASSERT_EQ(messages.size(), 2U);
  EXPECT_TRUE(messages[0].dead_letter);
  EXPECT_EQ(header_value(messages[0], "error"), "duplicate_key");
  EXPECT_FALSE(messages[1].dead_letter);
  EXPECT_EQ(messages[1].topic, "attio.record.created");
}

TEST(PipelineInput, DuplicateNestedKeyDeadLettersEvent) {
  PipelineHarness harness;
  const std::string body = std::string(R"({"events":[{"event_type":"record.created","id":)") +
                           R"({"workspace_id":"a","workspace_id":"b","record_id":"r"}}]})";

  const DeliveryResult result = harness.deliver(body);

  EXPECT_EQ(result.dead_lettered, 1U);
  const auto messages = harness.publisher.messages();
  ASSERT_EQ(messages.size(), 1U);
  EXPECT_EQ(header_value(messages[0], "error"), "duplicate_key");
}

TEST(PipelineInput, DuplicateEventsKeyDeadLettersBody) {
  PipelineHarness harness;
  const std::string body = R"({"events":[],"events":[{"event_type":"record.created"}]})";

  const DeliveryResult result = harness.deliver(body);

  EXPECT_EQ(result.outcome, Outcome::kDeadLettered);
  EXPECT_EQ(result.reason, "duplicate_key");
  const auto messages = harness.publisher.messages();
  ASSERT_EQ(messages.size(), 1U);
  EXPECT_EQ(messages[0].value, body);
  EXPECT_EQ(header_value(messages[0], "error"), "duplicate_key");
}

TEST(PipelineInput, DepthAtLimitPublished) {
  PipelineHarness harness;
  const DeliveryResult result = harness.deliver(nested_delivery(parse::kMaxJsonDepth - 3));

  EXPECT_EQ(result.outcome, Outcome::kAccepted);
  EXPECT_EQ(result.dead_lettered, 0U);
  const auto messages = harness.publisher.messages();
  ASSERT_EQ(messages.size(), 1U);
  EXPECT_FALSE(messages[0].dead_letter);
}

TEST(PipelineInput, DepthOverLimitDeadLettered) {
  PipelineHarness harness;
  const DeliveryResult result = harness.deliver(nested_delivery(parse::kMaxJsonDepth - 2));

  EXPECT_EQ(result.outcome, Outcome::kDeadLettered);
  EXPECT_EQ(result.reason, "invalid_json");
  const auto messages = harness.publisher.messages();
  ASSERT_EQ(messages.size(), 1U);
  EXPECT_TRUE(messages[0].dead_letter);
}

TEST(PipelineInput, HugeDepthDeadLetteredWithoutCrash) {
  PipelineHarness harness;
  const DeliveryResult result = harness.deliver(nested_delivery(100000));

  EXPECT_EQ(result.outcome, Outcome::kDeadLettered);
  EXPECT_EQ(result.reason, "invalid_json");
}

TEST(PipelineInput, UnclosedHugeDepthDeadLettered) {
  PipelineHarness harness;
  const DeliveryResult result = harness.deliver(std::string(100000, '['));

  EXPECT_EQ(result.outcome, Outcome::kDeadLettered);
  EXPECT_EQ(result.reason, "invalid_json");
}

TEST(PipelineInput, InvalidUtf8InValueDeadLettered) {
  PipelineHarness harness;
  const std::string body = std::string(R"({"events":[{"event_type":"record.created","id":)") +
                           std::string(kRecordIds) + R"(,"title":"caf\xc3"}]})";

  const DeliveryResult result = harness.deliver(body);

  EXPECT_EQ(result.outcome, Outcome::kDeadLettered);
  EXPECT_EQ(result.reason, "invalid_json");
  const auto messages = harness.publisher.messages();
  ASSERT_EQ(messages.size(), 1U);
  EXPECT_EQ(messages[0].value, body);
}

TEST(PipelineInput, InvalidUtf8InKeyDeadLettered) {
  PipelineHarness harness;
  const DeliveryResult result = harness.deliver("{\"ev\xffnts\":[]}");

  EXPECT_EQ(result.outcome, Outcome::kDeadLettered);
  EXPECT_EQ(result.reason, "invalid_json");
}

TEST(PipelineInput, LoneSurrogateEscapeDeadLettered) {
  PipelineHarness harness;
  const std::string body = std::string(R"({"events":[{"event_type":"record.created","id":)") +
                           std::string(kRecordIds) + R"(,"title":"a\udddd b"}]})";

  const DeliveryResult result = harness.deliver(body);

  EXPECT_EQ(result.outcome, Outcome::kDeadLettered);
  EXPECT_EQ(result.reason, "invalid_json");
}

TEST(PipelineInput, SurrogatePairEscapeAccepted) {
  PipelineHarness harness;
  const std::string body = std::string(R"({"events":[{"event_type":"record.created","id":)") +
                           std::string(kRecordIds) + R"(,"title":"\ud83d\ude00"}]})";

  const DeliveryResult result = harness.deliver(body);

  EXPECT_EQ(result.outcome, Outcome::kAccepted);
}

TEST(PipelineInput, NumericEventTypeDeadLettered) {
  PipelineHarness harness;
  const std::string body =
      std::string(R"({"events":[{"event_type":5,"id":)") + std::string(kRecordIds) + "}]}";

  const DeliveryResult result = harness.deliver(body);

  EXPECT_EQ(result.outcome, Outcome::kAccepted);
  EXPECT_EQ(result.dead_lettered, 1U);
  const auto messages = harness.publisher.messages();
  ASSERT_EQ(messages.size(), 1U);
  EXPECT_EQ(header_value(messages[0], "error"), "missing_event_type");
}

TEST(PipelineInput, NumericWorkspaceIdDeadLettered) {
  PipelineHarness harness;
  const DeliveryResult result =
      harness.deliver(one_event_delivery("record.created", R"({"workspace_id":7})"));

  EXPECT_EQ(result.dead_lettered, 1U);
  const auto messages = harness.publisher.messages();
  ASSERT_EQ(messages.size(), 1U);
  EXPECT_EQ(header_value(messages[0], "error"), "missing_workspace_id");
}

TEST(PipelineInput, NumericIdsSkippedInGenericSubject) {
  PipelineHarness harness;
  const std::string ids = std::string(R"({"workspace_id":")") + std::string(kWorkspaceId) +
                          R"(","widget_id":42,"gadget_id":"g1","flag":true,"nested":{"a":"b"}})";

  const DeliveryResult result = harness.deliver(one_event_delivery("widget.created", ids));

  EXPECT_EQ(result.outcome, Outcome::kAccepted);
  const auto messages = harness.publisher.messages();
  ASSERT_EQ(messages.size(), 1U);
  EXPECT_EQ(messages[0].topic, "attio.widget.created");
  EXPECT_EQ(subject_of(messages[0].value), "gadget_id/g1");
}

TEST(PipelineInput, NumericFamilyIdFallsBackToGenericSubject) {
  PipelineHarness harness;
  const std::string ids = std::string(R"({"workspace_id":")") + std::string(kWorkspaceId) +
                          R"(","object_id":"o1","record_id":12})";

  harness.deliver(one_event_delivery("record.created", ids));

  const auto messages = harness.publisher.messages();
  ASSERT_EQ(messages.size(), 1U);
  EXPECT_EQ(subject_of(messages[0].value), "object_id/o1");
}

TEST(PipelineInput, OnlyNumericIdsGiveNoSubject) {
  PipelineHarness harness;
  const std::string ids =
      std::string(R"({"workspace_id":")") + std::string(kWorkspaceId) + R"(","widget_id":42})";

  harness.deliver(one_event_delivery("widget.created", ids));

  const auto messages = harness.publisher.messages();
  ASSERT_EQ(messages.size(), 1U);
  EXPECT_FALSE(messages[0].dead_letter);
  EXPECT_EQ(messages[0].value.find("\"subject\""), std::string::npos);
}

TEST(PipelineInput, EmptyEventsArrayAccepted) {
  PipelineHarness harness;
  const DeliveryResult result = harness.deliver(R"({"webhook_id":"w","events":[]})");

  EXPECT_EQ(result.outcome, Outcome::kAccepted);
  EXPECT_EQ(result.events, 0U);
  EXPECT_TRUE(harness.publisher.messages().empty());
}

TEST(PipelineInput, EmptyBodyDeadLettered) {
  PipelineHarness harness;
  const DeliveryResult result = harness.deliver("");

  EXPECT_EQ(result.outcome, Outcome::kDeadLettered);
  EXPECT_EQ(result.reason, "invalid_json");
  const auto messages = harness.publisher.messages();
  ASSERT_EQ(messages.size(), 1U);
  EXPECT_EQ(messages[0].value, "");
  EXPECT_EQ(messages[0].topic, "attio.dead-letter");
}

TEST(PipelineInput, NulByteInBodyDeadLettered) {
  PipelineHarness harness;
  const std::string body("{\"events\":[]}\0garbage", 21);

  const DeliveryResult result = harness.deliver(body);

  EXPECT_EQ(result.outcome, Outcome::kDeadLettered);
  EXPECT_EQ(result.reason, "invalid_json");
}

TEST(PipelineInput, EventNotAnObjectDeadLettered) {
  PipelineHarness harness;
  const DeliveryResult result = harness.deliver(R"({"events":["record.created",null]})");

  EXPECT_EQ(result.outcome, Outcome::kAccepted);
  EXPECT_EQ(result.dead_lettered, 2U);
  const auto messages = harness.publisher.messages();
  ASSERT_EQ(messages.size(), 2U);
  EXPECT_EQ(header_value(messages[0], "error"), "event_not_an_object");
  EXPECT_EQ(messages[1].value, "null");
}

TEST(PipelineInput, NumbersKeepTheirValues) {
  PipelineHarness harness;
  const std::string body = std::string(R"({"events":[{"event_type":"record.created","id":)") +
                           std::string(kRecordIds) +
                           R"(,"n":[0,-1,18446744073709551615,-9223372036854775808,0.1,)"
                           R"(1e3,2.5E-3,0E-315,-0.0,123456789012345678901234567890]}]})";

  const DeliveryResult result = harness.deliver(body);

  EXPECT_EQ(result.outcome, Outcome::kAccepted);
  const auto messages = harness.publisher.messages();
  ASSERT_EQ(messages.size(), 1U);
  EXPECT_NE(messages[0].value.find(R"("n":[0,-1,18446744073709551615,-9223372036854775808,0.1,)"
                                   R"(1000.0,0.0025,0.0,-0.0,1.2345678901234568e29])"),
            std::string::npos)
      << messages[0].value;
}

TEST(PipelineInput, NumberBeyondDoubleDeadLettered) {
  PipelineHarness harness;
  const std::string body = std::string(R"({"events":[{"event_type":"record.created","id":)") +
                           std::string(kRecordIds) + R"(,"n":1e400}]})";

  const DeliveryResult result = harness.deliver(body);

  EXPECT_EQ(result.outcome, Outcome::kDeadLettered);
  EXPECT_EQ(result.reason, "invalid_json");
}

}  // namespace
}  // namespace bridge::pipeline
