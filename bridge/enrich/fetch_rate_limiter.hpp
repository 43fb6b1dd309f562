#pragma once

#include <chrono>

namespace bridge::enrich {

// Token bucket that paces the enrichment worker's requests to Attio: at most
// `per_second` requests in any second on average, with bursts of up to `per_second`. Not
// thread-safe; the worker owns it.
class FetchRateLimiter {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  FetchRateLimiter(int per_second, TimePoint now);

  // Takes a token and returns true, or returns false when none is left at `now`.
  bool try_acquire(TimePoint now);
  // Returns when the next token becomes available.
  TimePoint next_token_at() const;

 private:
  void refill(TimePoint now);

  const int per_second_;
  double tokens_;
  TimePoint refilled_at_;
};

}  // namespace bridge::enrich
