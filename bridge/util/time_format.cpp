#include "bridge/util/time_format.hpp"

#include <cstdio>
#include <ctime>

namespace bridge::util {

std::string format_rfc3339_millis(std::chrono::system_clock::time_point time) {
  const auto since_epoch = time.time_since_epoch();
  const auto seconds = std::chrono::floor<std::chrono::seconds>(since_epoch);
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch - seconds);
  const std::time_t whole_seconds = static_cast<std::time_t>(seconds.count());
  std::tm utc{};
  gmtime_r(&whole_seconds, &utc);

  char text[96];  // large enough for any int fields, which silences -Wformat-truncation
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(millis.count()));
  return text;
}

}  // namespace bridge::util
