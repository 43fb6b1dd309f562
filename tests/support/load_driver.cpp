#include "support/load_driver.hpp"

#include <httplib.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <thread>
#include <unordered_map>

#include "bridge/verify/signature.hpp"
#include "support/fixtures.hpp"

namespace bridge::testing {

// A keep-alive client of one thread, rebuilt when the bridge's port changes.
struct LoadDriver::ClientSlot {
  std::unique_ptr<httplib::Client> client;
  int port = 0;
};

LoadDriver::LoadDriver(Options options, std::function<int()> current_port)
    : options_(std::move(options)),
      current_port_(std::move(current_port)),
      signature_(verify::compute_signature(verify::Secret(kFixtureSecret), options_.body)) {
  deliveries_.resize(options_.deliveries);
  for (std::size_t i = 0; i < deliveries_.size(); ++i) {
    char key[64];
    std::snprintf(key, sizeof key, "%s%06zu", options_.key_prefix.c_str(), i);
    deliveries_[i].key = key;
  }
}

void LoadDriver::post_one(std::size_t index, ClientSlot& slot) {
  const int port = current_port_();
  if (!slot.client || slot.port != port) {
    slot.client = std::make_unique<httplib::Client>("127.0.0.1", port);
    slot.client->set_keep_alive(true);
    slot.client->set_connection_timeout(std::chrono::seconds(5));
    slot.client->set_read_timeout(std::chrono::seconds(60));
    slot.port = port;
  }

  DeliveryRecord& delivery = deliveries_[index];
  const httplib::Headers headers = {{"Attio-Signature", signature_},
                                    {"Idempotency-Key", delivery.key}};
  const httplib::Result result =
      slot.client->Post(options_.webhook_path, headers, options_.body, "application/json");
  const int status = result ? result->status : 0;
  if (!result) {
    slot.client.reset();  // reconnect next time, maybe to a restarted bridge
  }
  if (delivery.attempts == 0) {
    delivery.first_status = status;
    if (result && status != 200) {
      delivery.first_body = result->body;
    } else if (!result) {
      delivery.first_body = "transport error: " + httplib::to_string(result.error());
    }
  }
  delivery.final_status = status;
  ++delivery.attempts;
}

void LoadDriver::run_on_threads(const std::vector<std::size_t>& indexes) {
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < options_.threads; ++t) {
    threads.emplace_back([&] {
      ClientSlot slot;
      for (std::size_t i = next.fetch_add(1); i < indexes.size(); i = next.fetch_add(1)) {
        const bool first = deliveries_[indexes[i]].attempts == 0;
        post_one(indexes[i], slot);
        if (first) {
          finished_.fetch_add(1);
        }
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
}

void LoadDriver::post_all_once() {
  std::vector<std::size_t> indexes(deliveries_.size());
  for (std::size_t i = 0; i < indexes.size(); ++i) {
    indexes[i] = i;
  }
  run_on_threads(indexes);
}

void LoadDriver::retry_until_accepted(int max_rounds, std::chrono::milliseconds pause) {
  for (int round = 0; round < max_rounds; ++round) {
    std::vector<std::size_t> pending;
    for (std::size_t i = 0; i < deliveries_.size(); ++i) {
      if (deliveries_[i].final_status != 200) {
        pending.push_back(i);
      }
    }
    if (pending.empty()) {
      return;
    }
    if (round > 0) {
      std::this_thread::sleep_for(pause);  // the retry delay, as a sender would wait
    }
    run_on_threads(pending);
  }
}

std::string FaultRunCounts::summary() const {
  std::string errors;
  for (const auto& [error, count] : no_answer_errors) {
    errors += " [" + error + ": " + std::to_string(count) + "]";
  }
  return "posted=" + std::to_string(posted) +
         " answered_200=" + std::to_string(answered_200_first) +
         " answered_503=" + std::to_string(answered_503_first) +
         " no_answer=" + std::to_string(failed_first) +
         " accepted_after_retries=" + std::to_string(accepted_final) +
         " found_in_kafka=" + std::to_string(found_in_kafka) +
         " duplicates=" + std::to_string(duplicates) +
         " accepted_missing=" + std::to_string(accepted_missing) + errors;
}

FaultRunCounts count_fault_run(const std::vector<DeliveryRecord>& deliveries,
                               const std::vector<KafkaRecord>& records) {
  std::unordered_map<std::string, std::size_t> records_per_key;
  for (const KafkaRecord& record : records) {
    ++records_per_key[record.key];
  }

  FaultRunCounts counts;
  counts.posted = deliveries.size();
  for (const DeliveryRecord& delivery : deliveries) {
    counts.answered_200_first += delivery.first_status == 200 ? 1 : 0;
    counts.answered_503_first += delivery.first_status == 503 ? 1 : 0;
    if (delivery.first_status == 0) {
      ++counts.failed_first;
      ++counts.no_answer_errors[delivery.first_body];
    }
    counts.accepted_final += delivery.final_status == 200 ? 1 : 0;

    const auto found = records_per_key.find(delivery.key);
    const std::size_t copies = found == records_per_key.end() ? 0 : found->second;
    counts.found_in_kafka += copies > 0 ? 1 : 0;
    counts.duplicates += copies > 1 ? copies - 1 : 0;
    const bool accepted = delivery.first_status == 200 || delivery.final_status == 200;
    counts.accepted_missing += accepted && copies == 0 ? 1 : 0;
    const bool accepted_once = delivery.attempts == 1 && delivery.first_status == 200;
    counts.once_accepted_duplicated += accepted_once && copies > 1 ? 1 : 0;
  }
  return counts;
}

bool poll_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout,
                std::chrono::milliseconds interval) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (condition()) {
      return true;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      return false;
    }
    std::this_thread::sleep_for(interval);
  }
}

std::size_t resident_set_kib(int pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmRSS:")) {
      return std::strtoull(line.c_str() + 6, nullptr, 10);
    }
  }
  return 0;
}

}  // namespace bridge::testing
