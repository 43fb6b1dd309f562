#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace bridge::bench {

struct LatencySummary {
  std::size_t count = 0;
  double mean_us = 0;
  double p50_us = 0;
  double p90_us = 0;
  double p99_us = 0;
  double p999_us = 0;
  double max_us = 0;
};

// Summarizes latencies in microseconds with nearest-rank percentiles. Sorts the input.
// Returns nullopt for an empty input.
std::optional<LatencySummary> summarize_latencies(std::vector<double>& latencies_us);

}  // namespace bridge::bench
