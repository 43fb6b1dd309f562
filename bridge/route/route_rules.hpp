#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bridge/parse/event_fields.hpp"
#include "bridge/route/slug_lookup.hpp"
#include "bridge/route/topic_template.hpp"

namespace bridge::route {

// The values of one event that route rules compare. Views point into the delivery's document.
struct RouteKeys {
  std::string_view event_type;
  // `id.object_id`; else the top-level `object_id` (comment events); else the top-level
  // `parent_object_id` (list-entry and note events, which name the record they belong to).
  std::string_view object_id;
  // `id.list_id`; else the top-level `list_id` (comment events on a list entry).
  std::string_view list_id;
  std::string_view attribute_id;  // `id.attribute_id`
  std::string_view actor_type;    // `actor.type`
  // Api slugs of the ids above; empty without a SlugLookup or while a slug is not known.
  std::string object;
  std::string list;
  std::string attribute;
};

// Reads the routing values of an event. `slugs` may be null; then the slug fields stay empty.
RouteKeys read_route_keys(const parse::EventFields& event, const SlugLookup* slugs);

// The `match` map of a rule. Every key that is set must match; an empty map matches every
// event. Values compare exactly, except `event_type`, which is a glob ('*' and '?').
struct RouteMatch {
  std::optional<std::string> event_type;
  std::optional<std::string> object_id;
  std::optional<std::string> list_id;
  std::optional<std::string> attribute_id;
  std::optional<std::string> actor_type;
  std::optional<std::string> object;
  std::optional<std::string> list;
  std::optional<std::string> attribute;

  // Returns true when the rule compares api slugs (`object`, `list` or `attribute`).
  bool uses_slugs() const { return object || list || attribute; }
};

// Returns true when `keys` satisfy every condition of `match`. A slug condition never matches
// an empty slug, so without a SlugLookup such a rule matches nothing.
bool matches(const RouteMatch& match, const RouteKeys& keys);

// One rule of the routes file: events that match go to `topic`, or nowhere when `drop`.
struct RouteRule {
  RouteMatch match;
  bool drop = false;
  std::optional<TopicTemplate> topic;  // set exactly when `drop` is false
};

}  // namespace bridge::route
