#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>

namespace bridge::log {

// Limits log lines that outside clients can trigger (bad signatures, malformed requests) to
// `max_lines` per second, so a flood cannot fill the disk. Metrics still count every event.
// Safe to use from many threads.
class RateLimiter {
 public:
  explicit RateLimiter(std::uint32_t max_lines) : max_lines_(max_lines) {}

  // Returns nullopt when the line must be dropped; otherwise the number of lines dropped
  // since the last admitted one, to be written with it.
  std::optional<std::uint64_t> admit(std::chrono::steady_clock::time_point now);

 private:
  std::mutex mutex_;
  std::uint32_t max_lines_;
  std::chrono::steady_clock::time_point window_start_{};
  std::uint32_t lines_in_window_ = 0;
  std::uint64_t suppressed_ = 0;
};

}  // namespace bridge::log
