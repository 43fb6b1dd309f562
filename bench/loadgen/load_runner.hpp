#pragma once

#include <netinet/in.h>

#include <chrono>
#include <string>
#include <vector>

namespace bridge::bench {

enum class LoadMode {
  kClosed,  // each connection sends its next request when the previous response arrived
  kOpen,    // requests start on a fixed schedule, whether or not earlier ones finished
};

struct LoadOptions {
  LoadMode mode = LoadMode::kClosed;
  sockaddr_in target{};
  std::size_t connections = 1;
  double rate_per_s = 0;                           // open loop only
  std::chrono::milliseconds duration{10000};       // closed: stop sending; open: schedule length
  std::chrono::milliseconds drain_timeout{15000};  // wait for responses after the last send
};

// Values of RequestOutcome::status that are not HTTP statuses.
inline constexpr int kTransportError = 0;  // the connection failed before the response
inline constexpr int kNotSent = -1;        // the run ended before the request was sent
inline constexpr int kNotAnswered = -2;    // sent, but no response before the drain timeout

// Outcome of one request: the HTTP status or one of the values above, and the latency in
// microseconds. In the open loop, latency counts from the scheduled start, so time spent
// waiting for a free connection counts too.
struct RequestOutcome {
  int status = kNotSent;
  double latency_us = 0;
};

struct LoadResult {
  std::vector<RequestOutcome> outcomes;  // one per request, in request order
  std::size_t scheduled = 0;             // requests that the run meant to send
  std::size_t sent = 0;
  std::size_t reconnects = 0;
  double elapsed_s = 0;  // first send to last response
};

// Sends requests[i] in order over keep-alive connections to options.target. Blocks
// until every scheduled request got a response or the drain timeout passed.
// Throws std::runtime_error when a connection cannot be opened.
LoadResult run_load(const LoadOptions& options, const std::vector<std::string>& requests);

}  // namespace bridge::bench
