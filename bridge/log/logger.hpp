#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string_view>
#include <type_traits>
#include <variant>

namespace bridge::log {

enum class Level { kDebug, kInfo, kWarn, kError };

// Parses "debug", "info", "warn" or "error".
std::optional<Level> parse_level(std::string_view text);

// One key of a log line. Values are strings or integers; never pass a secret or a body.
struct Field {
  Field(std::string_view field_name, std::string_view text) : name(field_name), value(text) {}
  Field(std::string_view field_name, const char* text)
      : name(field_name), value(std::string_view(text)) {}
  template <typename Integer>
  requires std::is_integral_v<Integer> Field(std::string_view field_name, Integer number)
      : name(field_name), value(static_cast<std::int64_t>(number)) {}

  std::string_view name;
  std::variant<std::string_view, std::int64_t> value;
};

// Sets the lowest level written; the default is kInfo.
void set_level(Level level);
bool enabled(Level level);

// Writes one JSON line to stderr: {"time":...,"level":...,"message":...,<fields>}. Lines from
// different threads never interleave.
void write(Level level, std::string_view message, std::initializer_list<Field> fields = {});

inline void debug(std::string_view message, std::initializer_list<Field> fields = {}) {
  write(Level::kDebug, message, fields);
}
inline void info(std::string_view message, std::initializer_list<Field> fields = {}) {
  write(Level::kInfo, message, fields);
}
inline void warn(std::string_view message, std::initializer_list<Field> fields = {}) {
  write(Level::kWarn, message, fields);
}
inline void error(std::string_view message, std::initializer_list<Field> fields = {}) {
  write(Level::kError, message, fields);
}

}  // namespace bridge::log
