#pragma once

#include <string_view>

namespace bridge::route {

// Returns true when `text` matches the glob `pattern` as a whole. '*' matches any run of
// characters, including none, and '?' matches exactly one character. Every other character
// matches only itself; there is no escape and no character class. Runs in O(pattern × text)
// time at worst, so a hostile pattern cannot make a match take exponential time.
bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace bridge::route
