// librdkafka's local queue bounds must not be reached before the in-flight limit is.
#include <gtest/gtest.h>

#include "bridge/publish/kafka_settings.hpp"

namespace bridge::publish {
namespace {

TEST(KafkaQueueLimits, SmallLimitKeepsLibrdkafkaDefaults) {
  const ProducerQueueLimits limits = required_queue_limits(50, 1000000);
  EXPECT_EQ(limits.max_messages, 100000U);
  EXPECT_EQ(limits.max_kbytes, 1048576U);
}

TEST(KafkaQueueLimits, DefaultLimitCoversLargestRecords) {
  const ProducerQueueLimits limits = required_queue_limits(10000, 1000000);
  EXPECT_EQ(limits.max_messages, 100000U);
  // Twice 10000 records of 1000000 bytes, in KiB rounded up.
  EXPECT_EQ(limits.max_kbytes, (20000ULL * 1000000 + 1023) / 1024);
}

TEST(KafkaQueueLimits, LargeLimitDoublesMessageCount) {
  EXPECT_EQ(required_queue_limits(80000, 1000).max_messages, 160000U);
}

TEST(KafkaQueueLimits, ClampsToLibrdkafkaMaximum) {
  const ProducerQueueLimits limits = required_queue_limits(10000000, 100000000);
  EXPECT_EQ(limits.max_kbytes, 2147483647U);
  EXPECT_EQ(limits.max_messages, 20000000U);
}

TEST(KafkaQueueLimits, NoWarningWithoutOverrides) {
  EXPECT_TRUE(unsafe_queue_overrides({{"linger.ms", "1"}}, {100000, 1048576}).empty());
}

TEST(KafkaQueueLimits, NoWarningForLargeEnoughOverrides) {
  EXPECT_TRUE(unsafe_queue_overrides({{"queue.buffering.max.messages", "100000"},
                                      {"queue.buffering.max.kbytes", "2000000"}},
                                     {100000, 1048576})
                  .empty());
}

TEST(KafkaQueueLimits, WarnsForEachLowOverride) {
  const auto warnings = unsafe_queue_overrides(
      {{"queue.buffering.max.messages", "1000"}, {"queue.buffering.max.kbytes", "1024"}},
      {100000, 1048576});
  ASSERT_EQ(warnings.size(), 2U);
  EXPECT_NE(warnings[0].find("queue.buffering.max.messages=1000"), std::string::npos);
  EXPECT_NE(warnings[0].find("100000"), std::string::npos);
  EXPECT_NE(warnings[1].find("queue.buffering.max.kbytes=1024"), std::string::npos);
}

TEST(KafkaQueueLimits, WarnsForNonNumericOverride) {
  const auto warnings =
      unsafe_queue_overrides({{"queue.buffering.max.messages", "lots"}}, {100000, 1048576});
  EXPECT_EQ(warnings.size(), 1U);
}

}  // namespace
}  // namespace bridge::publish
