#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace bridge::pipeline {

// The parts of one webhook HTTP request that the pipeline reads.
struct DeliveryRequest {
  std::string_view body;
  std::string_view signature;  // Attio-Signature, else X-Attio-Signature; empty when absent
  std::optional<std::string_view> idempotency_key;
  std::string_view content_type;
  std::chrono::system_clock::time_point received_at;
};

// Result of one delivery. The HTTP layer maps each value to one status code.
enum class Outcome {
  kAccepted,      // every record acknowledged by Kafka
  kDeadLettered,  // body unusable; written unchanged to the dead-letter topic
  kMissingSignature,
  kInvalidSignature,
  kInvalidIdempotencyKey,
  kMessageTooLarge,  // a record would exceed message.max.bytes; nothing produced
  kOverloaded,       // in-flight limit reached; nothing produced
  kUnavailable,      // Kafka unreachable, an error ack, or acks timed out
};

struct DeliveryResult {
  Outcome outcome = Outcome::kAccepted;
  std::size_t events = 0;         // elements of `events` handled
  std::size_t dead_lettered = 0;  // of those, written to the dead-letter topic
  std::size_t dropped = 0;        // of those, dropped by a route rule
  std::string reason;             // short code for logs and metrics
};

}  // namespace bridge::pipeline
