#include "bridge/publish/kafka_statistics.hpp"

#include <gtest/gtest.h>

#include "bridge/metrics/kafka_metrics.hpp"

namespace bridge::publish {
namespace {

// Trimmed from a statistics document of librdkafka 2.0.2 talking to one local broker.
constexpr const char* kStatistics = R"({
  "name": "attio-kafka-bridge#producer-1", "type": "producer", "msg_cnt": 12,
  "brokers": {
    "127.0.0.1:9092/bootstrap": {"name": "127.0.0.1:9092/bootstrap", "nodeid": -1,
                                 "rtt": {"avg": 0}, "txerrs": 0, "rxerrs": 0, "req_timeouts": 0},
    "127.0.0.1:9092/1": {"name": "127.0.0.1:9092/1", "nodeid": 1,
                         "rtt": {"min": 150, "avg": 1500, "max": 9000},
                         "txerrs": 2, "rxerrs": 1, "req_timeouts": 4}
  }
})";

TEST(KafkaStatistics, ReadsQueueLength) {
  const auto statistics = parse_kafka_statistics(kStatistics);
  ASSERT_TRUE(statistics);
  EXPECT_EQ(statistics->queued_messages, 12u);
}

TEST(KafkaStatistics, SkipsBootstrapBrokers) {
  const auto statistics = parse_kafka_statistics(kStatistics);
  ASSERT_TRUE(statistics);
  ASSERT_EQ(statistics->brokers.size(), 1u);
  EXPECT_EQ(statistics->brokers.front().name, "127.0.0.1:9092/1");
}

TEST(KafkaStatistics, ConvertsRttToSeconds) {
  const auto statistics = parse_kafka_statistics(kStatistics);
  ASSERT_TRUE(statistics);
  EXPECT_DOUBLE_EQ(statistics->brokers.front().rtt_average_seconds, 0.0015);
}

TEST(KafkaStatistics, SumsRequestErrors) {
  const auto statistics = parse_kafka_statistics(kStatistics);
  ASSERT_TRUE(statistics);
  EXPECT_EQ(statistics->brokers.front().request_errors, 7u);
}

TEST(KafkaStatistics, SkipsValuesOfWrongType) {
  const auto statistics = parse_kafka_statistics(
      R"({"msg_cnt":"many","brokers":{"b/1":{"nodeid":1,"rtt":"fast","txerrs":null}}})");
  ASSERT_TRUE(statistics);
  EXPECT_EQ(statistics->queued_messages, 0u);
  ASSERT_EQ(statistics->brokers.size(), 1u);
  EXPECT_EQ(statistics->brokers.front().rtt_average_seconds, 0);
  EXPECT_EQ(statistics->brokers.front().request_errors, 0u);
}

TEST(KafkaStatistics, RejectsTextThatIsNotAnObject) {
  EXPECT_FALSE(parse_kafka_statistics("[1,2]"));
  EXPECT_FALSE(parse_kafka_statistics("{"));
}

TEST(KafkaMetrics, CountsOnlyNewRequestErrors) {
  prometheus::Registry registry;
  metrics::KafkaMetrics metrics(registry);
  KafkaStatistics statistics;
  statistics.brokers.push_back({"b/1", 0.001, 5});
  metrics.update(statistics);
  statistics.brokers.front().request_errors = 8;
  metrics.update(statistics);
  metrics.update(statistics);

  double errors = -1;
  for (const auto& family : registry.Collect()) {
    if (family.name == "attio_bridge_kafka_request_errors_total") {
      errors = family.metric.front().counter.value;
    }
  }
  EXPECT_EQ(errors, 8);
}

}  // namespace
}  // namespace bridge::publish
