#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace bridge::normalize {

// Longest Idempotency-Key header value accepted, in bytes.
inline constexpr std::size_t kMaxIdempotencyKeyBytes = 200;

// Returns true when `key` is 1 to 200 bytes of printable ASCII (0x20 to 0x7E).
bool is_valid_idempotency_key(std::string_view key);

// Returns the event id of event `index` (zero-based) of a delivery holding `event_count`
// events. With an Idempotency-Key header, Attio's retries of a delivery carry the same key, so
// the id is the key itself for a single event and "<key>:<index>" for several. Without one,
// each event gets a fresh UUIDv7. The id is never derived from the body: Attio sends
// byte-identical deliveries for distinct changes.
std::string make_event_id(std::optional<std::string_view> idempotency_key, std::size_t index,
                          std::size_t event_count, std::chrono::system_clock::time_point now);

}  // namespace bridge::normalize
