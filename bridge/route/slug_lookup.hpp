#pragma once

#include <string>
#include <string_view>

namespace bridge::route {

// Parent of an attribute. Attio serves attributes under their object or list, so an
// attribute id resolves only together with the id of its parent.
enum class AttributeParent { kObject, kList };

// Resolves Attio ids to api slugs (e.g. an object id to "deals"). Attio's webhook payloads
// carry only UUIDs, so route rules on `object`, `list` and `attribute` and the topic
// placeholders {object} and {list} need an implementation of this interface, which the
// enrichment cache provides. Without one, the Router passes a null pointer and such rules
// never match.
class SlugLookup {
 public:
  virtual ~SlugLookup() = default;

  // Each returns the api slug of the id, or an empty string when it is not known. They must
  // return at once without calling Attio: routing never waits for the Attio API. Safe to call
  // from many threads.
  virtual std::string object_slug(std::string_view object_id) const = 0;
  virtual std::string list_slug(std::string_view list_id) const = 0;
  virtual std::string attribute_slug(AttributeParent parent, std::string_view parent_id,
                                     std::string_view attribute_id) const = 0;
};

}  // namespace bridge::route
