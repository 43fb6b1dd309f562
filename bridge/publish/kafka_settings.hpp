#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

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

// librdkafka's local queue bounds: queue.buffering.max.messages and
// queue.buffering.max.kbytes.
struct ProducerQueueLimits {
  std::uint64_t max_messages = 0;
  std::uint64_t max_kbytes = 0;
};

// Returns queue bounds that librdkafka cannot reach before the bridge's in-flight limit
// does: twice `max_inflight_events` records of `max_message_bytes` each (the publisher
// rejects larger records), and never below librdkafka 2.0's defaults of 100000 messages
// and 1048576 KiB.
ProducerQueueLimits required_queue_limits(std::size_t max_inflight_events,
                                          std::size_t max_message_bytes);

// Returns one warning per queue property in `user_properties` set below `required`, or a
// warning for a value that is not a number. Such a queue can fill first, and librdkafka
// then rejects records with QUEUE_FULL, so deliveries get 503 before the in-flight limit.
std::vector<std::string> unsafe_queue_overrides(
    const std::map<std::string, std::string>& user_properties, const ProducerQueueLimits& required);

// Returns true when a property name carries a credential, so its value must not be logged.
bool is_sensitive_property(const std::string& name);

}  // namespace bridge::publish
