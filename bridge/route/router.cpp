#include "bridge/route/router.hpp"

namespace bridge::route {
namespace {

// Returns what {object} or {list} renders to: the api slug, else the id while the slug is not
// known, else "none" when the event names no such resource.
std::string_view slug_or_id(std::string_view slug, std::string_view id) {
  if (!slug.empty()) {
    return slug;
  }
  return id.empty() ? std::string_view("none") : id;
}

}  // namespace

RouteDecision Router::route(const parse::EventFields& event) const {
  const RouteKeys keys = read_route_keys(event, slugs_);
  const TopicFields fields{event.event_type, event.workspace_id,
                           slug_or_id(keys.object, keys.object_id),
                           slug_or_id(keys.list, keys.list_id)};

  const TopicTemplate* topic = &default_topic_;
  for (const RouteRule& rule : rules_) {
    if (!matches(rule.match, keys)) {
      continue;
    }
    if (rule.drop) {
      return {true, {}, {}, {}, {}};
    }
    topic = &*rule.topic;
    break;
  }
  RouteDecision decision;
  decision.topic = topic->render(fields);
  decision.object_slug = keys.object;
  decision.list_slug = keys.list;
  decision.attribute_slug = keys.attribute;
  return decision;
}

}  // namespace bridge::route
