#include "bridge/publish/kafka_settings.hpp"

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

bool is_sensitive_property(const std::string& name) {
  return name.find("password") != std::string::npos || name.find("secret") != std::string::npos ||
         name.find("key") != std::string::npos || name.find("token") != std::string::npos ||
         name.find("jaas") != std::string::npos || name.find("oauthbearer") != std::string::npos;
}

}  // namespace bridge::publish
