#include "bridge/parse/duplicate_keys.hpp"

#include <algorithm>
#include <string_view>
#include <vector>

namespace bridge::parse {

bool has_duplicate_member(const rapidjson::Value& value) {
  if (!value.IsObject() || value.MemberCount() < 2) {
    return false;
  }
  std::vector<std::string_view> names;
  names.reserve(value.MemberCount());
  for (const auto& member : value.GetObject()) {
    names.emplace_back(member.name.GetString(), member.name.GetStringLength());
  }
  std::sort(names.begin(), names.end());
  return std::adjacent_find(names.begin(), names.end()) != names.end();
}

bool has_duplicate_key(const rapidjson::Value& value) {
  std::vector<const rapidjson::Value*> pending{&value};
  while (!pending.empty()) {
    const rapidjson::Value* current = pending.back();
    pending.pop_back();
    if (current->IsObject()) {
      if (has_duplicate_member(*current)) {
        return true;
      }
      for (const auto& member : current->GetObject()) {
        pending.push_back(&member.value);
      }
    } else if (current->IsArray()) {
      for (const auto& element : current->GetArray()) {
        pending.push_back(&element);
      }
    }
  }
  return false;
}

}  // namespace bridge::parse
