#include "bench/loadgen/load_runner.hpp"

#include <sys/epoll.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <deque>
#include <memory>
#include <stdexcept>

#include "bench/loadgen/http_connection.hpp"

namespace bridge::bench {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kMaxEvents = 256;

class EpollFd {
 public:
  EpollFd() : fd_(::epoll_create1(EPOLL_CLOEXEC)) {
    if (fd_ < 0) {
      throw std::runtime_error(std::string("epoll_create1 failed: ") + std::strerror(errno));
    }
  }
  ~EpollFd() { ::close(fd_); }
  EpollFd(const EpollFd&) = delete;
  EpollFd& operator=(const EpollFd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// State shared by the closed and open loops: connections, the request each one carries
// and the outcome table.
class LoadLoop {
 public:
  LoadLoop(const LoadOptions& options, const std::vector<std::string>& requests)
      : options_(options), requests_(requests) {
    result_.outcomes.resize(requests.size());
    in_flight_.assign(options.connections, kNoRequest);
    started_at_.assign(options.connections, Clock::time_point{});
    for (std::size_t slot = 0; slot < options.connections; ++slot) {
      connections_.push_back(std::make_unique<HttpConnection>(epoll_.get(), options.target,
                                                              static_cast<std::uint32_t>(slot)));
      connections_.back()->open();
    }
  }

  LoadResult run() { return options_.mode == LoadMode::kClosed ? run_closed() : run_open(); }

 private:
  static constexpr std::size_t kNoRequest = static_cast<std::size_t>(-1);

  LoadResult run_closed() {
    const std::size_t total = requests_.size();
    result_.scheduled = total;
    first_send_ = Clock::now();
    const Clock::time_point stop_sending = first_send_ + options_.duration;
    // Gives a free connection its next request. A request that fails at once is
    // recorded, and the reopened connection takes the next one.
    const auto fill = [&](std::size_t slot) {
      while (next_ < total && Clock::now() < stop_sending && !connections_[slot]->busy()) {
        start_request(slot, next_++, Clock::now());
      }
    };
    for (std::size_t slot = 0; slot < connections_.size(); ++slot) {
      fill(slot);
    }
    const Clock::time_point deadline = stop_sending + options_.drain_timeout;
    while (busy_count_ > 0 && Clock::now() < deadline) {
      poll_once(deadline, fill);
    }
    result_.scheduled = next_;
    return finish();
  }

  LoadResult run_open() {
    const double wanted =
        options_.rate_per_s * std::chrono::duration<double>(options_.duration).count();
    const std::size_t total =
        std::min(requests_.size(), static_cast<std::size_t>(std::llround(wanted)));
    result_.scheduled = total;
    const auto interval = std::chrono::duration<double, std::nano>(1e9 / options_.rate_per_s);
    first_send_ = Clock::now();
    const auto scheduled_at = [&](std::size_t index) {
      return first_send_ +
             std::chrono::duration_cast<Clock::duration>(interval * static_cast<double>(index));
    };

    std::deque<std::size_t> idle;
    for (std::size_t slot = 0; slot < connections_.size(); ++slot) {
      idle.push_back(slot);
    }
    std::deque<std::size_t> waiting;  // due requests that found no idle connection
    const Clock::time_point deadline = scheduled_at(total) + options_.drain_timeout;

    for (;;) {
      const Clock::time_point now = Clock::now();
      while (next_ < total && scheduled_at(next_) <= now) {
        waiting.push_back(next_++);
      }
      while (!waiting.empty() && !idle.empty()) {
        const std::size_t slot = idle.front();
        idle.pop_front();
        const std::size_t index = waiting.front();
        waiting.pop_front();
        start_request(slot, index, scheduled_at(index));
        if (!connections_[slot]->busy()) {
          idle.push_back(slot);  // failed at once; the connection was reopened
        }
      }
      if (next_ == total && waiting.empty() && busy_count_ == 0) {
        break;
      }
      if (now >= deadline) {
        break;
      }
      const Clock::time_point wake =
          next_ < total ? std::min(scheduled_at(next_), deadline) : deadline;
      poll_once(wake, [&](std::size_t slot) { idle.push_back(slot); });
    }
    return finish();
  }

  // Sends request index on slot. Latency of the request counts from `origin`.
  void start_request(std::size_t slot, std::size_t index, Clock::time_point origin) {
    HttpConnection& connection = *connections_[slot];
    if (!connection.is_open()) {
      reopen(slot);
    }
    in_flight_[slot] = index;
    started_at_[slot] = origin;
    result_.outcomes[index].status = kNotAnswered;
    ++result_.sent;
    ++busy_count_;
    if (connection.send(requests_[index]) == ConnectionEvent::kFailed) {
      complete(slot, kTransportError);
      reopen(slot);
    }
  }

  void complete(std::size_t slot, int status) {
    const Clock::time_point now = Clock::now();
    RequestOutcome& outcome = result_.outcomes[in_flight_[slot]];
    outcome.status = status;
    outcome.latency_us = std::chrono::duration<double, std::micro>(now - started_at_[slot]).count();
    last_response_ = now;
    in_flight_[slot] = kNoRequest;
    --busy_count_;
  }

  void reopen(std::size_t slot) {
    ++result_.reconnects;
    connections_[slot]->open();
  }

  // Waits for socket events until `wake` and calls on_free(slot) for every connection
  // that finished its request and can take the next one.
  template <typename OnFree>
  void poll_once(Clock::time_point wake, OnFree&& on_free) {
    const auto wait = std::max(Clock::duration::zero(), wake - Clock::now());
    timespec timeout{};
    timeout.tv_sec =
        static_cast<time_t>(std::chrono::duration_cast<std::chrono::seconds>(wait).count());
    timeout.tv_nsec = static_cast<long>((wait - std::chrono::seconds(timeout.tv_sec)).count());
    epoll_event events[kMaxEvents];
    const int ready = ::epoll_pwait2(epoll_.get(), events, kMaxEvents, &timeout, nullptr);
    if (ready < 0) {
      if (errno == EINTR) {
        return;
      }
      throw std::runtime_error(std::string("epoll_pwait2 failed: ") + std::strerror(errno));
    }
    for (int i = 0; i < ready; ++i) {
      const std::size_t slot = events[i].data.u32;
      HttpConnection& connection = *connections_[slot];
      switch (connection.on_events(events[i].events)) {
        case ConnectionEvent::kNone:
          break;
        case ConnectionEvent::kResponse:
          complete(slot, connection.last_status());
          if (connection.must_reconnect()) {
            reopen(slot);
          }
          on_free(slot);
          break;
        case ConnectionEvent::kFailed:
          complete(slot, kTransportError);
          reopen(slot);
          on_free(slot);
          break;
        case ConnectionEvent::kClosedWhileIdle:
          reopen(slot);
          break;
      }
    }
  }

  LoadResult finish() {
    if (result_.sent > 0 && last_response_ > first_send_) {
      result_.elapsed_s = std::chrono::duration<double>(last_response_ - first_send_).count();
    }
    for (auto& connection : connections_) {
      connection->close();
    }
    result_.outcomes.resize(result_.scheduled);
    return std::move(result_);
  }

  const LoadOptions& options_;
  const std::vector<std::string>& requests_;
  EpollFd epoll_;
  std::vector<std::unique_ptr<HttpConnection>> connections_;
  std::vector<std::size_t> in_flight_;
  std::vector<Clock::time_point> started_at_;
  std::size_t busy_count_ = 0;
  std::size_t next_ = 0;
  Clock::time_point first_send_;
  Clock::time_point last_response_;
  LoadResult result_;
};

}  // namespace

LoadResult run_load(const LoadOptions& options, const std::vector<std::string>& requests) {
  if (options.connections == 0) {
    throw std::runtime_error("the load needs at least one connection");
  }
  if (options.mode == LoadMode::kOpen && !(options.rate_per_s > 0)) {
    throw std::runtime_error("the open loop needs a rate above 0 requests/s");
  }
  LoadLoop loop(options, requests);
  return loop.run();
}

}  // namespace bridge::bench
