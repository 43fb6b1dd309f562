#pragma once

#include <httplib.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "support/test_certificate.hpp"

namespace bridge::test {

// One request as the fake API received it.
struct RecordedRequest {
  std::string method;
  std::string path;  // with the query string, e.g. /v2/webhooks?limit=100&offset=0
  std::string body;
  std::string authorization;
};

// A response the fake API sends instead of handling a request.
struct InjectedResponse {
  int status = 500;
  std::string body;
  httplib::Headers headers;
  // Only requests with this method get the response; empty matches every method.
  std::string only_method;
};

// In-memory stand-in for Attio's webhook endpoints (REST API v2), bound to 127.0.0.1 on an
// ephemeral port. It follows Attio's documented shapes: list with limit (10-100) and
// offset, create returning 200 with the secret, get, PATCH replacing the given fields,
// DELETE returning `{}`, and errors as {status_code, type, code, message}. Every request
// is recorded before the server responds.
//
// It also serves the schema endpoints that enrichment reads: GET /v2/objects,
// /v2/objects/{id}, /v2/lists, /v2/lists/{id} and /v2/{objects|lists}/{id}/attributes/{id},
// each `{"data": ...}` with the resource's `api_slug`, or 404 for an unknown id.
class FakeAttioServer {
 public:
  // Plain HTTP.
  explicit FakeAttioServer(std::string api_key);
  // HTTPS with the given certificate and key.
  FakeAttioServer(std::string api_key, const TestCertificate& certificate);
  ~FakeAttioServer();

  FakeAttioServer(const FakeAttioServer&) = delete;
  FakeAttioServer& operator=(const FakeAttioServer&) = delete;

  // http://127.0.0.1:PORT or https://127.0.0.1:PORT
  std::string base_url() const;

  // Stores a webhook without a request; `subscriptions_json` is a JSON array of
  // {event_type, filter}. Returns its id.
  std::string add_webhook(const std::string& target_url, const std::string& subscriptions_json,
                          const std::string& status = "active");

  // The next `count` requests (of `response.only_method`, if set) get `response` instead of
  // being handled.
  void inject(const InjectedResponse& response, int count = 1);
  // 429 with Retry-After set to `retry_after` (an HTTP date or seconds).
  void inject_rate_limit(const std::string& retry_after, int count = 1);

  // Stores an object, list or attribute with its api slug; a second call renames it.
  void add_object(const std::string& object_id, const std::string& api_slug);
  void add_list(const std::string& list_id, const std::string& api_slug);
  // `parent` is "objects" or "lists".
  void add_attribute(const std::string& parent, const std::string& parent_id,
                     const std::string& attribute_id, const std::string& api_slug);

  // While blocked, every request is recorded and then held without a response until
  // unblock_requests(), like an API that hangs. The destructor unblocks.
  void block_requests();
  void unblock_requests();
  // Requests currently held by block_requests().
  std::size_t held_requests() const;

  // Accepts http:// target URLs, which Attio itself rejects.
  void accept_http_targets(bool accept);

  std::vector<RecordedRequest> requests() const;
  // Requests other than GET.
  std::vector<RecordedRequest> write_requests() const;
  void clear_requests();

  std::size_t webhook_count() const;
  // The stored webhook as Attio's JSON object, or nothing when absent.
  std::optional<std::string> webhook_json(const std::string& webhook_id) const;
  // Secret handed out when the webhook was created through the API.
  std::optional<std::string> secret_of(const std::string& webhook_id) const;

 private:
  struct StoredWebhook {
    std::string id;
    std::string target_url;
    std::string subscriptions_json;
    std::string status;
    std::string created_at;
    std::string secret;
  };

  void install_routes();
  void start();
  // Records the request, then responds from the injection queue or the auth check.
  // Returns true when the response is already set.
  bool intercept(const httplib::Request& request, httplib::Response& response);
  void handle_list(const httplib::Request& request, httplib::Response& response);
  void handle_create(const httplib::Request& request, httplib::Response& response);
  void handle_get(const httplib::Request& request, httplib::Response& response);
  void handle_update(const httplib::Request& request, httplib::Response& response);
  void handle_delete(const httplib::Request& request, httplib::Response& response);
  void handle_schema_list(const std::string& kind, httplib::Response& response);
  void handle_schema_get(const std::string& path, httplib::Response& response);
  std::string schema_json(const std::string& path, const std::string& api_slug) const;
  std::string to_json(const StoredWebhook& webhook, bool with_secret) const;
  std::string next_id();

  std::string api_key_;
  bool https_ = false;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;

  mutable std::mutex mutex_;
  std::vector<StoredWebhook> webhooks_;
  std::vector<RecordedRequest> requests_;
  std::deque<InjectedResponse> injected_;
  bool accept_http_targets_ = false;
  int next_id_ = 1;
  // API slugs by resource path, e.g. "objects/{id}" or "lists/{id}/attributes/{id}".
  std::map<std::string, std::string> schema_slugs_;
  bool blocked_ = false;
  std::size_t held_ = 0;
  std::condition_variable unblocked_;
};

}  // namespace bridge::test
