#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace bridge::testing {

// One record read back from Kafka.
struct KafkaRecord {
  std::string topic;
  int partition = 0;
  std::string key;
  std::string value;
  std::multimap<std::string, std::string> headers;

  // Returns the value of header `name`, or an empty string.
  std::string header(const std::string& name) const;
};

// Reads every record of `topic` from the beginning up to the end of each partition, with a
// consumer that joins no group. Returns no records when the topic does not exist. Throws
// std::runtime_error when the cluster does not respond within `timeout`.
std::vector<KafkaRecord> read_topic(const std::string& brokers, const std::string& topic,
                                    std::chrono::milliseconds timeout = std::chrono::seconds(30));

// Reads several topics at once, as read_topic() does for one; faster than one call each.
std::vector<KafkaRecord> read_topics(const std::string& brokers,
                                     const std::vector<std::string>& topics,
                                     std::chrono::milliseconds timeout = std::chrono::seconds(60));

// Returns the names of the topics that start with `prefix`.
std::vector<std::string> list_topics(const std::string& brokers, const std::string& prefix);

// A real Kafka broker for the integration tests, started by deploy/kafka/kafka.sh. Uses the
// broker in BRIDGE_TEST_KAFKA_DIR when that is set (tests/run.sh starts one for the whole
// suite); otherwise starts one in a temporary folder and stops it at exit.
class LocalKafka {
 public:
  static LocalKafka& shared();

  const std::string& brokers() const { return brokers_; }
  // Stops and restarts the same broker (same port and data), for fault tests.
  void stop();
  void start();

 private:
  LocalKafka() = default;
  std::string dir_;
  std::string brokers_;
};

}  // namespace bridge::testing
