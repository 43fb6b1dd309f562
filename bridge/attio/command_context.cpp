#include "bridge/attio/command_context.hpp"

#include <unistd.h>

#include <algorithm>
#include <charconv>

namespace bridge::attio {
namespace {

constexpr std::size_t kMaxReportedErrors = 20;

Expected<long, std::string> parse_bounded_integer(const std::string& text, const std::string& flag,
                                                  const std::string& env, long min, long max) {
  long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    return make_unexpected(flag + " (" + env + ") = \"" + text + "\" is invalid; use a whole " +
                           "number from " + std::to_string(min) + " to " + std::to_string(max));
  }
  return value;
}

}  // namespace

std::vector<FlagSpec> api_flag_specs() {
  return {
      {"api-base-url", "", FlagKind::kValue, "URL", "ATTIO_API_BASE_URL", kDefaultApiBaseUrl,
       "Base URL of Attio's REST API; http:// only for a local test server."},
      {"ca-file", "", FlagKind::kValue, "FILE", "ATTIO_CA_FILE", "system trust store",
       "PEM file of CA certificates that verify the API's TLS certificate, e.g. a private CA "
       "of a proxy or test server. Verification is never turned off."},
      {"api-timeout", "", FlagKind::kValue, "MS", "ATTIO_API_TIMEOUT_MS", "30000",
       "Connect, read and write timeout of each HTTP request, in milliseconds."},
      {"max-attempts", "", FlagKind::kValue, "N", "ATTIO_API_MAX_ATTEMPTS", "5",
       "Attempts per request, first one included, on HTTP 429, HTTP 5xx and network errors."},
  };
}

std::vector<FlagSpec> validation_flag_specs() {
  return {
      {"allow-http-target", "", FlagKind::kSwitch, "", "ATTIO_WEBHOOKS_ALLOW_HTTP_TARGET", "false",
       "Accept http:// target URLs. Attio itself accepts only https://, so this is for "
       "local fake APIs."},
      {"allow-unknown-event-types", "", FlagKind::kSwitch, "",
       "ATTIO_WEBHOOKS_ALLOW_UNKNOWN_EVENT_TYPES", "false",
       "Accept event types outside the 34 this program knows, e.g. ones Attio added later."},
  };
}

FlagSpec secret_out_flag_spec() {
  return {"secret-out",
          "",
          FlagKind::kValue,
          "FILE",
          "ATTIO_WEBHOOKS_SECRET_OUT",
          "print to stdout",
          "Write the signing secret of each created webhook to FILE, one per line, mode 0600. "
          "FILE must not exist yet; it is never overwritten."};
}

ValidationOptions validation_options_from(const ParsedFlags& flags) {
  ValidationOptions options;
  options.allow_http_target = flags.is_set("allow-http-target");
  options.allow_unknown_event_types = flags.is_set("allow-unknown-event-types");
  return options;
}

Expected<ApiSettings, std::string> load_api_settings(const ParsedFlags& flags,
                                                     const EnvLookup& env) {
  ApiSettings settings;
  const std::optional<std::string> api_key = env("ATTIO_API_KEY");
  if (!api_key || api_key->empty()) {
    return make_unexpected(std::string(
        "ATTIO_API_KEY is not set; export an Attio access token with the webhook:read-write "
        "scope (it is read only from the environment, so it stays out of the process list)"));
  }
  const bool key_has_blank = std::any_of(api_key->begin(), api_key->end(), [](char c) {
    return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f;
  });
  if (key_has_blank) {
    return make_unexpected(
        std::string("ATTIO_API_KEY contains whitespace or control characters; copy the token again "
                    "without spaces or line breaks"));
  }
  settings.api_key = *api_key;

  settings.base_url = flags.value("api-base-url").value_or(kDefaultApiBaseUrl);
  if (auto base_url = parse_base_url(settings.base_url); !base_url) {
    return make_unexpected("--api-base-url (ATTIO_API_BASE_URL): " + base_url.error());
  }

  if (const auto ca_file = flags.value("ca-file")) {
    if (::access(ca_file->c_str(), R_OK) != 0) {
      return make_unexpected("--ca-file (ATTIO_CA_FILE) = \"" + *ca_file +
                             "\" cannot be read; give the path of a PEM file of CA certificates");
    }
    settings.ca_file = *ca_file;
  }

  if (const auto timeout = flags.value("api-timeout")) {
    auto milliseconds =
        parse_bounded_integer(*timeout, "--api-timeout", "ATTIO_API_TIMEOUT_MS", 1, 600000);
    if (!milliseconds) {
      return make_unexpected(milliseconds.error());
    }
    settings.timeout = std::chrono::milliseconds(milliseconds.value());
  }
  if (const auto attempts = flags.value("max-attempts")) {
    auto count =
        parse_bounded_integer(*attempts, "--max-attempts", "ATTIO_API_MAX_ATTEMPTS", 1, 10);
    if (!count) {
      return make_unexpected(count.error());
    }
    settings.max_attempts = static_cast<int>(count.value());
  }
  return settings;
}

std::optional<std::string> validate_webhook_id(const std::string& webhook_id) {
  constexpr std::size_t kMaxIdLength = 128;
  const bool valid_characters =
      std::all_of(webhook_id.begin(), webhook_id.end(),
                  [](unsigned char c) { return std::isalnum(c) != 0 || c == '-' || c == '_'; });
  if (webhook_id.empty() || webhook_id.size() > kMaxIdLength || !valid_characters) {
    return "webhook id \"" + webhook_id +
           "\" is invalid; Attio webhook ids are UUIDs such as "
           "0f2a6c1e-6a1b-4c1d-9a3e-5b6c7d8e9f00 (see `webhooks list`)";
  }
  return std::nullopt;
}

int report_invalid_input(CommandContext& context, const std::string& command,
                         const std::vector<std::string>& messages) {
  std::size_t reported = 0;
  for (const std::string& message : messages) {
    if (reported == kMaxReportedErrors) {
      context.err << command << ": error: " << messages.size() - reported
                  << " more errors not shown\n";
      break;
    }
    context.err << command << ": error: " << message << "\n";
    ++reported;
  }
  return kExitInvalidInput;
}

int report_api_error(CommandContext& context, const std::string& command, const ApiError& error) {
  context.err << command << ": error: " << error.message << "\n";
  return kExitApiError;
}

}  // namespace bridge::attio
