#include "bridge/log/logger.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <mutex>

#include "bridge/util/time_format.hpp"

namespace bridge::log {
namespace {

std::atomic<Level> g_level{Level::kInfo};
std::mutex g_write_mutex;

std::string_view level_name(Level level) {
  switch (level) {
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarn:
      return "warn";
    case Level::kError:
      return "error";
  }
  return "info";
}

void write_text(rapidjson::Writer<rapidjson::StringBuffer>& writer, std::string_view text) {
  writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

}  // namespace

std::optional<Level> parse_level(std::string_view text) {
  for (const Level level : {Level::kDebug, Level::kInfo, Level::kWarn, Level::kError}) {
    if (text == level_name(level)) {
      return level;
    }
  }
  return std::nullopt;
}

void set_level(Level level) {
  g_level.store(level, std::memory_order_relaxed);
}

bool enabled(Level level) {
  return level >= g_level.load(std::memory_order_relaxed);
}

void write(Level level, std::string_view message, std::initializer_list<Field> fields) {
  if (!enabled(level)) {
    return;
  }
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.StartObject();
  write_text(writer, "time");
  write_text(writer, util::format_rfc3339_millis(std::chrono::system_clock::now()));
  write_text(writer, "level");
  write_text(writer, level_name(level));
  write_text(writer, "message");
  write_text(writer, message);
  for (const Field& field : fields) {
    write_text(writer, field.name);
    if (const auto* text = std::get_if<std::string_view>(&field.value)) {
      write_text(writer, *text);
    } else {
      writer.Int64(std::get<std::int64_t>(field.value));
    }
  }
  writer.EndObject();
  buffer.Put('\n');

  // One write(2) per line keeps lines whole even when another process shares stderr.
  const std::lock_guard lock(g_write_mutex);
  const char* data = buffer.GetString();
  std::size_t remaining = buffer.GetSize();
  while (remaining > 0) {
    const ssize_t written = ::write(STDERR_FILENO, data, remaining);
    if (written <= 0) {
      break;
    }
    data += written;
    remaining -= static_cast<std::size_t>(written);
  }
}

}  // namespace bridge::log
