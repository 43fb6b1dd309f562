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

// An HTTP answer to a webhook request: status, JSON body and the headers that go with them.
struct Reply {
  int status = 200;
  std::string body;
  std::optional<int> retry_after_seconds;
  bool allow_post = false;  // adds `Allow: POST`
};

// The one place where delivery outcomes become HTTP statuses. 2xx tells Attio the delivery
// is safe in Kafka; 503 with Retry-After means "retry later"; 4xx means the request itself
// is wrong (Attio still retries it, up to 10 times over about 3 days).
Reply make_reply(const pipeline::DeliveryResult& result);
Reply make_reply(EarlyRejection rejection, std::size_t max_body_bytes);

}  // namespace bridge::http
