#pragma once

#include <netinet/in.h>

#include <cstddef>
#include <string>

namespace bridge::bench {

// Result of handling the epoll events of one connection.
enum class ConnectionEvent {
  kNone,             // nothing finished yet
  kResponse,         // a whole response arrived; see last_status()
  kFailed,           // the socket failed or the peer closed it mid-request
  kClosedWhileIdle,  // the peer closed an idle keep-alive connection
};

// One HTTP/1.1 keep-alive client connection on a non-blocking socket, registered in an
// epoll set with the connection's slot number as event data. It carries one request at
// a time (no pipelining). Responses need a Content-Length header, except for statuses
// that have no body (1xx, 204, 304).
class HttpConnection {
 public:
  HttpConnection(int epoll_fd, const sockaddr_in& address, std::uint32_t slot);
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  // Opens the TCP connection. Throws std::runtime_error when connect fails.
  void open();
  void close();

  // Starts sending request, which must stay alive until the response arrived.
  // Returns kFailed when the socket is no longer usable, otherwise kNone.
  ConnectionEvent send(const std::string& request);

  // Handles the epoll events for this connection's socket.
  ConnectionEvent on_events(std::uint32_t events);

  bool busy() const { return request_ != nullptr; }
  bool is_open() const { return fd_ >= 0; }
  int last_status() const { return last_status_; }
  // True when the last response asked to close the connection.
  bool must_reconnect() const { return must_reconnect_; }

 private:
  ConnectionEvent write_pending();
  ConnectionEvent read_available();
  // Returns kResponse when buffer_ contains a whole response, kFailed on a malformed one.
  ConnectionEvent parse_response();
  void watch_writable(bool writable);

  int epoll_fd_;
  sockaddr_in address_;
  std::uint32_t slot_;
  int fd_ = -1;
  const std::string* request_ = nullptr;
  std::size_t written_ = 0;
  bool watching_writable_ = false;
  std::string buffer_;
  int last_status_ = 0;
  bool must_reconnect_ = false;
};

}  // namespace bridge::bench
