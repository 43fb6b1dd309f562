#include "bridge/publish/kafka_settings.hpp"

#include <algorithm>
#include <charconv>
#include <limits>

namespace bridge::publish {

const std::map<std::string, std::string>& default_producer_properties() {
  // lz4, because zstd cost the bridge 15 to 20 % more CPU per event and lowered its
  // saturated throughput in bench/run.sh (records of 0.5 to 2 KiB, 34 topics, 2 vCPUs).
  // docs/performance.md has the numbers.
  static const std::map<std::string, std::string> defaults = {
      {"enable.idempotence", "true"},      {"acks", "all"},
      {"compression.type", "lz4"},         {"linger.ms", "5"},
      {"client.id", "attio-kafka-bridge"},
      // Feeds the attio_bridge_kafka_* producer metrics.
      {"statistics.interval.ms", "5000"},
  };
  return defaults;
}

ProducerQueueLimits required_queue_limits(std::size_t max_inflight_events,
                                          std::size_t max_message_bytes) {
  constexpr std::uint64_t kDefaultMaxMessages = 100000;
  constexpr std::uint64_t kDefaultMaxKbytes = 1048576;
  constexpr std::uint64_t kLargestAccepted = std::numeric_limits<std::int32_t>::max();

  const std::uint64_t records = 2 * static_cast<std::uint64_t>(max_inflight_events);
  const std::uint64_t kbytes = (records * max_message_bytes + 1023) / 1024;
  return {std::clamp(records, kDefaultMaxMessages, kLargestAccepted),
          std::clamp(kbytes, kDefaultMaxKbytes, kLargestAccepted)};
}

std::vector<std::string> unsafe_queue_overrides(
    const std::map<std::string, std::string>& user_properties,
    const ProducerQueueLimits& required) {
  const std::pair<const char*, std::uint64_t> checks[] = {
      {"queue.buffering.max.messages", required.max_messages},
      {"queue.buffering.max.kbytes", required.max_kbytes},
  };
  std::vector<std::string> warnings;
  for (const auto& [name, minimum] : checks) {
    const auto property = user_properties.find(name);
    if (property == user_properties.end()) {
      continue;
    }
    const std::string& text = property->second;
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value < minimum) {
      warnings.push_back(std::string(name) + "=" + text + " is below " + std::to_string(minimum) +
                         " for the in-flight limit and message.max.bytes; librdkafka may "
                         "reject records as QUEUE_FULL first, so deliveries get 503 early. "
                         "Remove the override or raise it to at least " +
                         std::to_string(minimum));
    }
  }
  return warnings;
}

bool is_sensitive_property(const std::string& name) {
  return name.find("password") != std::string::npos || name.find("secret") != std::string::npos ||
         name.find("key") != std::string::npos || name.find("token") != std::string::npos ||
         name.find("jaas") != std::string::npos || name.find("oauthbearer") != std::string::npos;
}

}  // namespace bridge::publish
