#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "bridge/metrics/bridge_metrics.hpp"
#include "bridge/metrics/kafka_metrics.hpp"
#include "bridge/publish/kafka_handles.hpp"
#include "bridge/publish/kafka_settings.hpp"
#include "bridge/publish/publisher.hpp"

namespace bridge::publish {

// A producer setting librdkafka rejects; raised at start-up only.
class KafkaConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Publishes through one idempotent librdkafka producer shared by all request threads.
//
// Threads: publish() runs on HTTP worker threads; delivery reports and librdkafka's error and
// log callbacks run on the poll thread this class owns; a second thread requests metadata from the
// cluster every second to track connected().
class KafkaPublisher final : public Publisher {
 public:
  // Called once, from the poll thread, when librdkafka raises a fatal error (for example an
  // idempotence sequence error); the producer cannot be used after it.
  using FatalErrorHandler = std::function<void(const std::string& reason)>;

  // Creates the producer; throws KafkaConfigError naming the property librdkafka rejected.
  // Does not wait for the cluster: the bridge starts even when Kafka is unreachable.
  KafkaPublisher(const KafkaSettings& settings, metrics::BridgeMetrics& metrics,
                 FatalErrorHandler on_fatal_error);
  ~KafkaPublisher() override;

  KafkaPublisher(const KafkaPublisher&) = delete;
  KafkaPublisher& operator=(const KafkaPublisher&) = delete;

  PublishResult publish(const std::vector<OutgoingMessage>& messages,
                        std::chrono::milliseconds timeout) override;
  bool connected() const override { return connected_.load(); }

  // Waits up to `timeout` for every produced record to be acknowledged; returns the number
  // still unacknowledged.
  int flush(std::chrono::milliseconds timeout);

  // Calls from librdkafka's callbacks; public only so that the C callbacks can reach them.
  void on_delivery_report(const rd_kafka_message_t& message);
  void on_error(rd_kafka_resp_err_t error, const char* reason);
  void on_statistics(std::string_view json);

 private:
  void poll_loop();
  void probe_loop();
  void release_inflight(std::size_t count);

  metrics::BridgeMetrics& metrics_;
  metrics::KafkaMetrics kafka_metrics_;
  FatalErrorHandler on_fatal_error_;
  std::size_t max_inflight_events_;
  std::size_t max_message_bytes_ = 1000000;
  KafkaHandle producer_;

  std::atomic<std::size_t> inflight_events_{0};
  std::atomic<bool> connected_{false};
  std::atomic<bool> fatal_{false};

  std::atomic<bool> stopping_{false};
  std::mutex stop_mutex_;
  std::condition_variable stop_signal_;
  std::thread poll_thread_;
  std::thread probe_thread_;
};

}  // namespace bridge::publish
