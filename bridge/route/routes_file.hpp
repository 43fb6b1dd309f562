#pragma once

#include <string>
#include <vector>

#include "bridge/route/route_rules.hpp"

namespace bridge::route {

// Loads the routes file given by --config (BRIDGE_CONFIG):
//
//   routes:
//     - match: {event_type: "record.*", object_id: "<uuid>"}
//       topic: "crm.deals.{event_type}"
//     - match: {event_type: "note-content.updated"}
//       drop: true
//
// The only top-level key is `routes`, an ordered list of rules. Each rule has a `match` map
// (empty or null matches every event) and exactly one of `topic` (a topic template) or
// `drop: true`. Match keys: event_type (glob), object_id, list_id, attribute_id (UUIDs),
// actor_type, and the api slugs object, list and attribute. The placeholders {object} and
// {list} are accepted only when `slug_lookup_available`, because without enrichment they
// have nothing to render. Throws config::SettingsError with one line naming the file, the
// rule index and the key, e.g. `routes.yaml: routes[2].match: unknown key "objectid"; ...`.
std::vector<RouteRule> load_routes_file(const std::string& path, bool slug_lookup_available);

// Same as load_routes_file, with the YAML text given directly; `path` names it in errors.
std::vector<RouteRule> parse_routes(const std::string& yaml_text, const std::string& path,
                                    bool slug_lookup_available);

}  // namespace bridge::route
