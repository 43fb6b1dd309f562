#include "bridge/enrich/fetch_rate_limiter.hpp"

#include <algorithm>

namespace bridge::enrich {

FetchRateLimiter::FetchRateLimiter(int per_second, TimePoint now)
    : per_second_(std::max(per_second, 1)), tokens_(per_second_), refilled_at_(now) {}

void FetchRateLimiter::refill(TimePoint now) {
  if (now <= refilled_at_) {
    return;
  }
  const std::chrono::duration<double> elapsed = now - refilled_at_;
  tokens_ = std::min<double>(per_second_, tokens_ + elapsed.count() * per_second_);
  refilled_at_ = now;
}

bool FetchRateLimiter::try_acquire(TimePoint now) {
  refill(now);
  if (tokens_ < 1.0) {
    return false;
  }
  tokens_ -= 1.0;
  return true;
}

FetchRateLimiter::TimePoint FetchRateLimiter::next_token_at() const {
  const std::chrono::duration<double> wait((1.0 - std::min(tokens_, 1.0)) / per_second_);
  return refilled_at_ + std::chrono::ceil<std::chrono::microseconds>(wait);
}

}  // namespace bridge::enrich
