#pragma once

#include "bridge/attio/api_client.hpp"
#include "bridge/enrich/slug_source.hpp"

namespace bridge::enrich {

// Reads api slugs from Attio's REST API:
//   GET /v2/objects/{id}, GET /v2/lists/{id} and
//   GET /v2/{objects|lists}/{parent_id}/attributes/{id} return {"data": {"api_slug": ...}};
//   GET /v2/objects and GET /v2/lists return {"data": [{"id": {...}, "api_slug": ...}]}.
// The token needs the object_configuration:read and list_configuration:read scopes.
class AttioSlugSource : public SlugSource {
 public:
  explicit AttioSlugSource(attio::ApiSettings settings);

  FetchResult fetch(const SlugKey& key) override;
  attio::Expected<std::vector<IdSlug>, std::string> list_all(SlugKind kind) override;

 private:
  attio::ApiClient client_;
};

}  // namespace bridge::enrich
