#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace bridge::http {

// Limits of one connection-limited listener.
struct ConnectionLimits {
  std::size_t worker_threads = 16;
  // Maximum connections accepted and not yet closed, served or waiting for a worker. A
  // connection beyond it gets a 503 and is closed by the accepting thread unread.
  std::size_t max_connections = 256;
  // Maximum time one request may take to arrive, request line to last body byte. Each read
  // also has the server's per-read timeout; this deadline stops clients that trickle bytes.
  std::chrono::milliseconds request_read_deadline{10000};
};

// An httplib::Server whose connections are served by a bounded worker pool.
//
// cpp-httplib 0.11.4 queues every accepted connection in an unbounded list until a worker
// is free, so idle or slow clients could pile up without limit. This class counts open
// connections, rejects those beyond ConnectionLimits::max_connections at once, and reads
// each request against a deadline, so that a client sending half a header occupies a worker
// for a bounded time only.
class ConnectionLimitedServer : public httplib::Server {
 public:
  explicit ConnectionLimitedServer(ConnectionLimits limits);

  // Connections open now, served or waiting.
  std::size_t open_connections() const { return open_connections_.load(); }
  // Connections rejected because the limit was reached, since start.
  std::size_t rejected_connections() const { return rejected_connections_.load(); }

 private:
  class WorkerPool;

  // Replaces cpp-httplib's own per-connection loop: rejects, or serves keep-alive requests
  // through process_request() with a deadline-aware stream.
  bool process_and_close_socket(socket_t sock) override;
  void reject_and_close(socket_t sock);

  ConnectionLimits limits_;
  std::atomic<std::size_t> open_connections_{0};
  std::atomic<std::size_t> rejected_connections_{0};
};

}  // namespace bridge::http
