#include "bridge/route/route_rules.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <map>
#include <string>
#include <variant>

#include "bridge/parse/event_fields.hpp"
#include "bridge/route/router.hpp"

namespace bridge::route {
namespace {

constexpr const char* kWorkspace = "2d6f6bf9-cf2a-43b8-9a1c-ffa08523913e";
constexpr const char* kPeople = "f4187059-10e0-408a-b6b8-9a2fec29935a";
constexpr const char* kDeals = "088cae00-d899-4262-8751-8b9a7626918e";

// Owns a parsed event and the fields read from it.
struct ParsedEvent {
  explicit ParsedEvent(const std::string& json) {
    document.Parse(json.c_str());
    EXPECT_FALSE(document.HasParseError()) << json;
    auto read = parse::read_event_fields(document);
    EXPECT_TRUE(std::holds_alternative<parse::EventFields>(read)) << json;
    fields = std::get<parse::EventFields>(read);
  }
  rapidjson::Document document;
  parse::EventFields fields;
};

std::string record_event(const std::string& event_type, const std::string& actor_type) {
  return std::string(R"({"event_type":")") + event_type + R"(","id":{"workspace_id":")" +
         kWorkspace + R"(","object_id":")" + kPeople +
         R"(","record_id":"35d9cbae-c019-4312-879b-4e85629e2799"},"actor":{"type":")" + actor_type +
         R"(","id":null}})";
}

TopicTemplate make_template(const std::string& text, bool allow_slugs = false) {
  auto parsed = TopicTemplate::parse(text, allow_slugs);
  EXPECT_TRUE(std::holds_alternative<TopicTemplate>(parsed)) << text;
  return std::get<TopicTemplate>(std::move(parsed));
}

RouteRule topic_rule(RouteMatch match, const std::string& topic) {
  RouteRule rule;
  rule.match = std::move(match);
  rule.topic = make_template(topic);
  return rule;
}

RouteRule drop_rule(RouteMatch match) {
  RouteRule rule;
  rule.match = std::move(match);
  rule.drop = true;
  return rule;
}

// A slug lookup backed by maps, standing in for the enrichment cache.
class MapSlugLookup : public SlugLookup {
 public:
  std::map<std::string, std::string, std::less<>> objects;
  std::map<std::string, std::string, std::less<>> lists;

  std::string object_slug(std::string_view id) const override { return find(objects, id); }
  std::string list_slug(std::string_view id) const override { return find(lists, id); }
  std::string attribute_slug(AttributeParent, std::string_view, std::string_view) const override {
    return {};
  }

 private:
  static std::string find(const std::map<std::string, std::string, std::less<>>& map,
                          std::string_view id) {
    const auto found = map.find(id);
    return found == map.end() ? std::string() : found->second;
  }
};

TEST(RouteKeys, RecordEventReadsIdObject) {
  const ParsedEvent event(record_event("record.updated", "api-token"));
  const RouteKeys keys = read_route_keys(event.fields, nullptr);
  EXPECT_EQ(keys.event_type, "record.updated");
  EXPECT_EQ(keys.object_id, kPeople);
  EXPECT_EQ(keys.list_id, "");
  EXPECT_EQ(keys.actor_type, "api-token");
  EXPECT_EQ(keys.object, "");
}

TEST(RouteKeys, ListEntryUsesParentObjectId) {
  const ParsedEvent event(
      std::string(R"({"event_type":"list-entry.updated","id":{"workspace_id":")") + kWorkspace +
      R"(","list_id":")" + kDeals +
      R"(","entry_id":"e1","attribute_id":"a1"},"parent_object_id":")" + kPeople +
      R"(","parent_record_id":"r1","actor":{"type":"system"}})");
  const RouteKeys keys = read_route_keys(event.fields, nullptr);
  EXPECT_EQ(keys.object_id, kPeople);
  EXPECT_EQ(keys.list_id, kDeals);
  EXPECT_EQ(keys.attribute_id, "a1");
  EXPECT_EQ(keys.actor_type, "system");
}

TEST(RouteKeys, CommentUsesTopLevelIds) {
  const ParsedEvent event(std::string(R"({"event_type":"comment.created","id":{"workspace_id":")") +
                          kWorkspace + R"(","comment_id":"c1"},"object_id":")" + kPeople +
                          R"(","list_id":null,"actor":{"type":"workspace-member"}})");
  const RouteKeys keys = read_route_keys(event.fields, nullptr);
  EXPECT_EQ(keys.object_id, kPeople);
  EXPECT_EQ(keys.list_id, "");
}

TEST(RouteKeys, SlugsComeFromLookup) {
  MapSlugLookup slugs;
  slugs.objects[kPeople] = "people";
  const ParsedEvent event(record_event("record.created", "system"));
  const RouteKeys keys = read_route_keys(event.fields, &slugs);
  EXPECT_EQ(keys.object, "people");
  EXPECT_EQ(keys.list, "");
}

TEST(RouteMatch, EmptyMatchesEveryEvent) {
  const ParsedEvent event(record_event("record.created", "system"));
  EXPECT_TRUE(matches(RouteMatch{}, read_route_keys(event.fields, nullptr)));
}

TEST(RouteMatch, EveryKeyMustMatch) {
  const ParsedEvent event(record_event("record.created", "api-token"));
  const RouteKeys keys = read_route_keys(event.fields, nullptr);

  RouteMatch match;
  match.event_type = "record.*";
  match.object_id = kPeople;
  match.actor_type = "api-token";
  EXPECT_TRUE(matches(match, keys));

  match.actor_type = "workspace-member";
  EXPECT_FALSE(matches(match, keys));
}

TEST(RouteMatch, AbsentValueNeverMatches) {
  const ParsedEvent event(record_event("record.created", "api-token"));
  RouteMatch match;
  match.list_id = kDeals;
  EXPECT_FALSE(matches(match, read_route_keys(event.fields, nullptr)));
}

TEST(RouteMatch, SlugRuleNeverMatchesWithoutLookup) {
  const ParsedEvent event(record_event("record.created", "api-token"));
  RouteMatch match;
  match.object = "people";
  EXPECT_FALSE(matches(match, read_route_keys(event.fields, nullptr)));
}

TEST(RouteMatch, SlugRuleMatchesWithLookup) {
  MapSlugLookup slugs;
  slugs.objects[kPeople] = "people";
  const ParsedEvent event(record_event("record.created", "api-token"));
  RouteMatch match;
  match.object = "people";
  EXPECT_TRUE(matches(match, read_route_keys(event.fields, &slugs)));
  match.object = "deals";
  EXPECT_FALSE(matches(match, read_route_keys(event.fields, &slugs)));
}

TEST(Router, NoRulesUsesDefaultTemplate) {
  const Router router(make_template("attio.{event_type}"));
  const ParsedEvent event(record_event("record.created", "system"));
  const RouteDecision decision = router.route(event.fields);
  EXPECT_FALSE(decision.drop);
  EXPECT_EQ(decision.topic, "attio.record.created");
}

TEST(Router, FirstMatchingRuleWins) {
  RouteMatch records;
  records.event_type = "record.*";
  RouteMatch people;
  people.object_id = kPeople;
  std::vector<RouteRule> rules;
  rules.push_back(topic_rule(records, "crm.records.{event_type}"));
  rules.push_back(topic_rule(people, "crm.people"));
  const Router router(make_template("attio.{event_type}"), std::move(rules));

  const ParsedEvent event(record_event("record.created", "system"));
  EXPECT_EQ(router.route(event.fields).topic, "crm.records.record.created");
}

TEST(Router, UnmatchedEventFallsBackToDefault) {
  RouteMatch notes;
  notes.event_type = "note.*";
  std::vector<RouteRule> rules;
  rules.push_back(topic_rule(notes, "crm.notes"));
  const Router router(make_template("attio.{resource}"), std::move(rules));

  const ParsedEvent event(record_event("record.created", "system"));
  EXPECT_EQ(router.route(event.fields).topic, "attio.record");
}

TEST(Router, DropRuleDropsEvent) {
  RouteMatch api_token;
  api_token.actor_type = "api-token";
  std::vector<RouteRule> rules;
  rules.push_back(drop_rule(api_token));
  const Router router(make_template("attio.{event_type}"), std::move(rules));

  const ParsedEvent dropped(record_event("record.created", "api-token"));
  EXPECT_TRUE(router.route(dropped.fields).drop);
  const ParsedEvent kept(record_event("record.created", "workspace-member"));
  EXPECT_FALSE(router.route(kept.fields).drop);
}

TEST(Router, SlugPlaceholdersRenderSlugOrId) {
  MapSlugLookup slugs;
  std::vector<RouteRule> rules;
  RouteRule rule;
  rule.topic = make_template("crm.{object}.{list}", /*allow_slugs=*/true);
  rules.push_back(std::move(rule));
  const Router router(make_template("attio.{event_type}"), std::move(rules), &slugs);
  const ParsedEvent event(record_event("record.created", "system"));

  EXPECT_EQ(router.route(event.fields).topic, std::string("crm.") + kPeople + ".none");
  slugs.objects[kPeople] = "people";
  EXPECT_EQ(router.route(event.fields).topic, "crm.people.none");
}

TEST(TopicTemplate, SlugPlaceholderNeedsLookup) {
  const auto parsed = TopicTemplate::parse("crm.{object}");
  ASSERT_TRUE(std::holds_alternative<std::string>(parsed));
  EXPECT_NE(std::get<std::string>(parsed).find("{object} needs api slugs"), std::string::npos);
}

}  // namespace
}  // namespace bridge::route
