#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace bridge::testing {

// One HTTP response as read from the wire.
struct RawResponse {
  int status = 0;
  std::string head;  // status line and headers, without the blank line
  std::string body;
};

// A plain TCP connection to a test server on 127.0.0.1, for requests that httplib::Client
// cannot send: header values with control or non-ASCII bytes, `Expect: 100-continue`, and
// headers sent without their body. Every read stops at a deadline.
class RawHttpConnection {
 public:
  // Connects to 127.0.0.1:`port`; throws std::runtime_error when that fails.
  explicit RawHttpConnection(int port);
  ~RawHttpConnection();
  RawHttpConnection(const RawHttpConnection&) = delete;
  RawHttpConnection& operator=(const RawHttpConnection&) = delete;

  // Writes `bytes` as they are; throws std::runtime_error when the write fails.
  void send(std::string_view bytes);

  // Reads one response: the head, then as many body bytes as Content-Length gives. Returns
  // nullopt when the server closes the connection or `timeout` passes first.
  std::optional<RawResponse> read_response(std::chrono::milliseconds timeout);

 private:
  // Reads until `buffer_` contains at least `size` bytes; false on close or deadline.
  bool fill(std::size_t size, std::chrono::steady_clock::time_point deadline);
  // Reads until `buffer_` contains `marker`; returns its offset, or npos on close or deadline.
  std::size_t fill_until(std::string_view marker, std::chrono::steady_clock::time_point deadline);
  bool read_some(std::chrono::steady_clock::time_point deadline);

  int socket_ = -1;
  std::string buffer_;
};

}  // namespace bridge::testing
