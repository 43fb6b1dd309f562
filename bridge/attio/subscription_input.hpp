#pragma once

#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <vector>

#include "bridge/attio/subscription_validation.hpp"
#include "bridge/attio/webhook.hpp"

namespace bridge::attio {

// Reads and validates one subscription object `{event_type, filter?}` from user input.
// Appends messages prefixed with `path` to `errors` and returns nothing when invalid.
std::optional<Subscription> read_subscription(const rapidjson::Value& item, const std::string& path,
                                              const ValidationOptions& options,
                                              std::vector<std::string>& errors);

// Parses one `--subscription EVENT[=FILTER_JSON]` argument; `index` counts the flag's
// occurrences from zero and appears in the messages as `--subscription[index]`.
std::optional<Subscription> parse_subscription_argument(const std::string& argument,
                                                        std::size_t index,
                                                        const ValidationOptions& options,
                                                        std::vector<std::string>& errors);

// Appends an error for each subscription that repeats an earlier one (same event type and
// an equal filter), since a repeated subscription would only deliver the same event twice.
void check_duplicate_subscriptions(const std::vector<Subscription>& subscriptions,
                                   const std::string& path, std::vector<std::string>& errors);

}  // namespace bridge::attio
