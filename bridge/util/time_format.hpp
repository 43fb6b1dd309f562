#pragma once

#include <chrono>
#include <string>

namespace bridge::util {

// Formats `time` as RFC 3339 in UTC with milliseconds, e.g. "2026-12-04T19:47:48.123Z".
std::string format_rfc3339_millis(std::chrono::system_clock::time_point time);

}  // namespace bridge::util
