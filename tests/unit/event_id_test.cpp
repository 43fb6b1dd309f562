#include "bridge/normalize/event_id.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <set>

namespace bridge::normalize {
namespace {

const auto kNow = std::chrono::system_clock::time_point(std::chrono::milliseconds(1764877668123));

TEST(EventId, SingleEventUsesKeyAsIs) {
  EXPECT_EQ(make_event_id("abc-123", 0, 1, kNow), "abc-123");
}

TEST(EventId, SeveralEventsAppendZeroBasedIndex) {
  EXPECT_EQ(make_event_id("abc", 0, 3, kNow), "abc:0");
  EXPECT_EQ(make_event_id("abc", 2, 3, kNow), "abc:2");
}

TEST(EventId, SameKeyGivesSameIdsOnRetry) {
  EXPECT_EQ(make_event_id("retry-key", 1, 2, kNow),
            make_event_id("retry-key", 1, 2, kNow + std::chrono::hours(30)));
}

TEST(EventId, WithoutKeyIsFreshUuidV7) {
  static const std::regex kUuidV7("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  std::set<std::string> ids;
  for (int i = 0; i < 100; ++i) {
    const std::string id = make_event_id(std::nullopt, 0, 1, kNow);
    EXPECT_TRUE(std::regex_match(id, kUuidV7)) << id;
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), 100u);
}

TEST(EventId, UuidV7StartsWithUnixMilliseconds) {
  // 1764877668123 ms is 0x019aeae80f1b.
  const std::string id = make_event_id(std::nullopt, 0, 1, kNow);
  EXPECT_EQ(id.substr(0, 13), "019aeae8-0f1b");
}

TEST(IdempotencyKey, AcceptsPrintableAscii) {
  EXPECT_TRUE(is_valid_idempotency_key("a"));
  EXPECT_TRUE(is_valid_idempotency_key("9f3c2a1e-0d4b-4c7e-8a6f-2b1d0e9c8a7f"));
  EXPECT_TRUE(is_valid_idempotency_key(" ~!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}"));
  EXPECT_TRUE(is_valid_idempotency_key(std::string(200, 'k')));
}

TEST(IdempotencyKey, RejectsLongerThan200Bytes) {
  EXPECT_FALSE(is_valid_idempotency_key(std::string(201, 'k')));
}

TEST(IdempotencyKey, RejectsEmpty) { EXPECT_FALSE(is_valid_idempotency_key("")); }

TEST(IdempotencyKey, RejectsControlAndNonAsciiBytes) {
  EXPECT_FALSE(is_valid_idempotency_key("tab\there"));
  EXPECT_FALSE(is_valid_idempotency_key("del\x7f"));
  EXPECT_FALSE(is_valid_idempotency_key("caf\xc3\xa9"));
  EXPECT_FALSE(is_valid_idempotency_key(std::string("nul\0byte", 8)));
}

}  // namespace
}  // namespace bridge::normalize
