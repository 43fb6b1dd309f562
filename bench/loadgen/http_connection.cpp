#include "bench/loadgen/http_connection.hpp"

#include <fcntl.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace bridge::bench {
namespace {

constexpr std::size_t kReadChunk = 16384;

bool iequals_prefix(std::string_view line, std::string_view name) {
  if (line.size() < name.size()) {
    return false;
  }
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(line[i])) != name[i]) {
      return false;
    }
  }
  return true;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

}  // namespace

HttpConnection::HttpConnection(int epoll_fd, const sockaddr_in& address, std::uint32_t slot)
    : epoll_fd_(epoll_fd), address_(address), slot_(slot) {}

HttpConnection::~HttpConnection() {
  close();
}

void HttpConnection::open() {
  close();
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    throw std::runtime_error(std::string("socket() failed: ") + std::strerror(errno));
  }
  // Loopback connects complete at once, so a blocking connect keeps the loop simple.
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address_), sizeof address_) != 0) {
    const int error = errno;
    ::close(fd);
    throw std::runtime_error(std::string("connect() to the target failed: ") +
                             std::strerror(error) + "; check that the server listens");
  }
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);

  epoll_event event{};
  event.events = EPOLLIN | EPOLLRDHUP;
  event.data.u32 = slot_;
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &event) != 0) {
    const int error = errno;
    ::close(fd);
    throw std::runtime_error(std::string("epoll_ctl(ADD) failed: ") + std::strerror(error));
  }
  fd_ = fd;
  watching_writable_ = false;
  must_reconnect_ = false;
  buffer_.clear();
}

void HttpConnection::close() {
  if (fd_ >= 0) {
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd_, nullptr);
    ::close(fd_);
    fd_ = -1;
  }
  request_ = nullptr;
  written_ = 0;
}

ConnectionEvent HttpConnection::send(const std::string& request) {
  request_ = &request;
  written_ = 0;
  buffer_.clear();
  return write_pending();
}

ConnectionEvent HttpConnection::write_pending() {
  while (written_ < request_->size()) {
    const ssize_t sent =
        ::send(fd_, request_->data() + written_, request_->size() - written_, MSG_NOSIGNAL);
    if (sent > 0) {
      written_ += static_cast<std::size_t>(sent);
      continue;
    }
    if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      watch_writable(true);
      return ConnectionEvent::kNone;
    }
    if (sent < 0 && errno == EINTR) {
      continue;
    }
    return ConnectionEvent::kFailed;
  }
  watch_writable(false);
  return ConnectionEvent::kNone;
}

void HttpConnection::watch_writable(bool writable) {
  if (watching_writable_ == writable) {
    return;
  }
  epoll_event event{};
  event.events = EPOLLIN | EPOLLRDHUP | (writable ? EPOLLOUT : 0u);
  event.data.u32 = slot_;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, fd_, &event);
  watching_writable_ = writable;
}

ConnectionEvent HttpConnection::on_events(std::uint32_t events) {
  if (!busy()) {
    // An idle keep-alive connection only gets events when the server closes it.
    if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) {
      return ConnectionEvent::kClosedWhileIdle;
    }
    return ConnectionEvent::kNone;
  }
  if ((events & EPOLLOUT) && written_ < request_->size()) {
    if (write_pending() == ConnectionEvent::kFailed) {
      return ConnectionEvent::kFailed;
    }
  }
  if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) {
    return read_available();
  }
  return ConnectionEvent::kNone;
}

ConnectionEvent HttpConnection::read_available() {
  char chunk[kReadChunk];
  for (;;) {
    const ssize_t received = ::recv(fd_, chunk, sizeof chunk, 0);
    if (received > 0) {
      buffer_.append(chunk, static_cast<std::size_t>(received));
      const ConnectionEvent parsed = parse_response();
      if (parsed != ConnectionEvent::kNone) {
        return parsed;
      }
      continue;
    }
    if (received < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      return ConnectionEvent::kNone;
    }
    if (received < 0 && errno == EINTR) {
      continue;
    }
    // The peer closed the connection or the socket failed before the response was whole.
    return ConnectionEvent::kFailed;
  }
}

ConnectionEvent HttpConnection::parse_response() {
  const std::size_t header_end = buffer_.find("\r\n\r\n");
  if (header_end == std::string::npos) {
    return ConnectionEvent::kNone;
  }
  const std::string_view head(buffer_.data(), header_end);
  // Status line: "HTTP/1.1 200 OK".
  if (head.size() < 12 || !head.starts_with("HTTP/1.")) {
    return ConnectionEvent::kFailed;
  }
  const int status = std::atoi(std::string(head.substr(9, 3)).c_str());
  if (status < 100 || status > 599) {
    return ConnectionEvent::kFailed;
  }

  long content_length = -1;
  bool close_requested = head.starts_with("HTTP/1.0");
  std::size_t line_start = head.find("\r\n");
  while (line_start != std::string_view::npos && line_start + 2 < head.size()) {
    const std::size_t next = head.find("\r\n", line_start + 2);
    const std::string_view line = head.substr(
        line_start + 2, (next == std::string_view::npos ? head.size() : next) - line_start - 2);
    if (iequals_prefix(line, "content-length:")) {
      content_length = std::atol(std::string(trim(line.substr(15))).c_str());
    } else if (iequals_prefix(line, "connection:")) {
      const std::string_view value = trim(line.substr(11));
      close_requested = iequals_prefix(value, "close");
    } else if (iequals_prefix(line, "transfer-encoding:")) {
      return ConnectionEvent::kFailed;  // chunked bodies are not supported
    }
    line_start = next;
  }
  if (content_length < 0) {
    if (status == 204 || status == 304 || status < 200) {
      content_length = 0;
    } else {
      return ConnectionEvent::kFailed;
    }
  }
  const std::size_t total = header_end + 4 + static_cast<std::size_t>(content_length);
  if (buffer_.size() < total) {
    return ConnectionEvent::kNone;
  }
  if (status < 200) {
    buffer_.erase(0, total);  // interim response; the final one follows
    return parse_response();
  }
  last_status_ = status;
  must_reconnect_ = close_requested;
  request_ = nullptr;
  written_ = 0;
  buffer_.clear();
  return ConnectionEvent::kResponse;
}

}  // namespace bridge::bench
