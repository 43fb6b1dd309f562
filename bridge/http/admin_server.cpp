#include "bridge/http/admin_server.hpp"

#include <prometheus/text_serializer.h>

#include <stdexcept>

namespace bridge::http {
namespace {

constexpr std::size_t kAdminThreads = 2;

}  // namespace

AdminServer::AdminServer(ListenAddress listen, const publish::Publisher& publisher,
                         metrics::BridgeMetrics& metrics)
    : listen_(std::move(listen)), publisher_(publisher), metrics_(metrics) {
  server_.new_task_queue = [] { return new httplib::ThreadPool(kAdminThreads); };
  server_.set_payload_max_length(4096);
  server_.set_read_timeout(5, 0);
  server_.set_write_timeout(5, 0);

  server_.Get("/healthz", [](const httplib::Request&, httplib::Response& response) {
    response.set_content("{\"status\":\"ok\"}", "application/json");
  });

  server_.Get("/readyz", [this](const httplib::Request&, httplib::Response& response) {
    if (draining_) {
      response.status = 503;
      response.set_content("{\"status\":\"not_ready\",\"reason\":\"draining\"}",
                           "application/json");
    } else if (!publisher_.connected()) {
      response.status = 503;
      response.set_content("{\"status\":\"not_ready\",\"reason\":\"kafka_unreachable\"}",
                           "application/json");
    } else {
      response.set_content("{\"status\":\"ready\"}", "application/json");
    }
  });

  server_.Get("/metrics", [this](const httplib::Request&, httplib::Response& response) {
    const prometheus::TextSerializer serializer;
    response.set_content(serializer.Serialize(metrics_.registry().Collect()),
                         "text/plain; version=0.0.4; charset=utf-8");
  });
}

AdminServer::~AdminServer() {
  stop();
}

int AdminServer::bind() {
  const int port = listen_.port == 0
                       ? server_.bind_to_any_port(listen_.host)
                       : (server_.bind_to_port(listen_.host, listen_.port) ? listen_.port : -1);
  if (port < 0) {
    throw std::runtime_error("cannot listen on " + listen_.to_string() +
                             " for the admin endpoints; check that the port is free");
  }
  return port;
}

void AdminServer::start() {
  thread_ = std::thread([this] { server_.listen_after_bind(); });
}

void AdminServer::stop() {
  server_.stop();
  if (thread_.joinable()) {
    thread_.join();
  }
}

}  // namespace bridge::http
