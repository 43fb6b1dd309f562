#include "support/fake_attio_server.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <stdexcept>

namespace bridge::test {
namespace {

constexpr const char* kWorkspaceId = "5a5f2b1c-0000-4000-8000-00000000f00d";

std::string to_compact_json(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string error_body(int status, const std::string& type, const std::string& code,
                       const std::string& message) {
  rapidjson::Document body(rapidjson::kObjectType);
  auto& allocator = body.GetAllocator();
  body.AddMember("status_code", status, allocator);
  body.AddMember("type", rapidjson::Value(type, allocator), allocator);
  body.AddMember("code", rapidjson::Value(code, allocator), allocator);
  body.AddMember("message", rapidjson::Value(message, allocator), allocator);
  return to_compact_json(body);
}

void send_error(httplib::Response& response, int status, const std::string& type,
                const std::string& code, const std::string& message) {
  response.status = status;
  response.set_content(error_body(status, type, code, message), "application/json");
}

void send_validation_error(httplib::Response& response, const std::string& message) {
  send_error(response, 400, "invalid_request_error", "validation_type", message);
}

// Checks the subscriptions array the way Attio's schema does: objects with a string
// event_type and a filter that is null or an object. Returns an error message or "".
std::string check_subscriptions(const rapidjson::Value& subscriptions) {
  if (!subscriptions.IsArray()) {
    return "Body payload validation error: subscriptions must be an array";
  }
  for (const auto& item : subscriptions.GetArray()) {
    if (!item.IsObject() || !item.HasMember("event_type") || !item["event_type"].IsString()) {
      return "Body payload validation error: each subscription needs a string event_type";
    }
    if (!item.HasMember("filter")) {
      return "Body payload validation error: each subscription needs a filter (may be null)";
    }
    if (!item["filter"].IsNull() && !item["filter"].IsObject()) {
      return "Body payload validation error: filter must be null or an object";
    }
  }
  return "";
}

}  // namespace

FakeAttioServer::FakeAttioServer(std::string api_key)
    : api_key_(std::move(api_key)), server_(std::make_unique<httplib::Server>()) {
  install_routes();
  start();
}

FakeAttioServer::FakeAttioServer(std::string api_key, const TestCertificate& certificate)
    : api_key_(std::move(api_key)),
      https_(true),
      server_(std::make_unique<httplib::SSLServer>(certificate.certificate(),
                                                   certificate.private_key())) {
  if (!server_->is_valid()) {
    throw std::runtime_error("the HTTPS fake API could not load its certificate");
  }
  install_routes();
  start();
}

FakeAttioServer::~FakeAttioServer() {
  unblock_requests();
  server_->stop();
  if (thread_.joinable()) {
    thread_.join();
  }
}

void FakeAttioServer::start() {
  port_ = server_->bind_to_any_port("127.0.0.1");
  if (port_ <= 0) {
    throw std::runtime_error("the fake API could not bind 127.0.0.1");
  }
  thread_ = std::thread([this] { server_->listen_after_bind(); });

  // listen_after_bind sets is_running() once it accepts; wait for that with a deadline.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!server_->is_running()) {
    if (std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("the fake API did not start within 10 s");
    }
    std::this_thread::yield();
  }
}

std::string FakeAttioServer::base_url() const {
  return std::string(https_ ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_);
}

void FakeAttioServer::install_routes() {
  server_->Get("/v2/webhooks",
               [this](const httplib::Request& request, httplib::Response& response) {
                 if (!intercept(request, response)) {
                   handle_list(request, response);
                 }
               });
  server_->Post("/v2/webhooks",
                [this](const httplib::Request& request, httplib::Response& response) {
                  if (!intercept(request, response)) {
                    handle_create(request, response);
                  }
                });
  const std::string item_path = R"(/v2/webhooks/([^/]+))";
  server_->Get(item_path, [this](const httplib::Request& request, httplib::Response& response) {
    if (!intercept(request, response)) {
      handle_get(request, response);
    }
  });
  server_->Patch(item_path, [this](const httplib::Request& request, httplib::Response& response) {
    if (!intercept(request, response)) {
      handle_update(request, response);
    }
  });
  server_->Delete(item_path, [this](const httplib::Request& request, httplib::Response& response) {
    if (!intercept(request, response)) {
      handle_delete(request, response);
    }
  });

  server_->Get(R"(/v2/(objects|lists))",
               [this](const httplib::Request& request, httplib::Response& response) {
                 if (!intercept(request, response)) {
                   handle_schema_list(request.matches[1], response);
                 }
               });
  server_->Get(R"(/v2/((objects|lists)/[^/]+(/attributes/[^/]+)?))",
               [this](const httplib::Request& request, httplib::Response& response) {
                 if (!intercept(request, response)) {
                   handle_schema_get(request.matches[1], response);
                 }
               });
}

void FakeAttioServer::handle_schema_list(const std::string& kind, httplib::Response& response) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string data = "[";
  for (const auto& [path, api_slug] : schema_slugs_) {
    // Top-level resources only: "objects/{id}", not their attributes.
    if (path.starts_with(kind + "/") && path.find('/', kind.size() + 1) == std::string::npos) {
      data += (data.size() == 1 ? "" : ",") + schema_json(path, api_slug);
    }
  }
  response.set_content("{\"data\":" + data + "]}", "application/json");
}

void FakeAttioServer::handle_schema_get(const std::string& path, httplib::Response& response) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto found = schema_slugs_.find(path);
  if (found == schema_slugs_.end()) {
    send_error(response, 404, "invalid_request_error", "not_found",
               "No resource was found for \"" + path + "\".");
    return;
  }
  response.set_content("{\"data\":" + schema_json(path, found->second) + "}", "application/json");
}

// Builds the object, list or attribute as Attio returns it: `id` with the workspace id and
// the resource's ids, `api_slug`, and a few of the other fields.
std::string FakeAttioServer::schema_json(const std::string& path,
                                         const std::string& api_slug) const {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t slash = std::min(path.find('/', start), path.size());
    parts.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  const std::string parent_key = parts[0] == "objects" ? "object_id" : "list_id";

  rapidjson::Document object(rapidjson::kObjectType);
  auto& allocator = object.GetAllocator();
  rapidjson::Value id(rapidjson::kObjectType);
  id.AddMember("workspace_id", rapidjson::Value(kWorkspaceId, allocator), allocator);
  id.AddMember(rapidjson::Value(parent_key, allocator), rapidjson::Value(parts[1], allocator),
               allocator);
  if (parts.size() == 4) {
    id.AddMember("attribute_id", rapidjson::Value(parts[3], allocator), allocator);
  }
  object.AddMember("id", id, allocator);
  if (parts.size() == 4) {
    object.AddMember("title", rapidjson::Value(api_slug, allocator), allocator);
    object.AddMember("api_slug", rapidjson::Value(api_slug, allocator), allocator);
    object.AddMember("type", "text", allocator);
  } else if (parts[0] == "objects") {
    object.AddMember("api_slug", rapidjson::Value(api_slug, allocator), allocator);
    object.AddMember("singular_noun", rapidjson::Value(api_slug, allocator), allocator);
    object.AddMember("plural_noun", rapidjson::Value(api_slug, allocator), allocator);
  } else {
    object.AddMember("api_slug", rapidjson::Value(api_slug, allocator), allocator);
    object.AddMember("name", rapidjson::Value(api_slug, allocator), allocator);
    rapidjson::Value parent_object(rapidjson::kArrayType);
    parent_object.PushBack("people", allocator);
    object.AddMember("parent_object", parent_object, allocator);
  }
  object.AddMember("created_at", "2026-01-01T00:00:00.000000000Z", allocator);
  return to_compact_json(object);
}

void FakeAttioServer::add_object(const std::string& object_id, const std::string& api_slug) {
  std::lock_guard<std::mutex> lock(mutex_);
  schema_slugs_["objects/" + object_id] = api_slug;
}

void FakeAttioServer::add_list(const std::string& list_id, const std::string& api_slug) {
  std::lock_guard<std::mutex> lock(mutex_);
  schema_slugs_["lists/" + list_id] = api_slug;
}

void FakeAttioServer::add_attribute(const std::string& parent, const std::string& parent_id,
                                    const std::string& attribute_id, const std::string& api_slug) {
  if (parent != "objects" && parent != "lists") {
    throw std::invalid_argument("add_attribute: parent must be objects or lists, not " + parent);
  }
  std::lock_guard<std::mutex> lock(mutex_);
  schema_slugs_[parent + "/" + parent_id + "/attributes/" + attribute_id] = api_slug;
}

void FakeAttioServer::block_requests() {
  std::lock_guard<std::mutex> lock(mutex_);
  blocked_ = true;
}

void FakeAttioServer::unblock_requests() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    blocked_ = false;
  }
  unblocked_.notify_all();
}

std::size_t FakeAttioServer::held_requests() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return held_;
}

bool FakeAttioServer::intercept(const httplib::Request& request, httplib::Response& response) {
  std::unique_lock<std::mutex> lock(mutex_);
  std::string path = request.path;
  std::string query;
  for (const auto& [name, value] : request.params) {
    query += (query.empty() ? "?" : "&") + name + "=" + value;
  }
  requests_.push_back(
      {request.method, path + query, request.body, request.get_header_value("Authorization")});
  if (blocked_) {
    ++held_;
    unblocked_.wait(lock, [this] { return !blocked_; });
    --held_;
  }

  const auto match = std::find_if(
      injected_.begin(), injected_.end(), [&request](const InjectedResponse& injected) {
        return injected.only_method.empty() || injected.only_method == request.method;
      });
  if (match != injected_.end()) {
    const InjectedResponse injected = *match;
    injected_.erase(match);
    response.status = injected.status;
    for (const auto& [name, value] : injected.headers) {
      response.set_header(name, value);
    }
    response.set_content(injected.body, "application/json");
    return true;
  }

  if (request.get_header_value("Authorization") != "Bearer " + api_key_) {
    send_error(response, 401, "auth_error", "unauthorized",
               "The access token is invalid or has been revoked.");
    return true;
  }
  return false;
}

void FakeAttioServer::handle_list(const httplib::Request& request, httplib::Response& response) {
  long limit = 10;
  long offset = 0;
  try {
    if (request.has_param("limit")) {
      limit = std::stol(request.get_param_value("limit"));
    }
    if (request.has_param("offset")) {
      offset = std::stol(request.get_param_value("offset"));
    }
  } catch (const std::exception&) {
    send_validation_error(response, "limit and offset must be integers");
    return;
  }
  if (limit < 10 || limit > 100 || offset < 0) {
    send_validation_error(response, "limit must be between 10 and 100 and offset at least 0");
    return;
  }

  std::lock_guard<std::mutex> lock(mutex_);
  std::string data = "[";
  for (long i = offset; i < offset + limit && i < static_cast<long>(webhooks_.size()); ++i) {
    data += (i == offset ? "" : ",") + to_json(webhooks_[static_cast<std::size_t>(i)], false);
  }
  response.set_content("{\"data\":" + data + "]}", "application/json");
}

void FakeAttioServer::handle_create(const httplib::Request& request, httplib::Response& response) {
  rapidjson::Document body;
  body.Parse(request.body);
  if (body.HasParseError() || !body.IsObject() || !body.HasMember("data") ||
      !body["data"].IsObject()) {
    send_validation_error(response, "Body payload validation error: data is required");
    return;
  }
  const rapidjson::Value& data = body["data"];
  if (!data.HasMember("target_url") || !data["target_url"].IsString() ||
      !data.HasMember("subscriptions")) {
    send_validation_error(response,
                          "Body payload validation error: target_url and subscriptions are "
                          "required");
    return;
  }
  const std::string target_url = data["target_url"].GetString();
  std::lock_guard<std::mutex> lock(mutex_);
  if (!target_url.starts_with("https://") &&
      !(accept_http_targets_ && target_url.starts_with("http://"))) {
    send_validation_error(response, "target_url must match pattern ^https://");
    return;
  }
  if (const std::string error = check_subscriptions(data["subscriptions"]); !error.empty()) {
    send_validation_error(response, error);
    return;
  }

  StoredWebhook webhook;
  webhook.id = next_id();
  webhook.target_url = target_url;
  webhook.subscriptions_json = to_compact_json(data["subscriptions"]);
  webhook.status = "active";
  webhook.created_at = "2026-01-02T03:04:05.000000000Z";
  char secret[65];
  std::snprintf(secret, sizeof(secret), "%064x", 0xa771000 + next_id_);
  webhook.secret = secret;
  webhooks_.push_back(webhook);
  response.set_content("{\"data\":" + to_json(webhook, true) + "}", "application/json");
}

void FakeAttioServer::handle_get(const httplib::Request& request, httplib::Response& response) {
  std::lock_guard<std::mutex> lock(mutex_);
  const std::string id = request.matches[1];
  for (const StoredWebhook& webhook : webhooks_) {
    if (webhook.id == id) {
      response.set_content("{\"data\":" + to_json(webhook, false) + "}", "application/json");
      return;
    }
  }
  send_error(response, 404, "invalid_request_error", "not_found",
             "Webhook with ID \"" + id + "\" not found.");
}

void FakeAttioServer::handle_update(const httplib::Request& request, httplib::Response& response) {
  rapidjson::Document body;
  body.Parse(request.body);
  if (body.HasParseError() || !body.IsObject() || !body.HasMember("data") ||
      !body["data"].IsObject()) {
    send_validation_error(response, "Body payload validation error: data is required");
    return;
  }
  const rapidjson::Value& data = body["data"];
  std::lock_guard<std::mutex> lock(mutex_);
  const std::string id = request.matches[1];
  for (StoredWebhook& webhook : webhooks_) {
    if (webhook.id != id) {
      continue;
    }
    if (data.HasMember("subscriptions")) {
      if (const std::string error = check_subscriptions(data["subscriptions"]); !error.empty()) {
        send_validation_error(response, error);
        return;
      }
      webhook.subscriptions_json = to_compact_json(data["subscriptions"]);
    }
    if (data.HasMember("target_url")) {
      if (!data["target_url"].IsString()) {
        send_validation_error(response, "target_url must be a string");
        return;
      }
      webhook.target_url = data["target_url"].GetString();
    }
    response.set_content("{\"data\":" + to_json(webhook, false) + "}", "application/json");
    return;
  }
  send_error(response, 404, "invalid_request_error", "not_found",
             "Webhook with ID \"" + id + "\" not found.");
}

void FakeAttioServer::handle_delete(const httplib::Request& request, httplib::Response& response) {
  std::lock_guard<std::mutex> lock(mutex_);
  const std::string id = request.matches[1];
  for (auto it = webhooks_.begin(); it != webhooks_.end(); ++it) {
    if (it->id == id) {
      webhooks_.erase(it);
      response.set_content("{}", "application/json");
      return;
    }
  }
  send_error(response, 404, "invalid_request_error", "not_found",
             "Webhook with ID \"" + id + "\" not found.");
}

std::string FakeAttioServer::to_json(const StoredWebhook& webhook, bool with_secret) const {
  rapidjson::Document object(rapidjson::kObjectType);
  auto& allocator = object.GetAllocator();
  rapidjson::Value id(rapidjson::kObjectType);
  id.AddMember("workspace_id", rapidjson::Value(kWorkspaceId, allocator), allocator);
  id.AddMember("webhook_id", rapidjson::Value(webhook.id, allocator), allocator);
  object.AddMember("id", id, allocator);
  object.AddMember("target_url", rapidjson::Value(webhook.target_url, allocator), allocator);
  rapidjson::Document subscriptions(&allocator);
  subscriptions.Parse(webhook.subscriptions_json);
  rapidjson::Value subscriptions_copy;
  subscriptions_copy.CopyFrom(subscriptions, allocator);
  object.AddMember("subscriptions", subscriptions_copy, allocator);
  object.AddMember("status", rapidjson::Value(webhook.status, allocator), allocator);
  object.AddMember("created_at", rapidjson::Value(webhook.created_at, allocator), allocator);
  if (with_secret) {
    object.AddMember("secret", rapidjson::Value(webhook.secret, allocator), allocator);
  }
  return to_compact_json(object);
}

std::string FakeAttioServer::next_id() {
  char id[37];
  std::snprintf(id, sizeof(id), "00000000-0000-4000-8000-%012d", next_id_++);
  return id;
}

std::string FakeAttioServer::add_webhook(const std::string& target_url,
                                         const std::string& subscriptions_json,
                                         const std::string& status) {
  rapidjson::Document subscriptions;
  subscriptions.Parse(subscriptions_json);
  if (subscriptions.HasParseError() || !check_subscriptions(subscriptions).empty()) {
    throw std::invalid_argument("add_webhook: invalid subscriptions JSON " + subscriptions_json);
  }
  std::lock_guard<std::mutex> lock(mutex_);
  StoredWebhook webhook;
  webhook.id = next_id();
  webhook.target_url = target_url;
  webhook.subscriptions_json = to_compact_json(subscriptions);
  webhook.status = status;
  webhook.created_at = "2026-01-01T00:00:00.000000000Z";
  webhooks_.push_back(webhook);
  return webhook.id;
}

void FakeAttioServer::inject(const InjectedResponse& response, int count) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (int i = 0; i < count; ++i) {
    injected_.push_back(response);
  }
}

void FakeAttioServer::inject_rate_limit(const std::string& retry_after, int count) {
  inject({429,
          error_body(429, "invalid_request_error", "rate_limit_exceeded",
                     "Rate limit exceeded, please try again later"),
          {{"Retry-After", retry_after}},
          ""},
         count);
}

void FakeAttioServer::accept_http_targets(bool accept) {
  std::lock_guard<std::mutex> lock(mutex_);
  accept_http_targets_ = accept;
}

std::vector<RecordedRequest> FakeAttioServer::requests() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return requests_;
}

std::vector<RecordedRequest> FakeAttioServer::write_requests() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<RecordedRequest> writes;
  for (const RecordedRequest& request : requests_) {
    if (request.method != "GET") {
      writes.push_back(request);
    }
  }
  return writes;
}

void FakeAttioServer::clear_requests() {
  std::lock_guard<std::mutex> lock(mutex_);
  requests_.clear();
}

std::size_t FakeAttioServer::webhook_count() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return webhooks_.size();
}

std::optional<std::string> FakeAttioServer::webhook_json(const std::string& webhook_id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const StoredWebhook& webhook : webhooks_) {
    if (webhook.id == webhook_id) {
      return to_json(webhook, false);
    }
  }
  return std::nullopt;
}

std::optional<std::string> FakeAttioServer::secret_of(const std::string& webhook_id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const StoredWebhook& webhook : webhooks_) {
    if (webhook.id == webhook_id && !webhook.secret.empty()) {
      return webhook.secret;
    }
  }
  return std::nullopt;
}

}  // namespace bridge::test
