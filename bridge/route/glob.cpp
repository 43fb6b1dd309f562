#include "bridge/route/glob.hpp"

namespace bridge::route {

bool glob_match(std::string_view pattern, std::string_view text) {
  std::size_t p = 0;
  std::size_t t = 0;
  // Where to resume after the last '*': the pattern position after it, and the text position
  // it has absorbed up to. Only the last '*' needs remembering, because any earlier one can
  // never need to absorb more once a later one has matched.
  std::size_t star_pattern = std::string_view::npos;
  std::size_t star_text = 0;

  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star_pattern = ++p;
      star_text = t;
    } else if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (star_pattern != std::string_view::npos) {
      p = star_pattern;
      t = ++star_text;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') {
    ++p;
  }
  return p == pattern.size();
}

}  // namespace bridge::route
