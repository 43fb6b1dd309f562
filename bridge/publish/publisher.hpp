#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "bridge/publish/outgoing_message.hpp"

namespace bridge::publish {

enum class PublishStatus {
  kAcknowledged,     // Kafka acknowledged every record (acks=all)
  kOverloaded,       // the in-flight limit would be passed; nothing was produced
  kMessageTooLarge,  // a record exceeds message.max.bytes; nothing was produced
  kUnavailable,      // a produce call failed, an ack reported an error, or acks timed out
};

struct PublishResult {
  PublishStatus status = PublishStatus::kAcknowledged;
  // Short reason code for logs and the `reason` metric label, e.g. "ack_timeout".
  std::string reason;
  // Human-readable detail for logs, e.g. librdkafka's error string. Never contains a body.
  std::string detail;
};

// Sends records to Kafka. The seam between the delivery pipeline and librdkafka, so that the
// pipeline can be tested without a broker.
class Publisher {
 public:
  virtual ~Publisher() = default;

  // Produces every message and blocks until Kafka acknowledged all of them or `timeout`
  // passed. Either all messages are produced or, on kOverloaded and kMessageTooLarge, none.
  // Records produced before a failure may still reach Kafka later; callers respond so that
  // Attio retries, and consumers deduplicate by key. Safe to call from many threads.
  virtual PublishResult publish(const std::vector<OutgoingMessage>& messages,
                                std::chrono::milliseconds timeout) = 0;

  // Returns true while the producer has broker metadata.
  virtual bool connected() const = 0;
};

}  // namespace bridge::publish
