#pragma once

#include <httplib.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "bridge/http/listen_address.hpp"
#include "bridge/metrics/bridge_metrics.hpp"
#include "bridge/pipeline/delivery_pipeline.hpp"

namespace bridge::http {

struct WebhookServerSettings {
  ListenAddress listen{"0.0.0.0", 8080};
  std::string webhook_path = "/webhooks/attio";
  std::size_t max_body_bytes = 1048576;
  std::size_t worker_threads = 16;
  std::chrono::seconds read_timeout{5};
  std::chrono::seconds write_timeout{5};
  std::chrono::seconds keep_alive_timeout{5};
  std::size_t keep_alive_max_requests = 1000;
};

// The webhook listener: `POST {webhook_path}` runs the delivery pipeline. Checks that need no
// body (method, size, Content-Encoding, presence of a signature header) run before the body
// is read, so a request that will be rejected costs no body bytes.
//
// Threads: handlers run on cpp-httplib's worker pool; each blocks until Kafka acknowledges
// its delivery or the ack timeout passes.
class WebhookServer {
 public:
  WebhookServer(WebhookServerSettings settings, const pipeline::DeliveryPipeline& pipeline,
                metrics::BridgeMetrics& metrics);
  ~WebhookServer();

  // Binds the listener; returns the bound port, or throws std::runtime_error naming the
  // address when it cannot bind.
  int bind();
  // Serves requests on a background thread until stop().
  void start();
  void stop();

 private:
  void install_routes();

  WebhookServerSettings settings_;
  const pipeline::DeliveryPipeline& pipeline_;
  metrics::BridgeMetrics& metrics_;
  httplib::Server server_;
  std::thread thread_;
};

}  // namespace bridge::http
