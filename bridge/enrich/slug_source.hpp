#pragma once

#include <string>
#include <utility>
#include <vector>

#include "bridge/attio/expected.hpp"
#include "bridge/enrich/slug_key.hpp"

namespace bridge::enrich {

enum class FetchStatus {
  kFound,     // `slug` is set
  kNotFound,  // Attio returned 404: the id does not exist, or the token cannot see it
  kFailed,    // no usable response; `error` gives the reason
};

struct FetchResult {
  FetchStatus status = FetchStatus::kFailed;
  std::string slug;
  std::string error;
};

// An id and its api slug, as a listing returns them.
using IdSlug = std::pair<std::string, std::string>;

// Source of api slugs for the enrichment worker: Attio's REST API, or a stand-in in tests.
// Called only from the worker thread, so it may block.
class SlugSource {
 public:
  virtual ~SlugSource() = default;

  virtual FetchResult fetch(const SlugKey& key) = 0;
  // Lists every object (kObject) or list (kList) of the workspace with its slug.
  virtual attio::Expected<std::vector<IdSlug>, std::string> list_all(SlugKind kind) = 0;
};

}  // namespace bridge::enrich
