#include "support/raw_http_connection.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <stdexcept>

namespace bridge::testing {

RawHttpConnection::RawHttpConnection(int port) {
  socket_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (socket_ < 0) {
    throw std::runtime_error("socket() failed");
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(socket_, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) != 0) {
    ::close(socket_);
    throw std::runtime_error("cannot connect to 127.0.0.1:" + std::to_string(port));
  }
}

RawHttpConnection::~RawHttpConnection() {
  ::close(socket_);
}

void RawHttpConnection::send(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t written = ::send(socket_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (written <= 0) {
      throw std::runtime_error("send() to the test server failed");
    }
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
}

bool RawHttpConnection::read_some(std::chrono::steady_clock::time_point deadline) {
  const auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  if (remaining.count() <= 0) {
    return false;
  }
  pollfd descriptor{socket_, POLLIN, 0};
  if (::poll(&descriptor, 1, static_cast<int>(remaining.count())) <= 0) {
    return false;
  }
  char chunk[4096];
  const ssize_t received = ::recv(socket_, chunk, sizeof(chunk), 0);
  if (received <= 0) {
    return false;
  }
  buffer_.append(chunk, static_cast<std::size_t>(received));
  return true;
}

bool RawHttpConnection::fill(std::size_t size, std::chrono::steady_clock::time_point deadline) {
  while (buffer_.size() < size) {
    if (!read_some(deadline)) {
      return false;
    }
  }
  return true;
}

std::size_t RawHttpConnection::fill_until(std::string_view marker,
                                          std::chrono::steady_clock::time_point deadline) {
  while (true) {
    const std::size_t found = buffer_.find(marker);
    if (found != std::string::npos) {
      return found;
    }
    if (!read_some(deadline)) {
      return std::string::npos;
    }
  }
}

std::optional<RawResponse> RawHttpConnection::read_response(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  const std::size_t head_end = fill_until("\r\n\r\n", deadline);
  if (head_end == std::string::npos) {
    return std::nullopt;
  }
  RawResponse response;
  response.head = buffer_.substr(0, head_end);
  buffer_.erase(0, head_end + 4);
  // "HTTP/1.1 200 OK": the status code follows the first space.
  response.status = std::atoi(response.head.c_str() + response.head.find(' ') + 1);

  std::string lower_head = response.head;
  for (char& c : lower_head) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  const std::size_t length_at = lower_head.find("\r\ncontent-length:");
  if (length_at != std::string::npos) {
    const auto length =
        static_cast<std::size_t>(std::strtoull(lower_head.c_str() + length_at + 17, nullptr, 10));
    if (!fill(length, deadline)) {
      return std::nullopt;
    }
    response.body = buffer_.substr(0, length);
    buffer_.erase(0, length);
  }
  return response;
}

}  // namespace bridge::testing
