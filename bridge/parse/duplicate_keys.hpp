#pragma once

#include <rapidjson/document.h>

namespace bridge::parse {

// Returns true when the object `value` itself has two members with the same name. JSON
// parsers disagree on which of two equal keys wins (RapidJSON's FindMember returns the first,
// many others keep the last), so such input is ambiguous. Returns false for non-objects.
bool has_duplicate_member(const rapidjson::Value& value);

// Returns true when `value` or any object nested in it has two members with the same name.
// Walks the tree with an explicit stack, so deep nesting cannot overflow the call stack.
bool has_duplicate_key(const rapidjson::Value& value);

}  // namespace bridge::parse
