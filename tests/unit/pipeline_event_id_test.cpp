#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "support/pipeline_harness.hpp"

namespace bridge::pipeline {
namespace {

using testing::kRecordIds;
using testing::one_event_delivery;
using testing::PipelineHarness;
using testing::sign;

std::string three_event_delivery() {
  std::string body = R"({"events":[)";
  for (int i = 0; i < 3; ++i) {
    body += i == 0 ? "" : ",";
    body += R"({"event_type":"record.updated","id":)" + std::string(kRecordIds) + "}";
  }
  return body + "]}";
}

std::string to_upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

TEST(PipelineEventId, KeyOfSingleEventIsHeader) {
  PipelineHarness harness;
  const DeliveryResult result =
      harness.deliver(one_event_delivery("record.created", kRecordIds), "delivery-1");

  EXPECT_EQ(result.outcome, Outcome::kAccepted);
  const auto messages = harness.publisher.messages();
  ASSERT_EQ(messages.size(), 1U);
  EXPECT_EQ(messages[0].key, "delivery-1");
  EXPECT_EQ(testing::header_value(messages[0], "idempotency-key"), "delivery-1");
  EXPECT_NE(messages[0].value.find(R"("id":"delivery-1")"), std::string::npos);
}

TEST(PipelineEventId, SeveralEventsGetIndexSuffix) {
  PipelineHarness harness;
  const DeliveryResult result = harness.deliver(three_event_delivery(), "delivery-2");

  EXPECT_EQ(result.events, 3U);
  const auto messages = harness.publisher.messages();
  ASSERT_EQ(messages.size(), 3U);
  EXPECT_EQ(messages[0].key, "delivery-2:0");
  EXPECT_EQ(messages[1].key, "delivery-2:1");
  EXPECT_EQ(messages[2].key, "delivery-2:2");
}

TEST(PipelineEventId, RetryProducesSameKeys) {
  PipelineHarness harness;
  harness.deliver(three_event_delivery(), "delivery-3");
  harness.deliver(three_event_delivery(), "delivery-3");

  const auto messages = harness.publisher.messages();
  ASSERT_EQ(messages.size(), 6U);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(messages[i].key, messages[i + 3].key);
  }
}

TEST(PipelineEventId, MissingKeyGivesDistinctIds) {
  PipelineHarness harness;
  harness.deliver(one_event_delivery("record.created", kRecordIds));
  harness.deliver(one_event_delivery("record.created", kRecordIds));

  const auto messages = harness.publisher.messages();
  ASSERT_EQ(messages.size(), 2U);
  EXPECT_EQ(messages[0].key.size(), 36U);
  EXPECT_NE(messages[0].key, messages[1].key);
}

TEST(PipelineEventId, KeyOf200BytesAccepted) {
  PipelineHarness harness;
  const std::string key(200, 'k');
  const DeliveryResult result =
      harness.deliver(one_event_delivery("record.created", kRecordIds), key);

  EXPECT_EQ(result.outcome, Outcome::kAccepted);
}

TEST(PipelineEventId, KeyOf201BytesRejected) {
  PipelineHarness harness;
  const std::string key(201, 'k');
  const DeliveryResult result =
      harness.deliver(one_event_delivery("record.created", kRecordIds), key);

  EXPECT_EQ(result.outcome, Outcome::kInvalidIdempotencyKey);
  EXPECT_EQ(harness.publisher.publish_calls(), 0U);
}

TEST(PipelineEventId, ControlCharacterKeyRejected) {
  PipelineHarness harness;
  const DeliveryResult result =
      harness.deliver(one_event_delivery("record.created", kRecordIds), "abc\x01");

  EXPECT_EQ(result.outcome, Outcome::kInvalidIdempotencyKey);
}

TEST(PipelineEventId, NonAsciiKeyRejected) {
  PipelineHarness harness;
  const DeliveryResult result =
      harness.deliver(one_event_delivery("record.created", kRecordIds), "caf\xc3\xa9");

  EXPECT_EQ(result.outcome, Outcome::kInvalidIdempotencyKey);
}

TEST(PipelineEventId, EmptyKeyRejected) {
  PipelineHarness harness;
  const DeliveryResult result =
      harness.deliver(one_event_delivery("record.created", kRecordIds), "");

  EXPECT_EQ(result.outcome, Outcome::kInvalidIdempotencyKey);
}

TEST(PipelineSignature, UppercaseHexAccepted) {
  PipelineHarness harness;
  const std::string body = one_event_delivery("record.created", kRecordIds);
  const DeliveryResult result = harness.deliver_signed(body, to_upper(sign(body)));

  EXPECT_EQ(result.outcome, Outcome::kAccepted);
  EXPECT_EQ(harness.publisher.messages().size(), 1U);
}

TEST(PipelineSignature, RotatedSecretAccepted) {
  PipelineHarness harness;
  const std::string body = one_event_delivery("record.created", kRecordIds);
  const DeliveryResult result = harness.deliver_signed(body, sign(body, testing::kRotatedSecret));

  EXPECT_EQ(result.outcome, Outcome::kAccepted);
}

TEST(PipelineSignature, UnknownSecretRejected) {
  PipelineHarness harness;
  const std::string body = one_event_delivery("record.created", kRecordIds);
  const DeliveryResult result = harness.deliver_signed(body, sign(body, "another-secret"));

  EXPECT_EQ(result.outcome, Outcome::kInvalidSignature);
  EXPECT_EQ(harness.publisher.publish_calls(), 0U);
}

TEST(PipelineSignature, MissingSignatureRejected) {
  PipelineHarness harness;
  const DeliveryResult result =
      harness.deliver_signed(one_event_delivery("record.created", kRecordIds), "");

  EXPECT_EQ(result.outcome, Outcome::kMissingSignature);
}

TEST(PipelineSignature, SignatureOfOtherBodyRejected) {
  PipelineHarness harness;
  const std::string body = one_event_delivery("record.created", kRecordIds);
  const DeliveryResult result = harness.deliver_signed(body + " ", sign(body));

  EXPECT_EQ(result.outcome, Outcome::kInvalidSignature);
}

TEST(PipelineSignature, EmptyBodySignatureValid) {
  PipelineHarness harness;
  const DeliveryResult result = harness.deliver_signed("", sign(""));

  EXPECT_EQ(result.outcome, Outcome::kDeadLettered);
}

}  // namespace
}  // namespace bridge::pipeline
