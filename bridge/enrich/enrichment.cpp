#include "bridge/enrich/enrichment.hpp"

#include "bridge/enrich/attio_slug_source.hpp"
#include "bridge/log/logger.hpp"

namespace bridge::enrich {
namespace {

// One attempt of at most 5 s per fetch. The worker fetches one id at a time and fetches a
// failed id again on its next miss, so a retry inside a request would only delay the others.
constexpr std::chrono::milliseconds kFetchTimeout{5000};

}  // namespace

std::unique_ptr<SlugResolver> start_enrichment(const EnrichSettings& settings,
                                               metrics::BridgeMetrics& metrics) {
  attio::ApiSettings api = settings.api;
  api.timeout = std::min(api.timeout, kFetchTimeout);
  api.max_attempts = 1;
  ResolverSettings resolver;
  resolver.refresh_interval = settings.refresh_interval;
  log::info("enrichment is on: resolving api slugs in the background",
            {{"attio_api_base_url", api.base_url},
             {"enrich_refresh_ms", settings.refresh_interval.count()},
             {"fetches_per_second", resolver.fetches_per_second}});
  return std::make_unique<SlugResolver>(resolver, std::make_unique<AttioSlugSource>(api), metrics);
}

}  // namespace bridge::enrich
