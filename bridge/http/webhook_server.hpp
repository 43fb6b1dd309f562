#pragma once

#include <httplib.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "bridge/http/bounded_server.hpp"
#include "bridge/http/listen_address.hpp"
#include "bridge/metrics/bridge_metrics.hpp"
#include "bridge/pipeline/delivery_pipeline.hpp"

namespace bridge::http {

struct WebhookServerSettings {
  ListenAddress listen{"0.0.0.0", 8080};
  std::string webhook_path = "/webhooks/attio";
  std::size_t max_body_bytes = 1048576;
  std::size_t worker_threads = 16;
  // Open connections, served or waiting for a worker; more get a 503 response and are closed.
  std::size_t max_connections = 256;
  std::chrono::seconds read_timeout{5};
  std::chrono::seconds write_timeout{5};
  std::chrono::seconds keep_alive_timeout{5};
  std::size_t keep_alive_max_requests = 1000;
  // Maximum time for one request to arrive, request line to last body byte.
  std::chrono::seconds request_read_deadline{10};
};

// The webhook listener: `POST {webhook_path}` runs the delivery pipeline. Checks that need no
// body (method, size, Content-Encoding, presence of a signature header) run before the body
// is read, so a request that will be rejected costs no body bytes.
//
// Threads: handlers run on a pool of `worker_threads`; each blocks until Kafka acknowledges
// its delivery or the ack timeout passes. At most `max_connections` connections are open.
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
  ConnectionLimitedServer server_;
  std::thread thread_;
};

}  // namespace bridge::http
