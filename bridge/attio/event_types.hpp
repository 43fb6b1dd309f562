#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "bridge/normalize/event_types.hpp"

namespace bridge::attio {

// Webhook event types that Attio's REST API v2 accepts in a subscription are the ones the
// bridge lists: 27 generally available types plus the seven beta `activity*` types.
using normalize::kKnownEventTypes;

bool is_known_event_type(std::string_view event_type);

// Returns the known event type closest to `event_type` by edit distance when it is close
// enough to be a likely typo (for example `list_entry.created`), otherwise nothing.
std::optional<std::string> suggest_event_type(std::string_view event_type);

}  // namespace bridge::attio
