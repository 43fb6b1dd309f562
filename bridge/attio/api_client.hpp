#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "bridge/attio/expected.hpp"
#include "bridge/attio/webhook.hpp"

namespace bridge::attio {

inline constexpr const char* kDefaultApiBaseUrl = "https://api.attio.com";

// Connection settings of the Attio REST API client.
struct ApiSettings {
  std::string base_url = kDefaultApiBaseUrl;
  // Bearer token. It goes only into the Authorization header, never into a message.
  std::string api_key;
  // PEM file of CA certificates that verify the API's TLS certificate; empty means the
  // system trust store. Verification is always on.
  std::string ca_file;
  // Connect, read and write timeout of each HTTP request.
  std::chrono::milliseconds timeout{30000};
  // Attempts per request, including the first one, for 429, 5xx and network errors.
  int max_attempts = 5;
  // Maximum wait for one Retry-After. A longer value is cut to this maximum.
  std::chrono::seconds max_retry_wait{60};
};

// Seams for tests: the sleep between attempts, the clock that Retry-After dates are read
// against, and where retry notices go.
struct ApiHooks {
  std::function<void(std::chrono::milliseconds)> sleep;
  std::function<std::chrono::system_clock::time_point()> now;
  std::ostream* log = nullptr;
};

// A failed API call. `message` names the request (method and URL, never the key), what
// Attio returned and what to do next.
struct ApiError {
  // HTTP status of the last response; 0 when no response arrived.
  int http_status = 0;
  std::string message;
};

// The base URL split for the HTTP client: "https://host:port" and an optional path prefix.
struct BaseUrl {
  std::string scheme_host_port;
  std::string path_prefix;
};

// Checks that `base_url` is http:// or https:// with a host, no user name or password,
// no query and no fragment.
Expected<BaseUrl, std::string> parse_base_url(const std::string& base_url);

// The final status and body of one GET request, whatever the status.
struct HttpReply {
  int status = 0;
  std::string body;
};

// Client of Attio's webhook endpoints under /v2/webhooks.
//
// Retries: 429 waits for Retry-After (an HTTP date or delta-seconds, capped by
// max_retry_wait) or else backs off. 5xx responses and network errors back off
// exponentially from 500 ms up to 8 s. GET, PATCH and DELETE are retried on all of them.
// POST (create) is retried only on 429, 503 and failed connection attempts, because a
// repeated create after any other failure could make a second webhook with a new secret.
class ApiClient {
 public:
  // `settings.base_url` must have passed parse_base_url.
  ApiClient(ApiSettings settings, ApiHooks hooks);

  // Reads every page (limit 100, then offset by 100) until a page has fewer than 100.
  Expected<std::vector<Webhook>, ApiError> list_webhooks();
  Expected<Webhook, ApiError> get_webhook(const std::string& webhook_id);
  Expected<CreatedWebhook, ApiError> create_webhook(const std::string& target_url,
                                                    const std::vector<Subscription>& subscriptions);
  Expected<Webhook, ApiError> update_webhook(
      const std::string& webhook_id, const std::optional<std::string>& target_url,
      const std::optional<std::vector<Subscription>>& subscriptions);
  // Returns true once the webhook is gone. A 404 after a retried DELETE counts as success
  // because an earlier attempt may have deleted it.
  Expected<bool, ApiError> delete_webhook(const std::string& webhook_id);

  // Sends GET `path` (e.g. /v2/objects/{object_id}) with the retries above and returns the
  // last response. Fails only when no response arrived. For endpoints outside /v2/webhooks,
  // whose callers interpret the status themselves.
  Expected<HttpReply, ApiError> get(const std::string& path);
  // Returns the full URL of `path`, for messages.
  std::string url_for(const std::string& path) const;

 private:
  struct Response {
    int status = 0;
    std::string body;
    int attempts = 0;
  };

  Expected<Response, ApiError> send(const std::string& method, const std::string& path,
                                    const std::string& body);
  ApiError describe_failure(const std::string& method, const std::string& path,
                            const Response& response, const std::string& webhook_id) const;
  void wait(std::chrono::milliseconds delay);

  ApiSettings settings_;
  ApiHooks hooks_;
  BaseUrl base_url_;
};

}  // namespace bridge::attio
