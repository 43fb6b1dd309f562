#include "bridge/enrich/slug_key.hpp"

#include <algorithm>

namespace bridge::enrich {
namespace {

constexpr std::size_t kMaxIdLength = 64;

std::optional<std::string> normalize_id(std::string_view id) {
  const bool valid = std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
  });
  if (id.empty() || id.size() > kMaxIdLength || !valid) {
    return std::nullopt;
  }
  std::string lower(id);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  });
  return lower;
}

}  // namespace

std::optional<SlugKey> make_slug_key(SlugKind kind, std::string_view parent_id,
                                     std::string_view id) {
  auto normalized_id = normalize_id(id);
  if (!normalized_id) {
    return std::nullopt;
  }
  SlugKey key{kind, {}, std::move(*normalized_id)};
  if (kind == SlugKind::kObjectAttribute || kind == SlugKind::kListAttribute) {
    auto normalized_parent = normalize_id(parent_id);
    if (!normalized_parent) {
      return std::nullopt;
    }
    key.parent_id = std::move(*normalized_parent);
  }
  return key;
}

std::string_view kind_label(SlugKind kind) {
  switch (kind) {
    case SlugKind::kObject:
      return "object";
    case SlugKind::kList:
      return "list";
    case SlugKind::kObjectAttribute:
    case SlugKind::kListAttribute:
      break;
  }
  return "attribute";
}

std::string api_path(const SlugKey& key) {
  switch (key.kind) {
    case SlugKind::kObject:
      return "/v2/objects/" + key.id;
    case SlugKind::kList:
      return "/v2/lists/" + key.id;
    case SlugKind::kObjectAttribute:
      return "/v2/objects/" + key.parent_id + "/attributes/" + key.id;
    case SlugKind::kListAttribute:
      break;
  }
  return "/v2/lists/" + key.parent_id + "/attributes/" + key.id;
}

}  // namespace bridge::enrich
