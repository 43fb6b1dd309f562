#pragma once

#include <string>

#include "bridge/parse/event_fields.hpp"
#include "bridge/route/topic_template.hpp"

namespace bridge::route {

// Where one event goes: a topic, or nowhere when a rule drops it.
struct RouteDecision {
  bool drop = false;
  std::string topic;
};

// Chooses the topic of each event. Immutable after construction and safe to share between
// threads.
class Router {
 public:
  explicit Router(TopicTemplate default_topic) : default_topic_(std::move(default_topic)) {}

  RouteDecision route(const parse::EventFields& event) const;

 private:
  TopicTemplate default_topic_;
};

}  // namespace bridge::route
