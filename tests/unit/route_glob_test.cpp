#include <gtest/gtest.h>

#include <string>

#include "bridge/route/glob.hpp"

namespace bridge::route {
namespace {

TEST(GlobMatch, LiteralMatchesOnlyItself) {
  EXPECT_TRUE(glob_match("record.created", "record.created"));
  EXPECT_FALSE(glob_match("record.created", "record.updated"));
  EXPECT_FALSE(glob_match("record.created", "record.created.x"));
  EXPECT_FALSE(glob_match("record", "record.created"));
}

TEST(GlobMatch, StarMatchesAnyRunIncludingEmpty) {
  EXPECT_TRUE(glob_match("record.*", "record.created"));
  EXPECT_TRUE(glob_match("record.*", "record."));
  EXPECT_FALSE(glob_match("record.*", "record"));
  EXPECT_FALSE(glob_match("record.*", "list-entry.created"));
  EXPECT_TRUE(glob_match("*", ""));
  EXPECT_TRUE(glob_match("*", "anything"));
  EXPECT_TRUE(glob_match("*.created", "list-entry.created"));
  EXPECT_TRUE(glob_match("*-*.*", "list-entry.created"));
  EXPECT_FALSE(glob_match("*-*.*", "record.created"));
}

TEST(GlobMatch, QuestionMarkMatchesOneCharacter) {
  EXPECT_TRUE(glob_match("list?", "lists"));
  EXPECT_FALSE(glob_match("list?", "list"));
  EXPECT_FALSE(glob_match("list?", "listss"));
  EXPECT_TRUE(glob_match("?*", "a"));
  EXPECT_FALSE(glob_match("?*", ""));
}

TEST(GlobMatch, StarInTextIsLiteral) {
  EXPECT_TRUE(glob_match("a*", "a*"));
  EXPECT_FALSE(glob_match("a?", "a"));
  EXPECT_TRUE(glob_match("a*b", "a*xb"));
}

TEST(GlobMatch, BacktracksAfterPartialMatch) {
  EXPECT_TRUE(glob_match("*ab", "aab"));
  EXPECT_TRUE(glob_match("*a*b", "xxaxxb"));
  EXPECT_FALSE(glob_match("*a*b", "xxaxxc"));
  EXPECT_TRUE(glob_match("a*b*c", "abbbc"));
}

TEST(GlobMatch, ManyStarsStayFast) {
  // A naive recursive matcher takes exponential time here; this one finishes at once.
  const std::string pattern = std::string(40, '*') + "b";
  const std::string text(5000, 'a');
  EXPECT_FALSE(glob_match(pattern, text));
  EXPECT_TRUE(glob_match(pattern, text + "b"));
}

}  // namespace
}  // namespace bridge::route
