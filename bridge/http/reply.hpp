#pragma once

#include <optional>
#include <string>

#include "bridge/pipeline/delivery_request.hpp"

namespace bridge::http {

// Rejections decided before the pipeline runs: from the request line and headers, or while
// the body is read.
enum class EarlyRejection {
  kMethodNotAllowed,
  kPayloadTooLarge,
  kUnsupportedContentEncoding,
  kMissingSignature,
  kUnreadableBody,  // the connection failed or the chunked encoding was invalid mid-body
};

// The HTTP response to a webhook request: status, JSON body and the headers that go with them.
struct Reply {
  int status = 200;
  std::string body;
  std::optional<int> retry_after_seconds;
  bool allow_post = false;  // adds `Allow: POST`
};

// Maps delivery outcomes to HTTP statuses, in this one place. A 2xx means the delivery is
// safe in Kafka, and a 503 with Retry-After means "retry later". A 4xx means the request
// itself is wrong, though Attio still retries it (up to 10 times over about 3 days).
Reply make_reply(const pipeline::DeliveryResult& result);
Reply make_reply(EarlyRejection rejection, std::size_t max_body_bytes);

}  // namespace bridge::http
