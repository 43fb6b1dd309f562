#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "bridge/enrich/fetch_rate_limiter.hpp"
#include "bridge/enrich/slug_cache.hpp"
#include "bridge/enrich/slug_source.hpp"
#include "bridge/metrics/bridge_metrics.hpp"
#include "bridge/route/slug_lookup.hpp"

namespace bridge::enrich {

struct ResolverSettings {
  // How often every known slug is fetched again, so that renamed slugs show up.
  std::chrono::milliseconds refresh_interval{600000};
  // Fetches per second to Attio, misses and refreshes together. Attio allows 100 reads per
  // second per workspace, which the webhooks CLI and other integrations share.
  int fetches_per_second = 10;
  // Misses waiting for a fetch; a miss beyond it is skipped and a later event retries it.
  std::size_t max_queued_misses = 1000;
  // Cache entries; ids beyond it are fetched on every miss but not stored.
  std::size_t max_entries = 100000;
  // List all objects and lists once at start, before the first miss.
  bool warm_up = true;
};

using SteadyNow = std::function<std::chrono::steady_clock::time_point()>;

// Resolves object, list and attribute ids to api slugs for routes and CloudEvent extensions.
//
// Lookups never wait for Attio: a cached slug returns at once; an unknown id returns an
// empty string at once, counts in attio_bridge_enrichment_misses_total and queues a fetch
// for the background worker, so that a later event with the same id gets the slug. The
// worker fetches one id at a time, misses before refreshes, each id at most once while it
// is queued, and at most `fetches_per_second` per second. Every refresh interval it fetches
// every known slug again. Failed fetches count in attio_bridge_enrichment_errors_total; a
// failed refresh keeps the old slug.
class SlugResolver final : public route::SlugLookup {
 public:
  // `now` is the clock of the rate limit and the refresh timer; tests pass a fake one.
  SlugResolver(ResolverSettings settings, std::unique_ptr<SlugSource> source,
               metrics::BridgeMetrics& metrics, SteadyNow now = {});
  // Stops the worker. Waits for a fetch in progress, which the API client's timeout bounds.
  ~SlugResolver() override;

  SlugResolver(const SlugResolver&) = delete;
  SlugResolver& operator=(const SlugResolver&) = delete;

  std::string object_slug(std::string_view object_id) const override;
  std::string list_slug(std::string_view list_id) const override;
  std::string attribute_slug(route::AttributeParent parent, std::string_view parent_id,
                             std::string_view attribute_id) const override;

  // Fetches queued and not yet started.
  std::size_t queued_fetches() const;
  // Fetches finished, whatever their result.
  std::uint64_t completed_fetches() const;
  // Returns true while fetches are queued and the rate limit delays them.
  bool waiting_for_rate_limit() const;
  // Returns true once the start-up listing of objects and lists has finished.
  bool warm_up_done() const;
  // Makes the worker read the clock again; for tests that move a fake clock.
  void wake();

 private:
  using TimePoint = std::chrono::steady_clock::time_point;

  std::string lookup(const std::optional<SlugKey>& key, SlugKind kind) const;
  void enqueue_miss(const SlugKey& key) const;
  void run();
  void warm_up();
  void schedule_refresh(TimePoint now, std::unique_lock<std::mutex>& lock);
  void apply(const SlugKey& key, const FetchResult& result, bool refresh);
  void note_failure(std::string_view kind, std::string_view id, const std::string& error);
  void note_success();

  const ResolverSettings settings_;
  std::unique_ptr<SlugSource> source_;
  metrics::BridgeMetrics& metrics_;
  SteadyNow now_;
  SlugCache cache_;

  mutable std::mutex mutex_;
  mutable std::condition_variable wake_;
  mutable std::deque<SlugKey> misses_;
  std::deque<SlugKey> refreshes_;
  mutable std::set<SlugKey> pending_;  // queued or being fetched
  bool stop_ = false;
  bool waiting_for_rate_limit_ = false;
  bool warm_up_done_ = false;
  std::uint64_t completed_ = 0;
  FetchRateLimiter limiter_;
  TimePoint next_refresh_;

  // Touched by the worker thread only.
  bool failing_ = false;
  bool cache_full_logged_ = false;

  std::thread worker_;  // declared last, so it starts after every other member exists
};

}  // namespace bridge::enrich
