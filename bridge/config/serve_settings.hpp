#pragma once

#include <chrono>
#include <istream>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "bridge/config/flags.hpp"
#include "bridge/enrich/enrichment.hpp"
#include "bridge/http/listen_address.hpp"
#include "bridge/http/webhook_server.hpp"
#include "bridge/log/logger.hpp"
#include "bridge/pipeline/delivery_pipeline.hpp"
#include "bridge/publish/kafka_settings.hpp"
#include "bridge/route/topic_template.hpp"
#include "bridge/verify/signature.hpp"

namespace bridge::config {

// Every setting of `serve`, validated once at start-up and immutable afterwards.
struct ServeSettings {
  http::WebhookServerSettings webhook;
  http::ListenAddress admin_listen{"0.0.0.0", 9090};
  std::vector<verify::Secret> secrets;       // from --secret and --secret-file together
  std::vector<verify::Secret> flag_secrets;  // from --secret only, kept on file reloads
  std::optional<std::string> secret_file;
  publish::KafkaSettings kafka;
  std::string topic_template_text;
  route::TopicTemplate topic_template;
  pipeline::PipelineSettings pipeline;
  std::chrono::milliseconds shutdown_grace{5000};
  std::optional<std::string> config_path;
  std::optional<enrich::EnrichSettings> enrich;  // set when --enrich is on
  log::Level log_level = log::Level::kInfo;
};

// The flags of `serve`, with their environment variables and defaults.
std::span<const FlagSpec> serve_flags();

// Validates the parsed flags. Throws SettingsError with a one-line message naming the
// setting, the bad value and the fix.
ServeSettings load_serve_settings(const ParsedFlags& flags, const Environment& environment);

// Reads a secret file: one secret per line; blank lines and lines starting with '#' are
// skipped, and surrounding white space is trimmed. Throws SettingsError naming the file
// when it cannot be read or contains no secret.
std::vector<verify::Secret> read_secret_file(const std::string& path);

// Parses secret file content with the rules of read_secret_file(); returns no secret for
// content without one.
std::vector<verify::Secret> parse_secret_lines(std::istream& input);

// Maps environment variables KAFKA_<NAME> to librdkafka properties: upper case to lower case
// and '_' to '.', e.g. KAFKA_SASL_MECHANISMS to sasl.mechanisms. KAFKA_BOOTSTRAP_SERVERS is
// the --kafka-brokers setting, and the variables Kubernetes adds for a Service named
// "kafka" (KAFKA_PORT, KAFKA_PORT_*, KAFKA_SERVICE_*) are skipped.
std::map<std::string, std::string> kafka_properties_from_environment(
    const Environment& environment);

}  // namespace bridge::config
