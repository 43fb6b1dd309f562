#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace bridge::attio {

// Parses an HTTP `Retry-After` value, either delta-seconds ("120") or an HTTP date
// ("Wed, 21 Oct 2026 07:28:00 GMT", plus the obsolete RFC 850 and asctime forms that
// RFC 9110 requires recipients to accept). Returns the wait relative to `now`, zero for a date
// in the past, and nothing for an unparsable value.
std::optional<std::chrono::seconds> parse_retry_after(const std::string& value,
                                                      std::chrono::system_clock::time_point now);

// Parses an HTTP date in one of the three forms above, as seconds since the Unix epoch.
std::optional<std::chrono::system_clock::time_point> parse_http_date(const std::string& value);

}  // namespace bridge::attio
