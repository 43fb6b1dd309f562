#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace bridge::enrich {

// Kind of resource an Attio id names. Attributes live under an object or a list, and Attio's API reads
// them only through that parent.
enum class SlugKind { kObject, kList, kObjectAttribute, kListAttribute };

// The id of one object, list or attribute whose api slug the cache holds. Ids are stored in
// lower case, so that both spellings of a UUID share one entry.
struct SlugKey {
  SlugKind kind = SlugKind::kObject;
  std::string parent_id;  // the object or list id of an attribute; empty otherwise
  std::string id;

  auto operator<=>(const SlugKey&) const = default;
};

// Builds a key, or returns nothing when an id is not 1 to 64 characters of letters, digits
// and '-' (Attio ids are UUIDs). Such ids never become part of a request path.
std::optional<SlugKey> make_slug_key(SlugKind kind, std::string_view parent_id,
                                     std::string_view id);

// Returns the `kind` label of the enrichment metrics: "object", "list" or "attribute".
std::string_view kind_label(SlugKind kind);

// Returns the API path that reads the key's resource, e.g. /v2/objects/{object_id} or
// /v2/lists/{list_id}/attributes/{attribute_id}.
std::string api_path(const SlugKey& key);

}  // namespace bridge::enrich
