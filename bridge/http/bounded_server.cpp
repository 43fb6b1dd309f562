#include "bridge/http/bounded_server.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>

#include "bridge/log/logger.hpp"

namespace bridge::http {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kReadBufferBytes = 4096;
// Slice of the keep-alive wait after which a worker checks whether the server stopped.
constexpr int kIdleSliceMs = 100;

// Set on the accepting thread while it runs the job of a connection it rejects, so that
// process_and_close_socket() closes that socket instead of serving it.
thread_local bool t_rejecting_connection = false;

std::chrono::milliseconds to_duration(time_t seconds, time_t microseconds) {
  return std::chrono::milliseconds(seconds * 1000 + microseconds / 1000);
}

// Waits up to `timeout` for `events` on `sock`; returns true when one happened.
bool wait_for(socket_t sock, short events, std::chrono::milliseconds timeout) {
  pollfd descriptor{sock, events, 0};
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    const int result = ::poll(&descriptor, 1, static_cast<int>(std::max<long>(0, left.count())));
    if (result > 0) {
      return true;
    }
    if (result == 0 || errno != EINTR) {
      return false;
    }
  }
}

void describe_address(const sockaddr_storage& address, socklen_t length, std::string& ip,
                      int& port) {
  char host[NI_MAXHOST];
  char service[NI_MAXSERV];
  if (getnameinfo(reinterpret_cast<const sockaddr*>(&address), length, host, sizeof host, service,
                  sizeof service, NI_NUMERICHOST | NI_NUMERICSERV) == 0) {
    ip = host;
    port = std::atoi(service);
  }
}

// A buffered socket stream whose reads stop at the earlier of the per-read timeout and a
// deadline for the whole request.
class DeadlineSocketStream final : public httplib::Stream {
 public:
  DeadlineSocketStream(socket_t sock, std::chrono::milliseconds read_timeout,
                       std::chrono::milliseconds write_timeout)
      : sock_(sock), read_timeout_(read_timeout), write_timeout_(write_timeout) {}

  void start_request(Clock::time_point deadline) { deadline_ = deadline; }
  bool has_buffered_bytes() const { return offset_ < buffer_.size(); }

  bool is_readable() const override {
    return has_buffered_bytes() || wait_for(sock_, POLLIN, read_wait());
  }
  bool is_writable() const override { return wait_for(sock_, POLLOUT, write_timeout_); }

  ssize_t read(char* ptr, size_t size) override {
    if (!has_buffered_bytes()) {
      if (!wait_for(sock_, POLLIN, read_wait())) {
        return -1;
      }
      buffer_.resize(kReadBufferBytes);
      offset_ = 0;
      ssize_t received = 0;
      do {
        received = ::recv(sock_, buffer_.data(), buffer_.size(), 0);
      } while (received < 0 && errno == EINTR);
      buffer_.resize(received > 0 ? static_cast<std::size_t>(received) : 0);
      if (received <= 0) {
        return received;
      }
    }
    const std::size_t count = std::min(size, buffer_.size() - offset_);
    std::memcpy(ptr, buffer_.data() + offset_, count);
    offset_ += count;
    return static_cast<ssize_t>(count);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (!is_writable()) {
      return -1;
    }
    ssize_t sent = 0;
    do {
      sent = ::send(sock_, ptr, size, MSG_NOSIGNAL);
    } while (sent < 0 && errno == EINTR);
    return sent;
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (getpeername(sock_, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
      describe_address(address, length, ip, port);
    }
  }

  void get_local_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (getsockname(sock_, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
      describe_address(address, length, ip, port);
    }
  }

  socket_t socket() const override { return sock_; }

 private:
  std::chrono::milliseconds read_wait() const {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - Clock::now());
    return std::clamp(left, std::chrono::milliseconds(0), read_timeout_);
  }

  socket_t sock_;
  std::chrono::milliseconds read_timeout_;
  std::chrono::milliseconds write_timeout_;
  Clock::time_point deadline_ = Clock::now();
  std::string buffer_;
  std::size_t offset_ = 0;
};

}  // namespace

// Serves connections on a fixed set of threads. enqueue() runs on cpp-httplib's accepting
// thread; a connection over the limit is rejected there, so the queue never contains more
// than max_connections jobs.
class ConnectionLimitedServer::WorkerPool final : public httplib::TaskQueue {
 public:
  explicit WorkerPool(ConnectionLimitedServer& server) : server_(server) {
    for (std::size_t i = 0; i < server_.limits_.worker_threads; ++i) {
      threads_.emplace_back([this] { work(); });
    }
  }

  void enqueue(std::function<void()> job) override {
    if (server_.open_connections_.fetch_add(1) >= server_.limits_.max_connections) {
      server_.open_connections_.fetch_sub(1);
      t_rejecting_connection = true;
      job();
      t_rejecting_connection = false;
      return;
    }
    {
      const std::lock_guard lock(mutex_);
      jobs_.push_back(std::move(job));
    }
    job_added_.notify_one();
  }

  // Serves the connections still queued (each finds the server stopped and closes), then
  // joins the workers.
  void shutdown() override {
    {
      const std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    job_added_.notify_all();
    for (std::thread& thread : threads_) {
      thread.join();
    }
  }

 private:
  void work() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock lock(mutex_);
        job_added_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
        if (jobs_.empty()) {
          return;
        }
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      job();
      server_.open_connections_.fetch_sub(1);
    }
  }

  ConnectionLimitedServer& server_;
  std::mutex mutex_;
  std::condition_variable job_added_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

ConnectionLimitedServer::ConnectionLimitedServer(ConnectionLimits limits) : limits_(limits) {
  new_task_queue = [this] { return new WorkerPool(*this); };
}

bool ConnectionLimitedServer::process_and_close_socket(socket_t sock) {
  if (t_rejecting_connection) {
    reject_and_close(sock);
    return false;
  }

  // Responses are written as head and body; without TCP_NODELAY the body can wait for the
  // client's delayed ACK.
  const int no_delay = 1;
  ::setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &no_delay, sizeof no_delay);

  DeadlineSocketStream stream(sock, to_duration(read_timeout_sec_, read_timeout_usec_),
                              to_duration(write_timeout_sec_, write_timeout_usec_));
  const auto keep_alive = std::chrono::seconds(keep_alive_timeout_sec_);
  bool served = false;
  for (std::size_t remaining = keep_alive_max_count_; remaining > 0; --remaining) {
    // Wait for the next request in short slices, so that stop() does not wait for idle
    // keep-alive connections.
    bool request_arrived = stream.has_buffered_bytes();
    const auto idle_deadline = Clock::now() + keep_alive;
    while (!request_arrived && svr_sock_ != INVALID_SOCKET && Clock::now() < idle_deadline) {
      request_arrived = wait_for(sock, POLLIN, std::chrono::milliseconds(kIdleSliceMs));
    }
    if (!request_arrived || svr_sock_ == INVALID_SOCKET) {
      break;
    }

    stream.start_request(Clock::now() + limits_.request_read_deadline);
    bool connection_closed = false;
    served = process_request(stream, remaining == 1, connection_closed, nullptr);
    if (!served || connection_closed) {
      break;
    }
  }
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  return served;
}

void ConnectionLimitedServer::reject_and_close(socket_t sock) {
  // Best effort and without blocking the accepting thread: a client whose request bytes are
  // still unread may get a connection reset instead of this response. Either way it retries.
  static constexpr std::string_view kBody = "{\"error\":\"too_many_connections\"}";
  const std::string response =
      "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Type: application/json\r\n"
      "Content-Length: " +
      std::to_string(kBody.size()) + "\r\nConnection: close\r\n\r\n" + std::string(kBody);
  [[maybe_unused]] const ssize_t sent =
      ::send(sock, response.data(), response.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);

  const std::size_t rejected = rejected_connections_.fetch_add(1) + 1;
  if (rejected == 1 || rejected % 100 == 0) {
    log::warn(
        "connection rejected: too many open connections; raise --max-connections if "
        "regular traffic hits this",
        {{"max_connections", limits_.max_connections}, {"rejected_total", rejected}});
  }
}

}  // namespace bridge::http
