#include "bridge/enrich/slug_resolver.hpp"

#include "bridge/log/logger.hpp"

namespace bridge::enrich {
namespace {

SteadyNow real_clock_if_empty(SteadyNow now) {
  if (now) {
    return now;
  }
  return [] { return std::chrono::steady_clock::now(); };
}

SlugKind attribute_kind(route::AttributeParent parent) {
  return parent == route::AttributeParent::kObject ? SlugKind::kObjectAttribute
                                                   : SlugKind::kListAttribute;
}

}  // namespace

SlugResolver::SlugResolver(ResolverSettings settings, std::unique_ptr<SlugSource> source,
                           metrics::BridgeMetrics& metrics, SteadyNow now)
    : settings_(settings),
      source_(std::move(source)),
      metrics_(metrics),
      now_(real_clock_if_empty(std::move(now))),
      cache_(settings.max_entries),
      limiter_(settings.fetches_per_second, now_()),
      next_refresh_(now_() + settings.refresh_interval),
      worker_([this] { run(); }) {}

SlugResolver::~SlugResolver() {
  {
    const std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  worker_.join();
}

std::string SlugResolver::object_slug(std::string_view object_id) const {
  return lookup(make_slug_key(SlugKind::kObject, {}, object_id), SlugKind::kObject);
}

std::string SlugResolver::list_slug(std::string_view list_id) const {
  return lookup(make_slug_key(SlugKind::kList, {}, list_id), SlugKind::kList);
}

std::string SlugResolver::attribute_slug(route::AttributeParent parent, std::string_view parent_id,
                                         std::string_view attribute_id) const {
  const SlugKind kind = attribute_kind(parent);
  return lookup(make_slug_key(kind, parent_id, attribute_id), kind);
}

std::string SlugResolver::lookup(const std::optional<SlugKey>& key, SlugKind kind) const {
  if (key) {
    const std::optional<std::string> slug = cache_.find(*key);
    if (slug && !slug->empty()) {
      return *slug;
    }
    if (!slug) {
      enqueue_miss(*key);
    }
  }
  // A malformed id, an id that Attio did not find, or one not fetched yet.
  metrics_.count_enrichment_miss(kind_label(kind));
  return {};
}

void SlugResolver::enqueue_miss(const SlugKey& key) const {
  {
    const std::lock_guard lock(mutex_);
    if (stop_ || pending_.contains(key) || misses_.size() >= settings_.max_queued_misses) {
      return;
    }
    pending_.insert(key);
    misses_.push_back(key);
  }
  wake_.notify_all();
}

std::size_t SlugResolver::queued_fetches() const {
  const std::lock_guard lock(mutex_);
  return misses_.size() + refreshes_.size();
}

std::uint64_t SlugResolver::completed_fetches() const {
  const std::lock_guard lock(mutex_);
  return completed_;
}

bool SlugResolver::waiting_for_rate_limit() const {
  const std::lock_guard lock(mutex_);
  return waiting_for_rate_limit_;
}

bool SlugResolver::warm_up_done() const {
  const std::lock_guard lock(mutex_);
  return warm_up_done_;
}

void SlugResolver::wake() {
  // Taking the lock orders this notification after the worker started waiting.
  { const std::lock_guard lock(mutex_); }
  wake_.notify_all();
}

void SlugResolver::run() {
  if (settings_.warm_up) {
    warm_up();
  }
  std::unique_lock lock(mutex_);
  warm_up_done_ = true;
  while (!stop_) {
    const TimePoint now = now_();
    if (now >= next_refresh_) {
      schedule_refresh(now, lock);
      continue;
    }
    if (misses_.empty() && refreshes_.empty()) {
      wake_.wait_for(lock, next_refresh_ - now);
      continue;
    }
    if (!limiter_.try_acquire(now)) {
      waiting_for_rate_limit_ = true;
      wake_.wait_for(lock, std::min(limiter_.next_token_at(), next_refresh_) - now);
      waiting_for_rate_limit_ = false;
      continue;
    }

    const bool refresh = misses_.empty();
    std::deque<SlugKey>& queue = refresh ? refreshes_ : misses_;
    const SlugKey key = queue.front();
    queue.pop_front();
    lock.unlock();
    const FetchResult result = source_->fetch(key);
    apply(key, result, refresh);
    lock.lock();
    pending_.erase(key);
    ++completed_;
  }
}

void SlugResolver::schedule_refresh(TimePoint now, std::unique_lock<std::mutex>& lock) {
  next_refresh_ = now + settings_.refresh_interval;
  lock.unlock();
  // Ids that Attio did not find are fetched again on their next miss, in case they exist now.
  cache_.forget_not_found();
  const std::vector<SlugKey> keys = cache_.found_keys();
  lock.lock();
  for (const SlugKey& key : keys) {
    if (pending_.insert(key).second) {
      refreshes_.push_back(key);
    }
  }
  log::debug("refreshing the api slugs of enrichment", {{"entries", keys.size()}});
}

void SlugResolver::warm_up() {
  for (const SlugKind kind : {SlugKind::kObject, SlugKind::kList}) {
    auto listed = source_->list_all(kind);
    if (!listed) {
      note_failure(kind_label(kind), "", listed.error());
      continue;
    }
    note_success();
    std::size_t stored = 0;
    for (const auto& [id, slug] : listed.value()) {
      const auto key = make_slug_key(kind, {}, id);
      if (key && cache_.store(*key, slug)) {
        ++stored;
      }
    }
    log::info("enrichment loaded api slugs", {{"kind", kind_label(kind)}, {"entries", stored}});
  }
}

void SlugResolver::apply(const SlugKey& key, const FetchResult& result, bool refresh) {
  const std::string_view kind = kind_label(key.kind);
  switch (result.status) {
    case FetchStatus::kFound:
      note_success();
      if (!cache_.store(key, result.slug) && !cache_full_logged_) {
        cache_full_logged_ = true;
        log::warn("enrichment cache is full; new ids are fetched on every event but not stored",
                  {{"max_entries", settings_.max_entries}});
      }
      return;
    case FetchStatus::kNotFound:
      // Attio responded, so the API is reachable; the id is unknown to it (a test event's
      // fake id, a deleted object, or one the token cannot see).
      note_success();
      metrics_.count_enrichment_error(kind);
      log::debug("Attio has no resource with this id; events with it go out without a slug",
                 {{"kind", kind}, {"id", key.id}});
      cache_.store(key, {});
      return;
    case FetchStatus::kFailed:
      metrics_.count_enrichment_error(kind);
      note_failure(kind, key.id, result.error);
      if (refresh) {
        log::debug("keeping the cached api slug after a failed refresh",
                   {{"kind", kind}, {"id", key.id}});
      }
      return;
  }
}

void SlugResolver::note_failure(std::string_view kind, std::string_view id,
                                const std::string& error) {
  // Logged once per run of failures: during an outage every miss would repeat it.
  if (failing_) {
    return;
  }
  failing_ = true;
  log::warn(
      "enrichment cannot read api slugs from Attio; events are published without them until "
      "it can",
      {{"kind", kind}, {"id", id}, {"error", error}});
}

void SlugResolver::note_success() {
  if (failing_) {
    failing_ = false;
    log::info("enrichment reads api slugs from Attio again");
  }
}

}  // namespace bridge::enrich
