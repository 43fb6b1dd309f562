#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bridge::publish {

// The parts of librdkafka's statistics JSON (emitted every statistics.interval.ms) that the
// bridge exports as metrics.
struct KafkaStatistics {
  struct Broker {
    std::string name;  // "host:port/node_id"
    double rtt_average_seconds = 0;
    std::uint64_t request_errors = 0;  // txerrs + rxerrs + req_timeouts since start
  };
  std::uint64_t queued_messages = 0;  // msg_cnt: records in the producer queues
  std::vector<Broker> brokers;        // brokers with a node id; bootstrap entries skipped
};

// Parses a statistics document. Checks the type of every value it reads and skips what does
// not match, so a change of librdkafka's format loses a metric, not the process. Returns
// nullopt when the text is not a JSON object.
std::optional<KafkaStatistics> parse_kafka_statistics(std::string_view json);

}  // namespace bridge::publish
