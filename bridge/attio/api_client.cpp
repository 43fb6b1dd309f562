#include "bridge/attio/api_client.hpp"

#include <httplib.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <thread>

#include "bridge/attio/retry_after.hpp"

namespace bridge::attio {
namespace {

constexpr int kPageLimit = 100;
// 1000 pages of 100 webhooks is far beyond any workspace; the bound stops a server that
// keeps returning full pages.
constexpr int kMaxPages = 1000;
constexpr std::chrono::milliseconds kFirstBackoff{500};
constexpr std::chrono::milliseconds kMaxBackoff{8000};
constexpr std::size_t kMaxQuotedBodyBytes = 300;

#ifndef BRIDGE_VERSION
#define BRIDGE_VERSION "dev"
#endif

std::chrono::milliseconds backoff_for(int failed_attempts) {
  std::chrono::milliseconds delay = kFirstBackoff;
  for (int i = 1; i < failed_attempts && delay < kMaxBackoff; ++i) {
    delay *= 2;
  }
  return std::min(delay, kMaxBackoff);
}

// Attio's error body is {status_code, type, code, message}; anything else is quoted
// shortened to one line.
std::string attio_message(const std::string& body) {
  rapidjson::Document document;
  document.Parse(body);
  if (!document.HasParseError() && document.IsObject()) {
    const auto message = document.FindMember("message");
    if (message != document.MemberEnd() && message->value.IsString()) {
      std::string text = message->value.GetString();
      const auto code = document.FindMember("code");
      if (code != document.MemberEnd() && code->value.IsString()) {
        text = std::string(code->value.GetString()) + ": " + text;
      }
      return text;
    }
  }
  std::string text = body.substr(0, kMaxQuotedBodyBytes);
  std::replace_if(
      text.begin(), text.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
  if (text.empty()) {
    return "empty response body";
  }
  return body.size() > kMaxQuotedBodyBytes ? text + "..." : text;
}

bool is_connect_failure(httplib::Error error) {
  return error == httplib::Error::Connection || error == httplib::Error::ConnectionTimeout ||
         error == httplib::Error::SSLConnection || error == httplib::Error::BindIPAddress;
}

std::string describe_network_error(httplib::Error error) {
  std::string text = httplib::to_string(error);
  if (error == httplib::Error::SSLServerVerification) {
    text +=
        " (the server's TLS certificate is not trusted; if it is signed by a private CA, "
        "point ATTIO_CA_FILE or --ca-file at that CA's PEM file)";
  } else if (error == httplib::Error::SSLLoadingCerts) {
    text += " (the CA file could not be loaded; check the path in ATTIO_CA_FILE or --ca-file)";
  }
  return text;
}

Expected<const rapidjson::Value*, std::string> find_data(const rapidjson::Document& document) {
  if (document.HasParseError() || !document.IsObject()) {
    return make_unexpected(std::string("the response is not a JSON object"));
  }
  const auto data = document.FindMember("data");
  if (data == document.MemberEnd()) {
    return make_unexpected(std::string("the response has no \"data\" field"));
  }
  return &data->value;
}

}  // namespace

Expected<BaseUrl, std::string> parse_base_url(const std::string& base_url) {
  std::size_t scheme_end = 0;
  if (base_url.starts_with("https://")) {
    scheme_end = 8;
  } else if (base_url.starts_with("http://")) {
    scheme_end = 7;
  } else {
    return make_unexpected("\"" + base_url +
                           "\" must start with https:// (or http:// for a local "
                           "test server)");
  }
  const std::size_t authority_end = base_url.find('/', scheme_end);
  const std::string authority = base_url.substr(scheme_end, authority_end - scheme_end);
  std::string path_prefix =
      authority_end == std::string::npos ? std::string() : base_url.substr(authority_end);

  if (authority.empty()) {
    return make_unexpected("\"" + base_url + "\" has no host name");
  }
  if (authority.find('@') != std::string::npos) {
    return make_unexpected(
        std::string("the URL contains a user name or password; put the API key "
                    "into ATTIO_API_KEY instead"));
  }
  const bool has_bad_character = std::any_of(base_url.begin(), base_url.end(), [](char c) {
    return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f || c == '?' || c == '#';
  });
  if (has_bad_character) {
    return make_unexpected("\"" + base_url +
                           "\" must not contain whitespace, a query (?) or a fragment (#)");
  }
  while (!path_prefix.empty() && path_prefix.back() == '/') {
    path_prefix.pop_back();
  }
  return BaseUrl{base_url.substr(0, scheme_end) + authority, path_prefix};
}

ApiClient::ApiClient(ApiSettings settings, ApiHooks hooks)
    : settings_(std::move(settings)), hooks_(std::move(hooks)) {
  if (!hooks_.sleep) {
    hooks_.sleep = [](std::chrono::milliseconds delay) { std::this_thread::sleep_for(delay); };
  }
  if (!hooks_.now) {
    hooks_.now = [] { return std::chrono::system_clock::now(); };
  }
  settings_.max_attempts = std::max(settings_.max_attempts, 1);
  auto base_url = parse_base_url(settings_.base_url);
  if (base_url) {
    base_url_ = base_url.value();
  }
}

std::string ApiClient::url_for(const std::string& path) const {
  return base_url_.scheme_host_port + base_url_.path_prefix + path;
}

void ApiClient::wait(std::chrono::milliseconds delay) {
  hooks_.sleep(delay);
}

Expected<ApiClient::Response, ApiError> ApiClient::send(const std::string& method,
                                                        const std::string& path,
                                                        const std::string& body) {
  httplib::Client client(base_url_.scheme_host_port);
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(settings_.timeout);
  const auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(settings_.timeout - seconds);
  client.set_connection_timeout(seconds.count(), micros.count());
  client.set_read_timeout(seconds.count(), micros.count());
  client.set_write_timeout(seconds.count(), micros.count());
  client.set_follow_location(false);
  client.enable_server_certificate_verification(true);
  if (!settings_.ca_file.empty()) {
    client.set_ca_cert_path(settings_.ca_file);
  }

  const httplib::Headers headers = {
      {"Authorization", "Bearer " + settings_.api_key},
      {"Accept", "application/json"},
      {"User-Agent", std::string("attio-kafka-bridge/") + BRIDGE_VERSION},
  };
  const std::string request_path = base_url_.path_prefix + path;
  const bool is_create = method == "POST";
  const std::string url = url_for(path);

  std::string last_error;
  int last_status = 0;
  int attempts_made = 0;
  for (int attempt = 1; attempt <= settings_.max_attempts; ++attempt) {
    attempts_made = attempt;
    httplib::Result result = [&] {
      if (method == "GET") {
        return client.Get(request_path, headers);
      }
      if (method == "POST") {
        return client.Post(request_path, headers, body, "application/json");
      }
      if (method == "PATCH") {
        return client.Patch(request_path, headers, body, "application/json");
      }
      return client.Delete(request_path, headers);
    }();
    const bool attempts_left = attempt < settings_.max_attempts;

    std::optional<std::chrono::milliseconds> retry_delay;
    if (!result) {
      const httplib::Error error = result.error();
      last_status = 0;
      last_error = describe_network_error(error);
      const bool retryable = (!is_create || is_connect_failure(error)) &&
                             error != httplib::Error::SSLServerVerification &&
                             error != httplib::Error::SSLLoadingCerts;
      if (!retryable) {
        break;
      }
      retry_delay = backoff_for(attempt);
    } else {
      const httplib::Response& response = *result;
      if (response.status == 429) {
        const auto retry_after =
            parse_retry_after(response.get_header_value("Retry-After"), hooks_.now());
        retry_delay =
            retry_after
                ? std::chrono::milliseconds(std::min(*retry_after, settings_.max_retry_wait))
                : backoff_for(attempt);
      } else if (response.status >= 500 && (!is_create || response.status == 503)) {
        retry_delay = backoff_for(attempt);
      }
      if (!retry_delay || !attempts_left) {
        return Response{response.status, response.body, attempt};
      }
      last_status = response.status;
      last_error = "HTTP " + std::to_string(response.status) + ": " + attio_message(response.body);
    }

    if (!attempts_left) {
      break;
    }
    if (hooks_.log != nullptr) {
      *hooks_.log << "attio: " << method << " " << url << " failed (" << last_error
                  << "); retrying in " << retry_delay->count() << " ms (attempt " << attempt + 1
                  << " of " << settings_.max_attempts << ")\n";
    }
    wait(*retry_delay);
  }

  std::string message = method + " " + url + " failed";
  if (attempts_made > 1) {
    message += " after " + std::to_string(attempts_made) + " attempts";
  }
  message += "; last error: " + last_error;
  if (is_create) {
    message +=
        ". The webhook may have been created anyway: run `attio-kafka-bridge webhooks "
        "list` before trying again";
  }
  return make_unexpected(ApiError{last_status, message});
}

ApiError ApiClient::describe_failure(const std::string& method, const std::string& path,
                                     const Response& response,
                                     const std::string& webhook_id) const {
  const std::string detail =
      "HTTP " + std::to_string(response.status) + ", " + attio_message(response.body);
  const std::string request = method + " " + url_for(path);
  std::string message;
  switch (response.status) {
    case 401:
      message = "Attio rejected the API key (" + detail + ") for " + request +
                ": ATTIO_API_KEY is invalid or revoked; create an access token with the "
                "webhook:read-write scope in Attio's developer settings";
      break;
    case 403:
      message = "the API key lacks a required scope (" + detail + ") for " + request +
                ": give the token the webhook:read-write scope (webhook:read is enough for "
                "list and get)";
      break;
    case 404:
      message = webhook_id.empty()
                    ? request + " returned " + detail + "; check ATTIO_API_BASE_URL"
                    : "webhook " + webhook_id + " not found (" + detail +
                          "); run `attio-kafka-bridge webhooks list` to see the existing ids";
      break;
    case 400:
    case 409:
    case 422:
      message = "Attio rejected " + request + " (" + detail + ")";
      break;
    case 429:
      message = request + " is still rate-limited after " + std::to_string(response.attempts) +
                " attempts (" + detail + "); wait a minute and run the command again";
      break;
    default:
      message = request + " failed (" + detail + ")";
      if (response.attempts > 1) {
        message += " after " + std::to_string(response.attempts) + " attempts";
      }
      if (method == "POST" && response.status >= 500) {
        message +=
            ". The webhook may have been created anyway: run `attio-kafka-bridge "
            "webhooks list` before trying again";
      }
      break;
  }
  return ApiError{response.status, message};
}

Expected<std::vector<Webhook>, ApiError> ApiClient::list_webhooks() {
  std::vector<Webhook> webhooks;
  for (int page = 0; page < kMaxPages; ++page) {
    const std::string path = "/v2/webhooks?limit=" + std::to_string(kPageLimit) +
                             "&offset=" + std::to_string(page * kPageLimit);
    auto response = send("GET", path, "");
    if (!response) {
      return make_unexpected(response.error());
    }
    if (response.value().status != 200) {
      return make_unexpected(describe_failure("GET", path, response.value(), ""));
    }

    rapidjson::Document document;
    document.Parse(response.value().body);
    auto data = find_data(document);
    if (!data || !data.value()->IsArray()) {
      return make_unexpected(ApiError{200, "GET " + url_for(path) +
                                               " returned an unexpected body: " +
                                               (data ? "\"data\" is not an array" : data.error())});
    }
    for (const auto& item : data.value()->GetArray()) {
      auto webhook = parse_webhook(item);
      if (!webhook) {
        return make_unexpected(ApiError{
            200, "GET " + url_for(path) + " returned an unexpected webhook: " + webhook.error()});
      }
      webhooks.push_back(std::move(webhook.value()));
    }
    if (data.value()->Size() < static_cast<rapidjson::SizeType>(kPageLimit)) {
      return webhooks;
    }
  }
  return make_unexpected(ApiError{200, "GET " + url_for("/v2/webhooks") + " returned more than " +
                                           std::to_string(kMaxPages) +
                                           " full pages; stopped reading"});
}

Expected<Webhook, ApiError> ApiClient::get_webhook(const std::string& webhook_id) {
  const std::string path = "/v2/webhooks/" + webhook_id;
  auto response = send("GET", path, "");
  if (!response) {
    return make_unexpected(response.error());
  }
  if (response.value().status != 200) {
    return make_unexpected(describe_failure("GET", path, response.value(), webhook_id));
  }
  rapidjson::Document document;
  document.Parse(response.value().body);
  auto data = find_data(document);
  if (!data) {
    return make_unexpected(
        ApiError{200, "GET " + url_for(path) + " returned an unexpected body: " + data.error()});
  }
  auto webhook = parse_webhook(*data.value());
  if (!webhook) {
    return make_unexpected(ApiError{
        200, "GET " + url_for(path) + " returned an unexpected webhook: " + webhook.error()});
  }
  return webhook.value();
}

Expected<CreatedWebhook, ApiError> ApiClient::create_webhook(
    const std::string& target_url, const std::vector<Subscription>& subscriptions) {
  const std::string path = "/v2/webhooks";
  auto response = send("POST", path, build_create_body(target_url, subscriptions));
  if (!response) {
    return make_unexpected(response.error());
  }
  if (response.value().status != 200 && response.value().status != 201) {
    return make_unexpected(describe_failure("POST", path, response.value(), ""));
  }
  rapidjson::Document document;
  document.Parse(response.value().body);
  auto data = find_data(document);
  if (!data) {
    return make_unexpected(
        ApiError{200, "POST " + url_for(path) + " returned an unexpected body: " + data.error()});
  }
  auto created = parse_created_webhook(*data.value());
  if (!created) {
    return make_unexpected(ApiError{
        200, "POST " + url_for(path) + " returned an unexpected webhook: " + created.error()});
  }
  return std::move(created.value());
}

Expected<Webhook, ApiError> ApiClient::update_webhook(
    const std::string& webhook_id, const std::optional<std::string>& target_url,
    const std::optional<std::vector<Subscription>>& subscriptions) {
  const std::string path = "/v2/webhooks/" + webhook_id;
  auto response = send("PATCH", path, build_update_body(target_url, subscriptions));
  if (!response) {
    return make_unexpected(response.error());
  }
  if (response.value().status != 200) {
    return make_unexpected(describe_failure("PATCH", path, response.value(), webhook_id));
  }
  rapidjson::Document document;
  document.Parse(response.value().body);
  auto data = find_data(document);
  if (!data) {
    return make_unexpected(
        ApiError{200, "PATCH " + url_for(path) + " returned an unexpected body: " + data.error()});
  }
  auto webhook = parse_webhook(*data.value());
  if (!webhook) {
    return make_unexpected(ApiError{
        200, "PATCH " + url_for(path) + " returned an unexpected webhook: " + webhook.error()});
  }
  return webhook.value();
}

Expected<bool, ApiError> ApiClient::delete_webhook(const std::string& webhook_id) {
  const std::string path = "/v2/webhooks/" + webhook_id;
  auto response = send("DELETE", path, "");
  if (!response) {
    return make_unexpected(response.error());
  }
  const int status = response.value().status;
  if (status == 200 || status == 204 || (status == 404 && response.value().attempts > 1)) {
    return true;
  }
  return make_unexpected(describe_failure("DELETE", path, response.value(), webhook_id));
}

Expected<HttpReply, ApiError> ApiClient::get(const std::string& path) {
  auto response = send("GET", path, "");
  if (!response) {
    return make_unexpected(response.error());
  }
  return HttpReply{response.value().status, std::move(response.value().body)};
}

}  // namespace bridge::attio
