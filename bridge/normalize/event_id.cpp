#include "bridge/normalize/event_id.hpp"

#include "bridge/util/uuid.hpp"

namespace bridge::normalize {

bool is_valid_idempotency_key(std::string_view key) {
  if (key.empty() || key.size() > kMaxIdempotencyKeyBytes) {
    return false;
  }
  for (const char c : key) {
    if (c < 0x20 || c > 0x7e) {
      return false;
    }
  }
  return true;
}

std::string make_event_id(std::optional<std::string_view> idempotency_key, std::size_t index,
                          std::size_t event_count, std::chrono::system_clock::time_point now) {
  if (!idempotency_key) {
    return util::make_uuid_v7(now);
  }
  std::string id(*idempotency_key);
  if (event_count > 1) {
    id.push_back(':');
    id.append(std::to_string(index));
  }
  return id;
}

}  // namespace bridge::normalize
