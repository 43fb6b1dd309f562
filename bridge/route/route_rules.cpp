#include "bridge/route/route_rules.hpp"

#include "bridge/route/glob.hpp"

namespace bridge::route {
namespace {

// Returns the first of `candidates` that is a non-empty string member of its object.
std::string_view first_string(
    std::initializer_list<std::pair<const rapidjson::Value*, std::string_view>> candidates) {
  for (const auto& [object, name] : candidates) {
    if (object == nullptr) {
      continue;
    }
    const std::string_view value = parse::string_member(*object, name);
    if (!value.empty()) {
      return value;
    }
  }
  return {};
}

bool equals_if_set(const std::optional<std::string>& expected, std::string_view actual) {
  return !expected || (!actual.empty() && *expected == actual);
}

}  // namespace

RouteKeys read_route_keys(const parse::EventFields& event, const SlugLookup* slugs) {
  RouteKeys keys;
  keys.event_type = event.event_type;
  keys.object_id = first_string(
      {{event.ids, "object_id"}, {event.event, "object_id"}, {event.event, "parent_object_id"}});
  keys.list_id = first_string({{event.ids, "list_id"}, {event.event, "list_id"}});
  keys.attribute_id = first_string({{event.ids, "attribute_id"}});
  keys.actor_type = event.actor_type;

  if (slugs != nullptr) {
    if (!keys.object_id.empty()) {
      keys.object = slugs->object_slug(keys.object_id);
    }
    if (!keys.list_id.empty()) {
      keys.list = slugs->list_slug(keys.list_id);
    }
    // `id.attribute_id` of record and object-attribute events belongs to `id.object_id`; of
    // list-entry and list-attribute events, to `id.list_id`.
    const std::string_view id_object = first_string({{event.ids, "object_id"}});
    const std::string_view id_list = first_string({{event.ids, "list_id"}});
    if (!keys.attribute_id.empty() && !id_object.empty()) {
      keys.attribute =
          slugs->attribute_slug(AttributeParent::kObject, id_object, keys.attribute_id);
    } else if (!keys.attribute_id.empty() && !id_list.empty()) {
      keys.attribute = slugs->attribute_slug(AttributeParent::kList, id_list, keys.attribute_id);
    }
  }
  return keys;
}

bool matches(const RouteMatch& match, const RouteKeys& keys) {
  if (match.event_type && !glob_match(*match.event_type, keys.event_type)) {
    return false;
  }
  return equals_if_set(match.object_id, keys.object_id) &&
         equals_if_set(match.list_id, keys.list_id) &&
         equals_if_set(match.attribute_id, keys.attribute_id) &&
         equals_if_set(match.actor_type, keys.actor_type) &&
         equals_if_set(match.object, keys.object) && equals_if_set(match.list, keys.list) &&
         equals_if_set(match.attribute, keys.attribute);
}

}  // namespace bridge::route
