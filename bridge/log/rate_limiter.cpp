#include "bridge/log/rate_limiter.hpp"

namespace bridge::log {

std::optional<std::uint64_t> RateLimiter::admit(std::chrono::steady_clock::time_point now) {
  const std::lock_guard lock(mutex_);
  if (now - window_start_ >= std::chrono::seconds(1)) {
    window_start_ = now;
    lines_in_window_ = 0;
  }
  if (lines_in_window_ >= max_lines_) {
    ++suppressed_;
    return std::nullopt;
  }
  ++lines_in_window_;
  const std::uint64_t suppressed = suppressed_;
  suppressed_ = 0;
  return suppressed;
}

}  // namespace bridge::log
