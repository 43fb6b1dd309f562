#pragma once

#include <chrono>
#include <memory>

#include "bridge/attio/api_client.hpp"
#include "bridge/enrich/slug_resolver.hpp"
#include "bridge/metrics/bridge_metrics.hpp"

namespace bridge::enrich {

// Settings of --enrich: where Attio's API is and how often slugs are refreshed.
struct EnrichSettings {
  attio::ApiSettings api;
  std::chrono::milliseconds refresh_interval{600000};
};

// Starts the slug resolver against Attio's API, with a warm-up listing of objects and lists.
std::unique_ptr<SlugResolver> start_enrichment(const EnrichSettings& settings,
                                               metrics::BridgeMetrics& metrics);

}  // namespace bridge::enrich
