#include "bridge/route/router.hpp"

namespace bridge::route {

RouteDecision Router::route(const parse::EventFields& event) const {
  return {false, default_topic_.render({event.event_type, event.workspace_id})};
}

}  // namespace bridge::route
