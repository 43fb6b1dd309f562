#include "bridge/enrich/slug_cache.hpp"

#include <mutex>

namespace bridge::enrich {

std::optional<std::string> SlugCache::find(const SlugKey& key) const {
  const std::shared_lock lock(mutex_);
  const auto found = slugs_.find(key);
  if (found == slugs_.end()) {
    return std::nullopt;
  }
  return found->second;
}

bool SlugCache::store(const SlugKey& key, std::string slug) {
  const std::unique_lock lock(mutex_);
  const auto found = slugs_.find(key);
  if (found != slugs_.end()) {
    found->second = std::move(slug);
    return true;
  }
  if (slugs_.size() >= max_entries_) {
    return false;
  }
  slugs_.emplace(key, std::move(slug));
  return true;
}

std::vector<SlugKey> SlugCache::found_keys() const {
  const std::shared_lock lock(mutex_);
  std::vector<SlugKey> keys;
  keys.reserve(slugs_.size());
  for (const auto& [key, slug] : slugs_) {
    if (!slug.empty()) {
      keys.push_back(key);
    }
  }
  return keys;
}

void SlugCache::forget_not_found() {
  const std::unique_lock lock(mutex_);
  std::erase_if(slugs_, [](const auto& entry) { return entry.second.empty(); });
}

std::size_t SlugCache::size() const {
  const std::shared_lock lock(mutex_);
  return slugs_.size();
}

}  // namespace bridge::enrich
