#include <iostream>
#include <thread>

#include "bridge/cli/commands.hpp"
#include "bridge/cli/shutdown_signals.hpp"
#include "bridge/config/secret_file_watcher.hpp"
#include "bridge/config/serve_settings.hpp"
#include "bridge/enrich/enrichment.hpp"
#include "bridge/http/admin_server.hpp"
#include "bridge/http/webhook_server.hpp"
#include "bridge/log/logger.hpp"
#include "bridge/metrics/bridge_metrics.hpp"
#include "bridge/pipeline/delivery_pipeline.hpp"
#include "bridge/publish/kafka_publisher.hpp"
#include "bridge/route/router.hpp"
#include "bridge/route/routes_file.hpp"
#include "bridge/verify/secret_store.hpp"

namespace bridge::cli {
namespace {

constexpr std::chrono::milliseconds kFlushTimeout{10000};

std::string describe_kafka_properties(const std::map<std::string, std::string>& properties) {
  std::string text;
  for (const auto& [name, value] : properties) {
    if (!text.empty()) {
      text += ",";
    }
    text += name + "=" + (publish::is_sensitive_property(name) ? "[redacted]" : value);
  }
  return text;
}

void log_settings(const config::ServeSettings& settings, std::size_t secret_count, int webhook_port,
                  int admin_port) {
  log::info("attio-kafka-bridge started",
            {{"version", BRIDGE_VERSION},
             {"listen", settings.webhook.listen.host + ":" + std::to_string(webhook_port)},
             {"admin_listen", settings.admin_listen.host + ":" + std::to_string(admin_port)},
             {"webhook_path", settings.webhook.webhook_path},
             {"kafka_brokers", settings.kafka.brokers},
             {"kafka_properties", describe_kafka_properties(settings.kafka.properties)},
             {"topic_template", settings.topic_template_text},
             {"dead_letter_topic", settings.pipeline.dead_letter_topic},
             {"secrets", secret_count},
             {"ack_timeout_ms", settings.pipeline.ack_timeout.count()},
             {"max_body_bytes", settings.webhook.max_body_bytes},
             {"max_inflight_events", settings.kafka.max_inflight_events},
             {"shutdown_grace_ms", settings.shutdown_grace.count()},
             {"http_threads", settings.webhook.worker_threads},
             {"max_connections", settings.webhook.max_connections}});
}

}  // namespace

int run_serve(const std::vector<std::string>& args, const config::Environment& environment) {
  const config::ParsedFlags flags = config::parse_flags(config::serve_flags(), args, environment);
  if (flags.help_requested()) {
    std::cout << config::format_help(
        "attio-kafka-bridge serve [flags]",
        "Receives Attio webhook deliveries, verifies their signature and publishes each event\n"
        "to Kafka as a CloudEvent. Answers 200 only after Kafka acknowledged every event.\n"
        "Every flag can also be set by its environment variable; a flag wins.",
        config::serve_flags());
    return 0;
  }
  config::ServeSettings settings = config::load_serve_settings(flags, environment);
  log::set_level(settings.log_level);

  // Block the shutdown signals before any thread starts, so that only the watcher gets them.
  ShutdownSignals signals;

  metrics::BridgeMetrics metrics(BRIDGE_VERSION);
  const std::size_t secret_count = settings.secrets.size();
  verify::SecretStore secrets(std::move(settings.secrets));
  settings.secrets.clear();
  std::unique_ptr<config::SecretFileWatcher> secret_watcher;
  if (settings.secret_file) {
    secret_watcher = std::make_unique<config::SecretFileWatcher>(
        *settings.secret_file, std::move(settings.flag_secrets), secrets);
    secret_watcher->start();
  }
  // Without enrichment no SlugLookup exists, so rules may not use {object} and {list}.
  std::vector<route::RouteRule> routes;
  if (settings.config_path) {
    routes = route::load_routes_file(*settings.config_path, settings.enrich.has_value());
  }
  std::unique_ptr<enrich::SlugResolver> slugs;
  if (settings.enrich) {
    slugs = enrich::start_enrichment(*settings.enrich, metrics);
  }
  const route::Router router(settings.topic_template, std::move(routes), slugs.get());

  std::unique_ptr<publish::KafkaPublisher> publisher;
  try {
    publisher = std::make_unique<publish::KafkaPublisher>(
        settings.kafka, metrics, [&signals](const std::string& reason) {
          signals.request("fatal Kafka producer error: " + reason);
        });
  } catch (const publish::KafkaConfigError& error) {
    throw config::SettingsError(error.what());
  }

  const pipeline::DeliveryPipeline pipeline(settings.pipeline, secrets, router, *publisher,
                                            metrics);
  http::WebhookServer webhook_server(settings.webhook, pipeline, metrics);
  http::AdminServer admin_server(settings.admin_listen, *publisher, metrics);
  int webhook_port = 0;
  int admin_port = 0;
  try {
    webhook_port = webhook_server.bind();
    admin_port = admin_server.bind();
  } catch (const std::runtime_error& error) {
    log::error("cannot start the listeners", {{"error", error.what()}});
    return 1;
  }
  webhook_server.start();
  admin_server.start();
  log_settings(settings, secret_count, webhook_port, admin_port);

  const std::string reason = signals.wait();
  const bool fatal = reason.starts_with("fatal");
  log::info("shutting down: readiness is now 503",
            {{"reason", reason}, {"grace_ms", fatal ? 0 : settings.shutdown_grace.count()}});
  admin_server.set_draining();
  if (!fatal) {
    // Keep serving while load balancers notice the failed readiness probe.
    std::this_thread::sleep_for(settings.shutdown_grace);
  }

  webhook_server.stop();  // returns once every in-flight delivery has a response
  const int unacknowledged = publisher->flush(kFlushTimeout);
  admin_server.stop();
  log::info("attio-kafka-bridge stopped", {{"unacknowledged_records", unacknowledged}});
  return fatal || unacknowledged > 0 ? 1 : 0;
}

}  // namespace bridge::cli
