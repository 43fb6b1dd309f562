#include "bridge/attio/retry_after.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <ctime>

namespace bridge::attio {
namespace {

constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::optional<int> month_index(const char* name) {
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    if (std::strcmp(kMonths[i], name) == 0) {
      return static_cast<int>(i);
    }
  }
  return std::nullopt;
}

std::optional<std::chrono::system_clock::time_point> to_time_point(int year, int month, int day,
                                                                   int hour, int minute,
                                                                   int second) {
  if (day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60 || year < 1970) {
    return std::nullopt;
  }
  std::tm fields{};
  fields.tm_year = year - 1900;
  fields.tm_mon = month;
  fields.tm_mday = day;
  fields.tm_hour = hour;
  fields.tm_min = minute;
  fields.tm_sec = second;
  const std::time_t seconds = timegm(&fields);
  if (seconds == static_cast<std::time_t>(-1)) {
    return std::nullopt;
  }
  return std::chrono::system_clock::from_time_t(seconds);
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> parse_http_date(const std::string& value) {
  char weekday[16] = {};
  char month[4] = {};
  char zone[4] = {};
  int day = 0;
  int year = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
  int consumed = 0;

  // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
  if (std::sscanf(value.c_str(), "%3s, %2d %3s %4d %2d:%2d:%2d %3s%n", weekday, &day, month, &year,
                  &hour, &minute, &second, zone, &consumed) == 8 &&
      static_cast<std::size_t>(consumed) == value.size() && std::strcmp(zone, "GMT") == 0) {
    if (const auto month_number = month_index(month)) {
      return to_time_point(year, *month_number, day, hour, minute, second);
    }
    return std::nullopt;
  }

  // RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT"; two-digit years below 70 are 20xx.
  if (std::sscanf(value.c_str(), "%15[A-Za-z], %2d-%3s-%2d %2d:%2d:%2d %3s%n", weekday, &day, month,
                  &year, &hour, &minute, &second, zone, &consumed) == 8 &&
      static_cast<std::size_t>(consumed) == value.size() && std::strcmp(zone, "GMT") == 0) {
    if (const auto month_number = month_index(month)) {
      return to_time_point(year < 70 ? 2000 + year : 1900 + year, *month_number, day, hour, minute,
                           second);
    }
    return std::nullopt;
  }

  // asctime: "Sun Nov  6 08:49:37 1994"
  if (std::sscanf(value.c_str(), "%3s %3s %2d %2d:%2d:%2d %4d%n", weekday, month, &day, &hour,
                  &minute, &second, &year, &consumed) == 7 &&
      static_cast<std::size_t>(consumed) == value.size()) {
    if (const auto month_number = month_index(month)) {
      return to_time_point(year, *month_number, day, hour, minute, second);
    }
  }
  return std::nullopt;
}

std::optional<std::chrono::seconds> parse_retry_after(const std::string& value,
                                                      std::chrono::system_clock::time_point now) {
  if (value.empty()) {
    return std::nullopt;
  }
  const bool all_digits = std::all_of(value.begin(), value.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
  });
  if (all_digits) {
    if (value.size() > 9) {
      // More than 31 years: callers cap the wait anyway.
      return std::chrono::seconds(999999999);
    }
    return std::chrono::seconds(std::stol(value));
  }

  const auto date = parse_http_date(value);
  if (!date) {
    return std::nullopt;
  }
  if (*date <= now) {
    return std::chrono::seconds(0);
  }
  // Round up so that a retry never comes before the date.
  return std::chrono::ceil<std::chrono::seconds>(*date - now);
}

}  // namespace bridge::attio
