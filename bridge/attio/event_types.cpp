#include "bridge/attio/event_types.hpp"

#include <algorithm>
#include <vector>

namespace bridge::attio {
namespace {

// Levenshtein distance with one row of state.
std::size_t edit_distance(std::string_view left, std::string_view right) {
  std::vector<std::size_t> row(right.size() + 1);
  for (std::size_t j = 0; j <= right.size(); ++j) {
    row[j] = j;
  }
  for (std::size_t i = 1; i <= left.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= right.size(); ++j) {
      const std::size_t above = row[j];
      const std::size_t substitution = diagonal + (left[i - 1] == right[j - 1] ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitution});
      diagonal = above;
    }
  }
  return row[right.size()];
}

}  // namespace

bool is_known_event_type(std::string_view event_type) {
  return std::find(kKnownEventTypes.begin(), kKnownEventTypes.end(), event_type) !=
         kKnownEventTypes.end();
}

std::optional<std::string> suggest_event_type(std::string_view event_type) {
  constexpr std::size_t kMaxTypoDistance = 3;
  std::optional<std::string> best;
  std::size_t best_distance = kMaxTypoDistance + 1;
  for (const std::string_view known : kKnownEventTypes) {
    const std::size_t distance = edit_distance(event_type, known);
    if (distance < best_distance) {
      best_distance = distance;
      best = std::string(known);
    }
  }
  return best;
}

}  // namespace bridge::attio
