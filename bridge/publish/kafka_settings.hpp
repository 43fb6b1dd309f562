#pragma once

#include <cstddef>
#include <map>
#include <string>

namespace bridge::publish {

// Producer settings from the command line and environment.
struct KafkaSettings {
  std::string brokers;
  // librdkafka properties given by the user; they override the bridge's defaults.
  std::map<std::string, std::string> properties;
  // Most records produced and not yet acknowledged; beyond it publish() returns kOverloaded.
  std::size_t max_inflight_events = 10000;
};

// Producer properties the bridge sets unless the user overrides them: every record is
// acknowledged by all in-sync replicas and written once per produce call.
const std::map<std::string, std::string>& default_producer_properties();

// Returns true when a property name carries a credential, so its value must not be logged.
bool is_sensitive_property(const std::string& name);

}  // namespace bridge::publish
