#pragma once

#include <string>
#include <utility>
#include <vector>

namespace bridge::publish {

using Header = std::pair<std::string, std::string>;

// One Kafka record ready to produce. `event_type_label` is the bounded metric label of the
// event it carries ("other" for unknown types, empty for a dead letter).
struct OutgoingMessage {
  std::string topic;
  std::string key;
  std::string value;
  std::vector<Header> headers;
  std::string event_type_label;
  bool dead_letter = false;
  std::string dead_letter_reason;
};

}  // namespace bridge::publish
