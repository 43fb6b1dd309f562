#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "bridge/enrich/slug_key.hpp"

namespace bridge::enrich {

// Api slugs by id, shared between the threads that publish events (readers) and the
// enrichment worker (the only writer). An entry with an empty slug records that Attio
// returned 404 for the id, so that repeated events with that id do not refetch it until the
// next refresh.
class SlugCache {
 public:
  explicit SlugCache(std::size_t max_entries) : max_entries_(max_entries) {}

  // Returns the slug; an empty string when Attio has no such id; nothing when the id was
  // never fetched.
  std::optional<std::string> find(const SlugKey& key) const;

  // Stores `slug` (empty: not found in Attio). Returns false, storing nothing, when the key
  // is new and the cache already contains max_entries.
  bool store(const SlugKey& key, std::string slug);

  // Returns the keys that have a slug, for the periodic refresh.
  std::vector<SlugKey> found_keys() const;

  // Drops the entries of ids that Attio did not find, so that they are fetched again.
  void forget_not_found();

  std::size_t size() const;

 private:
  const std::size_t max_entries_;
  mutable std::shared_mutex mutex_;
  std::map<SlugKey, std::string> slugs_;
};

}  // namespace bridge::enrich
