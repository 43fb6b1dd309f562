#include "bridge/http/reply.hpp"

namespace bridge::http {
namespace {

// Seconds a client should wait before retrying after a 503.
constexpr int kRetryAfterUnavailableSeconds = 5;
constexpr int kRetryAfterOverloadedSeconds = 1;

Reply error_reply(int status, const std::string& error) {
  return {status, "{\"error\":\"" + error + "\"}", std::nullopt, false};
}

Reply retry_reply(const std::string& error, int retry_after_seconds) {
  Reply reply = error_reply(503, error);
  reply.retry_after_seconds = retry_after_seconds;
  return reply;
}

}  // namespace

Reply make_reply(const pipeline::DeliveryResult& result) {
  using pipeline::Outcome;
  switch (result.outcome) {
    case Outcome::kAccepted: {
      std::string body = "{\"status\":\"accepted\",\"events\":" + std::to_string(result.events);
      if (result.dead_lettered > 0) {
        body += ",\"dead_lettered\":" + std::to_string(result.dead_lettered);
      }
      if (result.dropped > 0) {
        body += ",\"dropped\":" + std::to_string(result.dropped);
      }
      return {200, body + "}", std::nullopt, false};
    }
    case Outcome::kDeadLettered:
      return {202, "{\"status\":\"dead-lettered\"}", std::nullopt, false};
    case Outcome::kMissingSignature:
      return error_reply(401, "missing_signature");
    case Outcome::kInvalidSignature:
      return error_reply(401, "invalid_signature");
    case Outcome::kInvalidIdempotencyKey:
      return error_reply(400, "invalid_idempotency_key");
    case Outcome::kMessageTooLarge:
      return error_reply(413, "message_too_large");
    case Outcome::kOverloaded:
      return retry_reply("overloaded", kRetryAfterOverloadedSeconds);
    case Outcome::kUnavailable: {
      Reply reply = retry_reply("kafka_unavailable", kRetryAfterUnavailableSeconds);
      reply.body = "{\"error\":\"kafka_unavailable\",\"reason\":\"" + result.reason + "\"}";
      return reply;
    }
  }
  return retry_reply("internal", kRetryAfterUnavailableSeconds);
}

Reply make_reply(EarlyRejection rejection, std::size_t max_body_bytes) {
  switch (rejection) {
    case EarlyRejection::kMethodNotAllowed: {
      Reply reply = error_reply(405, "method_not_allowed");
      reply.allow_post = true;
      return reply;
    }
    case EarlyRejection::kPayloadTooLarge:
      return {413,
              "{\"error\":\"payload_too_large\",\"max_body_bytes\":" +
                  std::to_string(max_body_bytes) + "}",
              std::nullopt, false};
    case EarlyRejection::kUnsupportedContentEncoding:
      return error_reply(415, "unsupported_content_encoding");
    case EarlyRejection::kMissingSignature:
      return error_reply(401, "missing_signature");
    case EarlyRejection::kUnreadableBody:
      return error_reply(400, "unreadable_body");
  }
  return error_reply(400, "bad_request");
}

}  // namespace bridge::http
