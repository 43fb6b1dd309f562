#include "support/kafka_reader.hpp"

#include <librdkafka/rdkafka.h>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>

#include "support/fixtures.hpp"

namespace bridge::testing {
namespace {

struct ConsumerDeleter {
  void operator()(rd_kafka_t* handle) const {
    rd_kafka_consumer_close(handle);
    rd_kafka_destroy(handle);
  }
};
using Consumer = std::unique_ptr<rd_kafka_t, ConsumerDeleter>;

Consumer make_consumer(const std::string& brokers) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char error[512];
  // librdkafka routes fetched records to rd_kafka_consumer_poll() only when a group id is
  // set; partitions are assigned by hand, so the group is never joined or committed to.
  const std::string group = "bridge-tests-" + std::to_string(getpid());
  const std::pair<const char*, const char*> properties[] = {
      {"bootstrap.servers", brokers.c_str()},
      {"group.id", group.c_str()},
      {"enable.auto.commit", "false"},
      {"enable.partition.eof", "true"},
      {"allow.auto.create.topics", "false"},
      {"log_level", "3"},
  };
  for (const auto& [name, value] : properties) {
    if (rd_kafka_conf_set(conf, name, value, error, sizeof error) != RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      throw std::runtime_error(std::string("test consumer setting rejected: ") + error);
    }
  }
  rd_kafka_t* handle = rd_kafka_new(RD_KAFKA_CONSUMER, conf, error, sizeof error);
  if (handle == nullptr) {
    rd_kafka_conf_destroy(conf);
    throw std::runtime_error(std::string("cannot create the test consumer: ") + error);
  }
  return Consumer(handle);
}

const rd_kafka_metadata_t* fetch_metadata(rd_kafka_t* consumer, std::chrono::milliseconds timeout) {
  const rd_kafka_metadata_t* metadata = nullptr;
  const rd_kafka_resp_err_t error =
      rd_kafka_metadata(consumer, 1, nullptr, &metadata, static_cast<int>(timeout.count()));
  if (error != RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw std::runtime_error(std::string("Kafka metadata request failed: ") +
                             rd_kafka_err2str(error));
  }
  return metadata;
}

int run_script(const std::string& arguments) {
  const std::string command = std::string(BRIDGE_SOURCE_DIR) + "/deploy/kafka/kafka.sh " +
                              arguments + " >&2";
  return std::system(command.c_str());
}

}  // namespace

std::string KafkaRecord::header(const std::string& name) const {
  const auto found = headers.find(name);
  return found == headers.end() ? std::string() : found->second;
}

std::vector<std::string> list_topics(const std::string& brokers, const std::string& prefix) {
  Consumer consumer = make_consumer(brokers);
  const rd_kafka_metadata_t* metadata = fetch_metadata(consumer.get(), std::chrono::seconds(10));
  std::vector<std::string> names;
  for (int i = 0; i < metadata->topic_cnt; ++i) {
    const std::string name = metadata->topics[i].topic;
    if (name.starts_with(prefix)) {
      names.push_back(name);
    }
  }
  rd_kafka_metadata_destroy(metadata);
  return names;
}

std::vector<KafkaRecord> read_topic(const std::string& brokers, const std::string& topic,
                                    std::chrono::milliseconds timeout) {
  return read_topics(brokers, {topic}, timeout);
}

std::vector<KafkaRecord> read_topics(const std::string& brokers,
                                     const std::vector<std::string>& topics,
                                     std::chrono::milliseconds timeout) {
  Consumer consumer = make_consumer(brokers);
  const rd_kafka_metadata_t* metadata = fetch_metadata(consumer.get(), timeout);
  rd_kafka_topic_partition_list_t* assignment = rd_kafka_topic_partition_list_new(8);
  for (int i = 0; i < metadata->topic_cnt; ++i) {
    const rd_kafka_metadata_topic_t& topic = metadata->topics[i];
    if (topic.err != 0 ||
        std::find(topics.begin(), topics.end(), topic.topic) == topics.end()) {
      continue;
    }
    for (int partition = 0; partition < topic.partition_cnt; ++partition) {
      rd_kafka_topic_partition_list_add(assignment, topic.topic, partition)->offset =
          RD_KAFKA_OFFSET_BEGINNING;
    }
  }
  rd_kafka_metadata_destroy(metadata);
  const int partitions = assignment->cnt;
  if (partitions == 0) {
    rd_kafka_topic_partition_list_destroy(assignment);
    return {};
  }
  rd_kafka_assign(consumer.get(), assignment);
  rd_kafka_topic_partition_list_destroy(assignment);

  std::vector<KafkaRecord> records;
  int partitions_at_end = 0;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (partitions_at_end < partitions) {
    if (std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("reading " + std::to_string(topics.size()) +
                               " topics did not reach their end in time");
    }
    rd_kafka_message_t* message = rd_kafka_consumer_poll(consumer.get(), 200);
    if (message == nullptr) {
      continue;
    }
    if (message->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      ++partitions_at_end;
    } else if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      KafkaRecord record;
      record.topic = rd_kafka_topic_name(message->rkt);
      record.partition = message->partition;
      record.key.assign(static_cast<const char*>(message->key), message->key_len);
      record.value.assign(static_cast<const char*>(message->payload), message->len);
      rd_kafka_headers_t* headers = nullptr;
      if (rd_kafka_message_headers(message, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR) {
        const char* name = nullptr;
        const void* value = nullptr;
        std::size_t size = 0;
        for (std::size_t i = 0; rd_kafka_header_get_all(headers, i, &name, &value, &size) ==
                                RD_KAFKA_RESP_ERR_NO_ERROR;
             ++i) {
          record.headers.emplace(name, std::string(static_cast<const char*>(value), size));
        }
      }
      records.push_back(std::move(record));
    }
    rd_kafka_message_destroy(message);
  }
  return records;
}

LocalKafka& LocalKafka::shared() {
  static LocalKafka* broker = [] {
    auto* created = new LocalKafka();
    if (const char* dir = std::getenv("BRIDGE_TEST_KAFKA_DIR"); dir != nullptr && *dir != '\0') {
      created->dir_ = dir;
    } else {
      created->dir_ = (std::filesystem::temp_directory_path() /
                       ("bridge-test-kafka-" + std::to_string(getpid())))
                          .string();
      created->start();
      std::atexit([] { shared().stop(); });
    }
    created->brokers_ = read_file(created->dir_ + "/bootstrap");
    while (!created->brokers_.empty() &&
           (created->brokers_.back() == '\n' || created->brokers_.back() == ' ')) {
      created->brokers_.pop_back();
    }
    return created;
  }();
  return *broker;
}

void LocalKafka::stop() {
  if (run_script("stop " + dir_) != 0) {
    throw std::runtime_error("deploy/kafka/kafka.sh stop " + dir_ + " failed");
  }
}

void LocalKafka::start() {
  if (run_script("start " + dir_) != 0) {
    throw std::runtime_error("deploy/kafka/kafka.sh start " + dir_ + " failed; see " + dir_ +
                             "/broker.log");
  }
}

}  // namespace bridge::testing
