#include "bridge/http/webhook_server.hpp"

#include <optional>
#include <stdexcept>

#include "bridge/http/reply.hpp"
#include "bridge/log/logger.hpp"
#include "bridge/log/rate_limiter.hpp"

namespace bridge::http {
namespace {

constexpr const char* kSignatureHeader = "Attio-Signature";
constexpr const char* kLegacySignatureHeader = "X-Attio-Signature";
constexpr const char* kIdempotencyKeyHeader = "Idempotency-Key";
constexpr std::uint32_t kMaxRejectionLinesPerSecond = 10;

// Start of the request being served on this worker thread, for the duration histogram.
thread_local std::chrono::steady_clock::time_point t_request_started;

std::string_view signature_of(const httplib::Request& request) {
  const auto primary = request.headers.find(kSignatureHeader);
  if (primary != request.headers.end() && !primary->second.empty()) {
    return primary->second;
  }
  const auto legacy = request.headers.find(kLegacySignatureHeader);
  if (legacy != request.headers.end()) {
    return legacy->second;
  }
  return {};
}

void send(const Reply& reply, httplib::Response& response) {
  response.status = reply.status;
  if (reply.retry_after_seconds) {
    response.set_header("Retry-After", std::to_string(*reply.retry_after_seconds));
  }
  if (reply.allow_post) {
    response.set_header("Allow", "POST");
  }
  response.set_content(reply.body, "application/json");
}

// Runs the checks that need only the request line and headers. Returns the rejection, or
// nullopt when the request may go on to the body.
std::optional<EarlyRejection> check_headers(const httplib::Request& request,
                                            std::size_t max_body_bytes) {
  if (request.method != "POST") {
    return EarlyRejection::kMethodNotAllowed;
  }
  if (request.has_header("Content-Length")) {
    const std::string length = request.get_header_value("Content-Length");
    char* end = nullptr;
    const unsigned long long bytes = std::strtoull(length.c_str(), &end, 10);
    if (end == length.c_str() || *end != '\0' || bytes > max_body_bytes) {
      return EarlyRejection::kPayloadTooLarge;
    }
  }
  const std::string encoding = request.get_header_value("Content-Encoding");
  if (!encoding.empty() && encoding != "identity") {
    return EarlyRejection::kUnsupportedContentEncoding;
  }
  if (signature_of(request).empty()) {
    return EarlyRejection::kMissingSignature;
  }
  return std::nullopt;
}

}  // namespace

WebhookServer::WebhookServer(WebhookServerSettings settings,
                             const pipeline::DeliveryPipeline& pipeline,
                             metrics::BridgeMetrics& metrics)
    : settings_(std::move(settings)),
      pipeline_(pipeline),
      metrics_(metrics),
      server_(ConnectionLimits{settings_.worker_threads, settings_.max_connections,
                               settings_.request_read_deadline}) {
  server_.set_payload_max_length(settings_.max_body_bytes);
  server_.set_read_timeout(settings_.read_timeout);
  server_.set_write_timeout(settings_.write_timeout);
  server_.set_keep_alive_timeout(settings_.keep_alive_timeout.count());
  server_.set_keep_alive_max_count(settings_.keep_alive_max_requests);
  // cpp-httplib writes headers and body in two send calls. Without TCP_NODELAY the body
  // waits for the client's delayed ACK, about 40 ms per response on Linux.
  server_.set_tcp_nodelay(true);
  install_routes();
}

WebhookServer::~WebhookServer() {
  stop();
}

void WebhookServer::install_routes() {
  // Runs before the body is read: for requests that send `Expect: 100-continue`, a rejection
  // here means the client never sends the body.
  server_.set_expect_100_continue_handler(
      [this](const httplib::Request& request, httplib::Response& response) {
        if (request.path != settings_.webhook_path) {
          return 100;
        }
        if (const auto rejection = check_headers(request, settings_.max_body_bytes)) {
          send(make_reply(*rejection, settings_.max_body_bytes), response);
          // cpp-httplib 0.11.4 writes the response of this handler without Content-Length, so a
          // keep-alive client could not tell where its body ends.
          response.set_header("Content-Length", std::to_string(response.body.size()));
          return response.status;
        }
        return 100;
      });

  server_.set_pre_routing_handler(
      [this](const httplib::Request& request, httplib::Response& response) {
        t_request_started = std::chrono::steady_clock::now();
        if (request.path != settings_.webhook_path) {
          return httplib::Server::HandlerResponse::Unhandled;
        }
        if (const auto rejection = check_headers(request, settings_.max_body_bytes)) {
          if (*rejection == EarlyRejection::kMissingSignature) {
            metrics_.count_signature_failure("missing");
          }
          log::debug("webhook request rejected before its body was read",
                     {{"status", make_reply(*rejection, settings_.max_body_bytes).status}});
          send(make_reply(*rejection, settings_.max_body_bytes), response);
          return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
      });

  // The body is read through a ContentReader so that its size is checked while it arrives:
  // cpp-httplib 0.11.4 applies its payload limit only to bodies with Content-Length, and
  // would buffer a chunked body of any size.
  server_.Post(settings_.webhook_path, [this](const httplib::Request& request,
                                              httplib::Response& response,
                                              const httplib::ContentReader& content_reader) {
    std::string body;
    bool too_large = false;
    const bool complete = content_reader([&](const char* data, std::size_t length) {
      if (length > settings_.max_body_bytes - body.size()) {
        too_large = true;
        return false;
      }
      body.append(data, length);
      return true;
    });
    if (too_large) {
      log::debug("webhook request rejected: chunked body over the size limit",
                 {{"max_body_bytes", settings_.max_body_bytes}});
      send(make_reply(EarlyRejection::kPayloadTooLarge, settings_.max_body_bytes), response);
      return;
    }
    if (!complete) {
      log::info("reading the webhook request body failed; responding 400",
                {{"bytes_read", body.size()}});
      send(make_reply(EarlyRejection::kUnreadableBody, settings_.max_body_bytes), response);
      return;
    }

    pipeline::DeliveryRequest delivery;
    delivery.body = body;
    delivery.signature = signature_of(request);
    if (const auto key = request.headers.find(kIdempotencyKeyHeader);
        key != request.headers.end()) {
      delivery.idempotency_key = key->second;
    }
    // A view into the request's own header: get_header_value() returns a temporary copy.
    if (const auto type = request.headers.find("Content-Type"); type != request.headers.end()) {
      delivery.content_type = type->second;
    }
    delivery.received_at = std::chrono::system_clock::now();

    const pipeline::DeliveryResult result = pipeline_.handle(delivery);
    const Reply reply = make_reply(result);
    if (reply.status >= 400) {
      // Anyone who can reach the listener can cause these lines; the metrics count all.
      static log::RateLimiter rejected_lines(kMaxRejectionLinesPerSecond);
      if (const auto suppressed = rejected_lines.admit(std::chrono::steady_clock::now())) {
        log::info("webhook delivery rejected",
                  {{"status", reply.status},
                   {"reason", result.reason},
                   {"bytes", body.size()},
                   {"suppressed_since_last", *suppressed}});
      }
    } else {
      log::debug("webhook delivery handled", {{"status", reply.status}, {"events", result.events}});
    }
    send(reply, response);
  });

  server_.set_logger([this](const httplib::Request& request, const httplib::Response& response) {
    if (request.path != settings_.webhook_path) {
      return;
    }
    metrics_.count_http_request(response.status);
    metrics_.observe_request_duration(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t_request_started)
            .count());
  });
}

int WebhookServer::bind() {
  const int port = settings_.listen.port == 0
                       ? server_.bind_to_any_port(settings_.listen.host)
                       : (server_.bind_to_port(settings_.listen.host, settings_.listen.port)
                              ? settings_.listen.port
                              : -1);
  if (port < 0) {
    throw std::runtime_error("cannot listen on " + settings_.listen.to_string() +
                             " for webhooks; check that the address is local and the port is free");
  }
  return port;
}

void WebhookServer::start() {
  thread_ = std::thread([this] { server_.listen_after_bind(); });
}

void WebhookServer::stop() {
  server_.stop();
  if (thread_.joinable()) {
    thread_.join();
  }
}

}  // namespace bridge::http
