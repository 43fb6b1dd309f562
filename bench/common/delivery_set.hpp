#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace bridge::bench {

// One generated Attio delivery with a single event, ready to send.
struct Delivery {
  std::string event_type;       // e.g. "record.created"
  std::string idempotency_key;  // unique within a run; the bridge uses it as the Kafka key
  std::string event_json;       // the event object, compact JSON
  std::string body;             // {"webhook_id": ..., "events": [event_json]}
  std::string signature;        // lowercase hex HMAC-SHA256 of body
};

struct DeliverySetOptions {
  std::filesystem::path fixtures_dir;
  std::string secret;
  std::string key_prefix;  // keys are key_prefix + "-" + index
  std::size_t count = 0;
  std::uint64_t seed = 1;
  std::size_t min_body_bytes = 512;
  std::size_t max_body_bytes = 2048;
};

// Generates `count` unique signed deliveries from the single-event fixtures in
// fixtures_dir. Each delivery copies one fixture (in turn), replaces every UUID except
// the workspace and webhook ids with a new one, and pads the event with a string
// member named "padding" so that the body size is uniform in
// [min_body_bytes, max_body_bytes]. Throws std::runtime_error when no fixture is usable.
std::vector<Delivery> generate_deliveries(const DeliverySetOptions& options);

// Returns the lowercase hex HMAC-SHA256 of data keyed with key.
std::string hmac_sha256_hex(std::string_view key, std::string_view data);

}  // namespace bridge::bench
