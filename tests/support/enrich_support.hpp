#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

#include "bridge/attio/api_client.hpp"
#include "bridge/metrics/bridge_metrics.hpp"

namespace bridge::testing {

// A steady clock that moves only when the test advances it.
class FakeSteadyClock {
 public:
  std::chrono::steady_clock::time_point now() const;
  void advance(std::chrono::milliseconds by);

 private:
  mutable std::mutex mutex_;
  std::chrono::steady_clock::time_point now_{std::chrono::hours(1)};
};

// Polls `condition` until it is true or 10 s pass; returns its last value.
bool eventually(const std::function<bool()>& condition);

// Returns the value of counter `name` with label `label`=`value`, or -1 when absent.
double counter_value(metrics::BridgeMetrics& metrics, std::string_view name, std::string_view label,
                     std::string_view value);

// API settings for a fake Attio server at `base_url` with the key "test-key".
attio::ApiSettings fake_api_settings(const std::string& base_url);

}  // namespace bridge::testing
