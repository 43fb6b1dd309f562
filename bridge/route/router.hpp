#pragma once

#include <string>
#include <vector>

#include "bridge/parse/event_fields.hpp"
#include "bridge/route/route_rules.hpp"
#include "bridge/route/slug_lookup.hpp"
#include "bridge/route/topic_template.hpp"

namespace bridge::route {

// Destination of one event: a topic, or nowhere when a rule drops it.
struct RouteDecision {
  bool drop = false;
  std::string topic;
  // Api slugs of the event's object, list and attribute; empty when not known or absent.
  std::string object_slug;
  std::string list_slug;
  std::string attribute_slug;
};

// Chooses the topic of each event: the first rule whose `match` fits decides; when none fits,
// the default topic template does. Immutable after construction and safe to share between
// threads.
class Router {
 public:
  // `slugs` may be null (no enrichment); otherwise it must outlive the Router.
  explicit Router(TopicTemplate default_topic, std::vector<RouteRule> rules = {},
                  const SlugLookup* slugs = nullptr)
      : default_topic_(std::move(default_topic)), rules_(std::move(rules)), slugs_(slugs) {}

  RouteDecision route(const parse::EventFields& event) const;

 private:
  TopicTemplate default_topic_;
  std::vector<RouteRule> rules_;
  const SlugLookup* slugs_;
};

}  // namespace bridge::route
