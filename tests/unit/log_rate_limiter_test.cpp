#include "bridge/log/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace bridge::log {
namespace {

const auto kStart = std::chrono::steady_clock::time_point(std::chrono::hours(1));

TEST(LogRateLimiter, AdmitsUpToLimitPerSecond) {
  RateLimiter limiter(3);
  EXPECT_TRUE(limiter.admit(kStart));
  EXPECT_TRUE(limiter.admit(kStart + std::chrono::milliseconds(10)));
  EXPECT_TRUE(limiter.admit(kStart + std::chrono::milliseconds(20)));
  EXPECT_FALSE(limiter.admit(kStart + std::chrono::milliseconds(30)));
}

TEST(LogRateLimiter, ReportsSuppressedCountOnNextLine) {
  RateLimiter limiter(1);
  ASSERT_EQ(limiter.admit(kStart), 0u);
  EXPECT_FALSE(limiter.admit(kStart + std::chrono::milliseconds(1)));
  EXPECT_FALSE(limiter.admit(kStart + std::chrono::milliseconds(2)));
  const auto next = limiter.admit(kStart + std::chrono::seconds(1));
  ASSERT_TRUE(next);
  EXPECT_EQ(*next, 2u);
  EXPECT_EQ(limiter.admit(kStart + std::chrono::seconds(2)), 0u);
}

}  // namespace
}  // namespace bridge::log
