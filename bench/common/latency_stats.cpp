#include "bench/common/latency_stats.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace bridge::bench {
namespace {

// Nearest-rank percentile of sorted values, fraction in (0, 1].
double percentile(const std::vector<double>& sorted, double fraction) {
  const auto rank =
      static_cast<std::size_t>(std::ceil(fraction * static_cast<double>(sorted.size())));
  return sorted[std::max<std::size_t>(rank, 1) - 1];
}

}  // namespace

std::optional<LatencySummary> summarize_latencies(std::vector<double>& latencies_us) {
  if (latencies_us.empty()) {
    return std::nullopt;
  }
  std::sort(latencies_us.begin(), latencies_us.end());
  LatencySummary summary;
  summary.count = latencies_us.size();
  summary.mean_us = std::accumulate(latencies_us.begin(), latencies_us.end(), 0.0) /
                    static_cast<double>(latencies_us.size());
  summary.p50_us = percentile(latencies_us, 0.50);
  summary.p90_us = percentile(latencies_us, 0.90);
  summary.p99_us = percentile(latencies_us, 0.99);
  summary.p999_us = percentile(latencies_us, 0.999);
  summary.max_us = latencies_us.back();
  return summary;
}

}  // namespace bridge::bench
