#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "support/kafka_reader.hpp"

namespace bridge::testing {

// One signed delivery with its own Idempotency-Key, and the bridge's response to it.
struct DeliveryRecord {
  std::string key;
  int first_status = 0;  // HTTP status of the first attempt; 0 when the request failed
  int final_status = 0;  // status of the last attempt
  int attempts = 0;
  // Body of the first response when it was not 200, or the client error when there was none.
  std::string first_body;
};

// Posts unique signed deliveries to the bridge from several threads, each with a keep-alive
// httplib::Client, the way Attio would: every delivery has its own Idempotency-Key, and a
// retry repeats the same body and key.
class LoadDriver {
 public:
  struct Options {
    std::size_t deliveries = 5000;
    std::size_t threads = 8;
    std::string body;                  // one-event delivery body, the same for every key
    std::string key_prefix = "load-";  // keys are prefix + zero-padded index
    std::string webhook_path = "/webhooks/attio";
  };

  // `current_port` returns the bridge's webhook port; it is read again after a failed
  // request, so a restarted bridge on a new port is found.
  LoadDriver(Options options, std::function<int()> current_port);

  // Posts every delivery once, spread over the threads. Returns when every delivery got a response
  // or failed.
  void post_all_once();

  // Posts each delivery whose last answer was not 200 again, up to `max_rounds` rounds,
  // waiting `pause` between rounds like Attio's retry schedule does (much shortened).
  void retry_until_accepted(int max_rounds, std::chrono::milliseconds pause);

  // Deliveries whose first attempt got an answer (any status) or failed, so far.
  std::size_t finished_first_attempts() const { return finished_.load(); }

  const std::vector<DeliveryRecord>& deliveries() const { return deliveries_; }

 private:
  struct ClientSlot;

  // Posts delivery `index` once and records the answer.
  void post_one(std::size_t index, ClientSlot& slot);
  void run_on_threads(const std::vector<std::size_t>& indexes);

  Options options_;
  std::function<int()> current_port_;
  std::string signature_;  // of options_.body under the fixture secret
  std::vector<DeliveryRecord> deliveries_;
  std::atomic<std::size_t> finished_{0};
};

// What a fault run ended with, compared with what Kafka holds.
struct FaultRunCounts {
  std::size_t posted = 0;
  std::size_t answered_200_first = 0;        // 200 at the first attempt
  std::size_t answered_503_first = 0;        // 503 at the first attempt
  std::size_t failed_first = 0;              // no HTTP answer at the first attempt
  std::size_t accepted_final = 0;            // 200 at the last attempt
  std::size_t found_in_kafka = 0;            // deliveries with at least one record of their key
  std::size_t duplicates = 0;                // records beyond the first, summed over keys
  std::size_t accepted_missing = 0;          // answered 200 at some attempt, yet no record
  std::size_t once_accepted_duplicated = 0;  // posted once, 200 at once, and > 1 record
  // Client errors of first attempts without an HTTP answer, e.g. "Connection" -> 3.
  std::map<std::string, std::size_t> no_answer_errors;

  // One line for the test log, e.g. "posted=5000 answered_200=..."
  std::string summary() const;
};

// Counts records per key in `records` and compares them with `deliveries`.
FaultRunCounts count_fault_run(const std::vector<DeliveryRecord>& deliveries,
                               const std::vector<KafkaRecord>& records);

// Calls `condition` every `interval` until it returns true (then returns true) or `timeout`
// passes (then returns false).
bool poll_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout,
                std::chrono::milliseconds interval = std::chrono::milliseconds(50));

// Returns the VmRSS of process `pid` in KiB from /proc/PID/status, or 0 when unavailable.
std::size_t resident_set_kib(int pid);

}  // namespace bridge::testing
