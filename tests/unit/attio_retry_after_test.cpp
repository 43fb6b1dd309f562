#include <gtest/gtest.h>

#include "bridge/attio/retry_after.hpp"

namespace bridge::attio {
namespace {

std::chrono::system_clock::time_point at(const char* http_date) {
  const auto parsed = parse_http_date(http_date);
  EXPECT_TRUE(parsed.has_value()) << http_date;
  return parsed.value_or(std::chrono::system_clock::time_point{});
}

TEST(AttioRetryAfter, ParsesDeltaSeconds) {
  const auto now = std::chrono::system_clock::now();
  EXPECT_EQ(parse_retry_after("0", now), std::chrono::seconds(0));
  EXPECT_EQ(parse_retry_after("17", now), std::chrono::seconds(17));
}

TEST(AttioRetryAfter, ParsesAllHttpDateForms) {
  const auto now = at("Wed, 21 Oct 2026 07:28:00 GMT");
  EXPECT_EQ(std::chrono::system_clock::to_time_t(now), 1792567680);
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2026 07:28:09 GMT", now), std::chrono::seconds(9));
  EXPECT_EQ(parse_retry_after("Wednesday, 21-Oct-26 07:29:00 GMT", now), std::chrono::seconds(60));
  EXPECT_EQ(parse_retry_after("Wed Oct 21 07:28:30 2026", now), std::chrono::seconds(30));
}

TEST(AttioRetryAfter, PastDateMeansNoWait) {
  const auto now = at("Wed, 21 Oct 2026 07:28:00 GMT");
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2026 07:27:00 GMT", now), std::chrono::seconds(0));
}

TEST(AttioRetryAfter, RejectsGarbage) {
  const auto now = std::chrono::system_clock::now();
  EXPECT_FALSE(parse_retry_after("", now).has_value());
  EXPECT_FALSE(parse_retry_after("soon", now).has_value());
  EXPECT_FALSE(parse_retry_after("-5", now).has_value());
  EXPECT_FALSE(parse_retry_after("Wed, 21 Foo 2026 07:28:09 GMT", now).has_value());
  EXPECT_FALSE(parse_retry_after("Wed, 21 Oct 2026 07:28:09 CET", now).has_value());
  EXPECT_FALSE(parse_retry_after("Wed, 21 Oct 2026 07:28:09 GMT trailing", now).has_value());
}

}  // namespace
}  // namespace bridge::attio
