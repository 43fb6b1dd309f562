#include "support/enrich_support.hpp"

#include <thread>

namespace bridge::testing {

std::chrono::steady_clock::time_point FakeSteadyClock::now() const {
  const std::lock_guard lock(mutex_);
  return now_;
}

void FakeSteadyClock::advance(std::chrono::milliseconds by) {
  const std::lock_guard lock(mutex_);
  now_ += by;
}

bool eventually(const std::function<bool()>& condition) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) {
      return condition();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

double counter_value(metrics::BridgeMetrics& metrics, std::string_view name, std::string_view label,
                     std::string_view value) {
  for (const prometheus::MetricFamily& family : metrics.registry().Collect()) {
    if (family.name != name) {
      continue;
    }
    for (const prometheus::ClientMetric& metric : family.metric) {
      for (const prometheus::ClientMetric::Label& pair : metric.label) {
        if (pair.name == label && pair.value == value) {
          return metric.counter.value;
        }
      }
    }
  }
  return -1;
}

attio::ApiSettings fake_api_settings(const std::string& base_url) {
  attio::ApiSettings settings;
  settings.base_url = base_url;
  settings.api_key = "test-key";
  settings.timeout = std::chrono::milliseconds(5000);
  settings.max_attempts = 1;
  return settings;
}

}  // namespace bridge::testing
