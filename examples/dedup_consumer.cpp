// A minimal consumer of attio-kafka-bridge topics that skips records whose key it has seen.
//
//   dedup_consumer BROKERS GROUP_ID TOPIC [TOPIC...]
//
// The bridge publishes at least once: a delivery that Attio retries after a 503 can reach
// Kafka twice, always with the same record key (the event_id). This example drops repeats
// with a bounded LRU set of recent keys and prints "KEY TOPIC PARTITION OFFSET" for each
// first sighting. Environment: DEDUP_CAPACITY (keys remembered, default 100000) and
// DEDUP_MAX_MESSAGES (stop after this many records, default 0 = run until SIGINT/SIGTERM).
//
// Limits of this approach:
// - Only the last DEDUP_CAPACITY distinct keys are remembered, in memory: a repeat that
//   arrives after more distinct keys than that, or after a restart, is not recognized.
//   Attio retries for about 3 days, so a consumer that must never act twice keeps the keys
//   it processed in its own durable store, ideally in the same transaction as its effect.
// - The bridge's default partition key is the event_id, so repeats land on the same
//   partition and reach the same group member. After a rebalance, another member with an
//   empty set may see a repeat.
// - Offsets are stored after a record is handled, so a crash between handling and the next
//   commit replays records. The set of keys is lost in that crash too.
#include <librdkafka/rdkafka.h>
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <list>
#include <memory>
#include <string>
#include <unordered_map>

namespace {

volatile sig_atomic_t g_stop_requested = 0;

void request_stop(int /*signal_number*/) {
  g_stop_requested = 1;
}

// A set of the most recently inserted keys, at most `capacity` of them.
class RecentKeys {
 public:
  explicit RecentKeys(std::size_t capacity) : capacity_(capacity) {}

  // Inserts `key`; returns false when it was already present (a duplicate).
  bool insert(const std::string& key) {
    const auto found = index_.find(key);
    if (found != index_.end()) {
      order_.splice(order_.begin(), order_, found->second);
      return false;
    }
    order_.push_front(key);
    index_.emplace(key, order_.begin());
    if (order_.size() > capacity_) {
      index_.erase(order_.back());
      order_.pop_back();
    }
    return true;
  }

 private:
  std::size_t capacity_;
  std::list<std::string> order_;  // most recent first
  std::unordered_map<std::string, std::list<std::string>::iterator> index_;
};

std::size_t read_count(const char* name, std::size_t fallback) {
  const char* text = std::getenv(name);
  return text != nullptr && *text != '\0' ? std::strtoull(text, nullptr, 10) : fallback;
}

bool set(rd_kafka_conf_t* conf, const char* name, const char* value) {
  char error[512];
  if (rd_kafka_conf_set(conf, name, value, error, sizeof error) != RD_KAFKA_CONF_OK) {
    std::fprintf(stderr, "dedup_consumer: invalid property %s=%s: %s\n", name, value, error);
    return false;
  }
  return true;
}

// Marks `message` as handled: the group's committed offset becomes the one after it.
void store_next_offset(rd_kafka_t* consumer, const rd_kafka_message_t& message) {
  rd_kafka_topic_partition_list_t* offsets = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(offsets, rd_kafka_topic_name(message.rkt), message.partition)
      ->offset = message.offset + 1;
  rd_kafka_offsets_store(consumer, offsets);
  rd_kafka_topic_partition_list_destroy(offsets);
}

struct ConsumerDeleter {
  void operator()(rd_kafka_t* consumer) const {
    rd_kafka_consumer_close(consumer);
    rd_kafka_destroy(consumer);
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: dedup_consumer BROKERS GROUP_ID TOPIC [TOPIC...]\n");
    return 2;
  }
  const std::size_t capacity = read_count("DEDUP_CAPACITY", 100000);
  const std::size_t max_messages = read_count("DEDUP_MAX_MESSAGES", 0);

  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  // Offsets are stored by hand after each record is handled, then committed in the
  // background.
  if (!set(conf, "bootstrap.servers", argv[1]) || !set(conf, "group.id", argv[2]) ||
      !set(conf, "auto.offset.reset", "earliest") ||
      !set(conf, "enable.auto.offset.store", "false") ||
      !set(conf, "isolation.level", "read_committed")) {
    rd_kafka_conf_destroy(conf);
    return 2;
  }
  char error[512];
  rd_kafka_t* raw_consumer = rd_kafka_new(RD_KAFKA_CONSUMER, conf, error, sizeof error);
  if (raw_consumer == nullptr) {
    std::fprintf(stderr, "dedup_consumer: cannot create the consumer: %s\n", error);
    rd_kafka_conf_destroy(conf);
    return 1;
  }
  const std::unique_ptr<rd_kafka_t, ConsumerDeleter> consumer(raw_consumer);
  rd_kafka_poll_set_consumer(consumer.get());

  rd_kafka_topic_partition_list_t* topics = rd_kafka_topic_partition_list_new(argc - 3);
  for (int i = 3; i < argc; ++i) {
    rd_kafka_topic_partition_list_add(topics, argv[i], RD_KAFKA_PARTITION_UA);
  }
  const rd_kafka_resp_err_t subscribed = rd_kafka_subscribe(consumer.get(), topics);
  rd_kafka_topic_partition_list_destroy(topics);
  if (subscribed != RD_KAFKA_RESP_ERR_NO_ERROR) {
    std::fprintf(stderr, "dedup_consumer: subscribe failed: %s\n", rd_kafka_err2str(subscribed));
    return 1;
  }

  signal(SIGINT, request_stop);
  signal(SIGTERM, request_stop);
  RecentKeys seen(capacity);
  std::size_t consumed = 0;
  std::size_t duplicates = 0;
  while (!g_stop_requested && (max_messages == 0 || consumed < max_messages)) {
    rd_kafka_message_t* message = rd_kafka_consumer_poll(consumer.get(), 500);
    if (message == nullptr) {
      continue;
    }
    if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      ++consumed;
      const std::string key(static_cast<const char*>(message->key), message->key_len);
      if (seen.insert(key)) {
        // Handle the event here; this example prints where it came from.
        std::printf("%s %s %d %lld\n", key.c_str(), rd_kafka_topic_name(message->rkt),
                    message->partition, static_cast<long long>(message->offset));
      } else {
        ++duplicates;
      }
      store_next_offset(consumer.get(), *message);
    } else if (message->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      std::fprintf(stderr, "dedup_consumer: consume error: %s\n", rd_kafka_message_errstr(message));
    }
    rd_kafka_message_destroy(message);
  }
  std::fprintf(stderr, "dedup_consumer: consumed=%zu duplicates_skipped=%zu\n", consumed,
               duplicates);
  return 0;
}
