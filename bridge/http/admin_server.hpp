#pragma once

#include <httplib.h>

#include <atomic>
#include <thread>

#include "bridge/http/listen_address.hpp"
#include "bridge/metrics/bridge_metrics.hpp"
#include "bridge/publish/publisher.hpp"

namespace bridge::http {

// The admin listener: GET /healthz (the process serves), /readyz (Kafka reachable and not
// draining) and /metrics (Prometheus text format 0.0.4).
class AdminServer {
 public:
  AdminServer(ListenAddress listen, const publish::Publisher& publisher,
              metrics::BridgeMetrics& metrics);
  ~AdminServer();

  // Binds the listener; returns the bound port, or throws std::runtime_error.
  int bind();
  void start();
  void stop();

  // Turns readiness to 503 for good: the process is shutting down.
  void set_draining() { draining_ = true; }

 private:
  ListenAddress listen_;
  const publish::Publisher& publisher_;
  metrics::BridgeMetrics& metrics_;
  std::atomic<bool> draining_{false};
  httplib::Server server_;
  std::thread thread_;
};

}  // namespace bridge::http
