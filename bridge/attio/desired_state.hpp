#pragma once

#include <string>
#include <vector>

#include "bridge/attio/expected.hpp"
#include "bridge/attio/subscription_validation.hpp"
#include "bridge/attio/webhook.hpp"

namespace bridge::attio {

// One webhook as the desired-state file declares it. `target_url` is its identity.
struct DesiredWebhook {
  std::string target_url;
  std::vector<Subscription> subscriptions;
};

// Parses and validates a desired-state document:
//
//   webhooks:
//     - target_url: https://bridge.example.com/webhooks/attio
//       subscriptions:
//         - event_type: record.updated
//           filter: {$and: [{field: actor.type, operator: not_equals, value: api-token}]}
//
// Unknown keys, an empty subscription list, repeated target URLs and repeated
// subscriptions are errors. On failure returns every message found, each starting with
// `source_name` and the path of the bad part.
Expected<std::vector<DesiredWebhook>, std::vector<std::string>> parse_desired_state(
    const std::string& yaml_text, const std::string& source_name, const ValidationOptions& options);

// Reads the file at `path` and parses it as above.
Expected<std::vector<DesiredWebhook>, std::vector<std::string>> load_desired_state(
    const std::string& path, const ValidationOptions& options);

}  // namespace bridge::attio
