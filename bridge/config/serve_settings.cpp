#include "bridge/config/serve_settings.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <limits>

namespace bridge::config {
namespace {

constexpr FlagSpec kServeFlags[] = {
    {"listen", "BRIDGE_LISTEN", "0.0.0.0:8080", "Webhook listener address, HOST:PORT."},
    {"admin-listen", "BRIDGE_ADMIN_LISTEN", "0.0.0.0:9090",
     "Listener for /metrics, /healthz and /readyz, HOST:PORT."},
    {"webhook-path", "BRIDGE_WEBHOOK_PATH", "/webhooks/attio", "URL path Attio posts to."},
    {"secret", "ATTIO_WEBHOOK_SECRET", "",
     "Webhook signing secret; a comma-separated list is allowed for rotation (any one may "
     "match)."},
    {"secret-file", "ATTIO_WEBHOOK_SECRET_FILE", "",
     "File with one signing secret per line, used together with --secret; re-read every 2 s "
     "when its content changes."},
    {"kafka-brokers", "KAFKA_BOOTSTRAP_SERVERS", "",
     "Kafka bootstrap servers, HOST:PORT[,HOST:PORT...]. Required."},
    {"kafka-property", "KAFKA_<NAME>", "",
     "librdkafka producer property NAME=VALUE; KAFKA_SASL_MECHANISMS sets sasl.mechanisms.", true},
    {"topic-template", "BRIDGE_TOPIC_TEMPLATE", "attio.{event_type}",
     "Topic of each event; placeholders {event_type}, {resource}, {workspace_id}, and with "
     "--enrich {object} and {list}."},
    {"dead-letter-topic", "BRIDGE_DEAD_LETTER_TOPIC", "attio.dead-letter",
     "Topic for verified input that cannot be published as an event."},
    {"partition-key", "BRIDGE_PARTITION_KEY", "event_id",
     "Record key: event_id, or subject for per-resource ordering."},
    {"cloudevents-mode", "BRIDGE_CLOUDEVENTS_MODE", "structured",
     "CloudEvents Kafka binding: structured or binary."},
    {"ack-timeout", "BRIDGE_ACK_TIMEOUT_MS", "10000",
     "Longest wait for Kafka acks before answering 503, in milliseconds."},
    {"max-body-bytes", "BRIDGE_MAX_BODY_BYTES", "1048576",
     "Largest request body accepted, in bytes; larger bodies get 413."},
    {"max-inflight-events", "BRIDGE_MAX_INFLIGHT_EVENTS", "10000",
     "Most records waiting for Kafka acks; beyond it deliveries get 503 with Retry-After."},
    {"shutdown-grace", "BRIDGE_SHUTDOWN_GRACE_MS", "5000",
     "Time between SIGTERM and closing the listener, in milliseconds."},
    {"config", "BRIDGE_CONFIG", "", "YAML file with routes and filters."},
    {"enrich", "BRIDGE_ENRICH", "false",
     "Resolve object, list and attribute ids to api slugs through Attio's API (needs "
     "ATTIO_API_KEY): adds the attioobject, attiolist and attioattribute extensions and the "
     "{object} and {list} placeholders. Publishing never waits for Attio.",
     false, true},
    {"enrich-refresh", "BRIDGE_ENRICH_REFRESH_MS", "600000",
     "Interval between refreshes of every cached api slug, in milliseconds."},
    {"attio-api-base-url", "ATTIO_API_BASE_URL", "https://api.attio.com",
     "Base URL of Attio's REST API for --enrich; http:// only for a local test server."},
    {"attio-ca-file", "ATTIO_CA_FILE", "",
     "PEM file of CA certificates that verify the Attio API's TLS certificate; default: the "
     "system trust store."},
    {"http-threads", "BRIDGE_HTTP_THREADS", "32",
     "Webhook worker threads; each holds one request while it waits for Kafka acks."},
    {"max-connections", "BRIDGE_MAX_CONNECTIONS", "256",
     "Maximum open webhook connections, served or waiting for a worker; more get 503 and "
     "are closed."},
    {"log-level", "BRIDGE_LOG_LEVEL", "info",
     "Lowest log level written: debug, info, warn, error."},
};

[[noreturn]] void fail(const ParsedFlags& flags, std::string_view name, std::string_view value,
                       std::string_view fix) {
  throw SettingsError("invalid " + flags.origin(name) + " value \"" + std::string(value) +
                      "\": " + std::string(fix));
}

std::uint64_t read_integer(const ParsedFlags& flags, std::string_view name, std::uint64_t min,
                           std::uint64_t max, std::string_view unit) {
  const std::string text = flags.get(name).value_or("");
  std::uint64_t number = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || number < min ||
      number > max) {
    fail(flags, name, text,
         "expected a whole number of " + std::string(unit) + " from " + std::to_string(min) +
             " to " + std::to_string(max));
  }
  return number;
}

http::ListenAddress read_listen_address(const ParsedFlags& flags, std::string_view name) {
  const std::string text = flags.get(name).value_or("");
  const auto address = http::parse_listen_address(text);
  if (!address) {
    fail(flags, name, text, "expected HOST:PORT such as 0.0.0.0:8080 or [::]:8080");
  }
  return *address;
}

std::vector<verify::Secret> split_secrets(const std::string& list) {
  std::vector<verify::Secret> secrets;
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t comma = std::min(list.find(',', start), list.size());
    std::string secret = list.substr(start, comma - start);
    secret.erase(0, secret.find_first_not_of(" \t"));
    secret.erase(secret.find_last_not_of(" \t") + 1);
    if (!secret.empty()) {
      secrets.emplace_back(std::move(secret));
    }
    start = comma + 1;
  }
  return secrets;
}

bool read_switch(const ParsedFlags& flags, std::string_view name) {
  const std::string text = flags.get(name).value_or("false");
  if (text == "true" || text == "1") {
    return true;
  }
  if (text == "false" || text == "0") {
    return false;
  }
  fail(flags, name, text, "expected true or false");
}

// Reads the Attio API settings of --enrich. The key comes only from the environment, so that
// it stays out of the process list.
enrich::EnrichSettings read_enrich_settings(const ParsedFlags& flags,
                                            const Environment& environment) {
  enrich::EnrichSettings settings;
  const auto key = environment.find("ATTIO_API_KEY");
  if (key == environment.end() || key->second.empty()) {
    throw SettingsError(
        "--enrich (BRIDGE_ENRICH) needs ATTIO_API_KEY; export an Attio access token with the "
        "object_configuration:read and list_configuration:read scopes, or turn enrichment off");
  }
  const bool key_has_blank = std::any_of(key->second.begin(), key->second.end(), [](char c) {
    return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f;
  });
  if (key_has_blank) {
    throw SettingsError(
        "ATTIO_API_KEY contains whitespace or control characters; copy the token again "
        "without spaces or line breaks");
  }
  settings.api.api_key = key->second;

  settings.api.base_url = flags.get("attio-api-base-url").value_or("");
  if (const auto parsed = attio::parse_base_url(settings.api.base_url); !parsed) {
    fail(flags, "attio-api-base-url", settings.api.base_url, parsed.error());
  }
  if (const auto ca_file = flags.get("attio-ca-file")) {
    if (!std::ifstream(*ca_file)) {
      fail(flags, "attio-ca-file", *ca_file,
           "the file cannot be read; give a PEM file of CA "
           "certificates");
    }
    settings.api.ca_file = *ca_file;
  }
  settings.refresh_interval = std::chrono::milliseconds(
      read_integer(flags, "enrich-refresh", 1000, 86400000, "milliseconds"));
  return settings;
}

std::string to_lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

}  // namespace

std::span<const FlagSpec> serve_flags() {
  return kServeFlags;
}

std::vector<verify::Secret> parse_secret_lines(std::istream& input) {
  std::vector<verify::Secret> secrets;
  std::string line;
  while (std::getline(input, line)) {
    line.erase(0, line.find_first_not_of(" \t\r"));
    line.erase(line.find_last_not_of(" \t\r") + 1);
    if (!line.empty() && line.front() != '#') {
      secrets.emplace_back(std::move(line));
    }
  }
  return secrets;
}

std::vector<verify::Secret> read_secret_file(const std::string& path) {
  std::ifstream file(path);
  if (!file) {
    throw SettingsError("cannot read the secret file " + path +
                        "; check --secret-file (ATTIO_WEBHOOK_SECRET_FILE) and its permissions");
  }
  std::vector<verify::Secret> secrets = parse_secret_lines(file);
  if (secrets.empty()) {
    throw SettingsError("the secret file " + path +
                        " holds no secret; write one webhook signing secret per line");
  }
  return secrets;
}

std::map<std::string, std::string> kafka_properties_from_environment(
    const Environment& environment) {
  std::map<std::string, std::string> properties;
  for (const auto& [name, value] : environment) {
    if (!name.starts_with("KAFKA_") || name == "KAFKA_BOOTSTRAP_SERVERS" || name == "KAFKA_PORT" ||
        name.starts_with("KAFKA_PORT_") || name.starts_with("KAFKA_SERVICE_")) {
      continue;
    }
    std::string property = to_lower(name.substr(6));
    std::replace(property.begin(), property.end(), '_', '.');
    if (!property.empty()) {
      properties[property] = value;
    }
  }
  return properties;
}

ServeSettings load_serve_settings(const ParsedFlags& flags, const Environment& environment) {
  if (!flags.positional().empty()) {
    throw SettingsError("unexpected argument \"" + flags.positional().front() +
                        "\"; serve takes only flags (run serve --help)");
  }
  ServeSettings settings;

  settings.webhook.listen = read_listen_address(flags, "listen");
  settings.admin_listen = read_listen_address(flags, "admin-listen");
  settings.webhook.webhook_path = flags.get("webhook-path").value_or("");
  if (!settings.webhook.webhook_path.starts_with('/')) {
    fail(flags, "webhook-path", settings.webhook.webhook_path, "expected a path starting with /");
  }
  settings.webhook.max_body_bytes = read_integer(flags, "max-body-bytes", 1, 64 << 20, "bytes");
  settings.webhook.worker_threads = read_integer(flags, "http-threads", 1, 1024, "threads");
  settings.webhook.max_connections =
      read_integer(flags, "max-connections", 1, 100000, "connections");

  if (const auto secret = flags.get("secret")) {
    settings.secrets = split_secrets(*secret);
    if (settings.secrets.empty()) {
      fail(flags, "secret", "", "expected at least one non-empty secret");
    }
  }
  settings.flag_secrets = settings.secrets;
  settings.secret_file = flags.get("secret-file");
  if (settings.secret_file) {
    for (verify::Secret& secret : read_secret_file(*settings.secret_file)) {
      settings.secrets.push_back(std::move(secret));
    }
  }
  if (settings.secrets.empty()) {
    throw SettingsError(
        "missing webhook signing secret; set --secret (ATTIO_WEBHOOK_SECRET) or --secret-file "
        "(ATTIO_WEBHOOK_SECRET_FILE) to the secret Attio returned when the webhook was created");
  }

  const auto brokers = flags.get("kafka-brokers");
  if (!brokers) {
    throw SettingsError(
        "missing --kafka-brokers (KAFKA_BOOTSTRAP_SERVERS); set it to the Kafka bootstrap "
        "servers, e.g. 127.0.0.1:9092");
  }
  settings.kafka.brokers = *brokers;
  settings.kafka.properties = kafka_properties_from_environment(environment);
  for (const std::string& property : flags.get_all("kafka-property")) {
    const std::size_t equals = property.find('=');
    if (equals == std::string::npos || equals == 0) {
      fail(flags, "kafka-property", property, "expected NAME=VALUE, e.g. compression.type=lz4");
    }
    settings.kafka.properties[property.substr(0, equals)] = property.substr(equals + 1);
  }
  settings.kafka.max_inflight_events =
      read_integer(flags, "max-inflight-events", 1, 10000000, "events");

  if (read_switch(flags, "enrich")) {
    settings.enrich = read_enrich_settings(flags, environment);
  }

  settings.topic_template_text = flags.get("topic-template").value_or("");
  auto topic_template = route::TopicTemplate::parse(settings.topic_template_text,
                                                    /*allow_slugs=*/settings.enrich.has_value());
  if (auto* error = std::get_if<std::string>(&topic_template)) {
    fail(flags, "topic-template", settings.topic_template_text, *error);
  }
  settings.topic_template = std::get<route::TopicTemplate>(std::move(topic_template));

  settings.pipeline.dead_letter_topic = flags.get("dead-letter-topic").value_or("");
  if (!route::is_valid_topic_name(settings.pipeline.dead_letter_topic)) {
    fail(flags, "dead-letter-topic", settings.pipeline.dead_letter_topic,
         "expected a Kafka topic name: 1 to 249 characters of A-Z a-z 0-9 . _ -");
  }

  const std::string partition_key = flags.get("partition-key").value_or("");
  if (partition_key == "event_id") {
    settings.pipeline.partition_key = pipeline::PartitionKey::kEventId;
  } else if (partition_key == "subject") {
    settings.pipeline.partition_key = pipeline::PartitionKey::kSubject;
  } else {
    fail(flags, "partition-key", partition_key, "expected event_id or subject");
  }

  const std::string mode = flags.get("cloudevents-mode").value_or("");
  if (mode == "structured") {
    settings.pipeline.cloudevents_mode = normalize::CloudEventsMode::kStructured;
  } else if (mode == "binary") {
    settings.pipeline.cloudevents_mode = normalize::CloudEventsMode::kBinary;
  } else {
    fail(flags, "cloudevents-mode", mode, "expected structured or binary");
  }

  settings.pipeline.ack_timeout =
      std::chrono::milliseconds(read_integer(flags, "ack-timeout", 1, 600000, "milliseconds"));
  settings.shutdown_grace =
      std::chrono::milliseconds(read_integer(flags, "shutdown-grace", 0, 600000, "milliseconds"));
  settings.config_path = flags.get("config");

  const std::string level = flags.get("log-level").value_or("");
  const auto parsed_level = log::parse_level(level);
  if (!parsed_level) {
    fail(flags, "log-level", level, "expected debug, info, warn or error");
  }
  settings.log_level = *parsed_level;
  return settings;
}

}  // namespace bridge::config
