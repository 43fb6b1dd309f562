#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace bridge::http {

// A listener address such as "0.0.0.0:8080", "127.0.0.1:0" or "[::1]:8080".
struct ListenAddress {
  std::string host;
  int port = 0;  // 0 lets the kernel pick a free port

  std::string to_string() const;
};

// Parses "HOST:PORT" (IPv6 hosts in brackets); returns nullopt when it is not one.
std::optional<ListenAddress> parse_listen_address(std::string_view text);

}  // namespace bridge::http
