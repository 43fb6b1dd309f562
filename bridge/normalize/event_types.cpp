#include "bridge/normalize/event_types.hpp"

#include <algorithm>

namespace bridge::normalize {

std::string_view event_type_label(std::string_view event_type) {
  const auto known = std::find(kKnownEventTypes.begin(), kKnownEventTypes.end(), event_type);
  return known == kKnownEventTypes.end() ? std::string_view("other") : *known;
}

}  // namespace bridge::normalize
