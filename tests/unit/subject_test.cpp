#include "bridge/normalize/subject.hpp"

#include <gtest/gtest.h>

#include "bridge/parse/delivery_parser.hpp"
#include "support/fixtures.hpp"

namespace bridge::normalize {
namespace {

struct FixtureSubject {
  const char* fixture;
  const char* subject;
};

// Expected subjects of every single-event fixture, written out from the ids in each file.
constexpr FixtureSubject kFixtureSubjects[] = {
    {"activity-attribute.created.json",
     "activities/6834e95d-9d09-44f1-841e-3ec3591fefac/attributes/8e240307-3977-4083-bc99-716a7c2f35f3"},
    {"activity-attribute.updated.json",
     "activities/6834e95d-9d09-44f1-841e-3ec3591fefac/attributes/8e240307-3977-4083-bc99-716a7c2f35f3"},
    {"activity-record.created.json",
     "activities/6834e95d-9d09-44f1-841e-3ec3591fefac/records/d9abe1c0-2712-453a-80f3-0befb6dcda2a"},
    {"activity-record.deleted.json",
     "activities/6834e95d-9d09-44f1-841e-3ec3591fefac/records/d9abe1c0-2712-453a-80f3-0befb6dcda2a"},
    {"activity.created.json",
     "activities/6834e95d-9d09-44f1-841e-3ec3591fefac"},
    {"activity.deleted.json",
     "activities/6834e95d-9d09-44f1-841e-3ec3591fefac"},
    {"activity.updated.json",
     "activities/6834e95d-9d09-44f1-841e-3ec3591fefac"},
    {"call-recording.created.json",
     "meetings/1cb6a57b-d788-493d-bc29-89fedaaca27f/call-recordings/f2cfc9c6-66e6-43fe-b8b1-14c28252d4de"},
    {"comment.created.json",
     "comments/cbe68c71-82c4-4a6c-9172-5ef6dfc2f671"},
    {"comment.deleted.json",
     "comments/cbe68c71-82c4-4a6c-9172-5ef6dfc2f671"},
    {"comment.resolved.json",
     "comments/13a3b5a9-8c46-41b6-b02a-330c4bfea263"},
    {"comment.unresolved.json",
     "comments/13a3b5a9-8c46-41b6-b02a-330c4bfea263"},
    {"list-attribute.created.json",
     "lists/088cae00-d899-4262-8751-8b9a7626918e/attributes/09ecf23b-aeb8-4f02-b923-b3d7e6fe9c27"},
    {"list-attribute.updated.json",
     "lists/088cae00-d899-4262-8751-8b9a7626918e/attributes/09ecf23b-aeb8-4f02-b923-b3d7e6fe9c27"},
    {"list-entry.created.json",
     "lists/088cae00-d899-4262-8751-8b9a7626918e/entries/21e522ad-5188-4cb5-84bd-a66c1b22a304"},
    {"list-entry.deleted.json",
     "lists/088cae00-d899-4262-8751-8b9a7626918e/entries/db4d231b-6c2b-4611-90d4-baf1d0c1d9f0"},
    {"list-entry.updated.json",
     "lists/088cae00-d899-4262-8751-8b9a7626918e/entries/21e522ad-5188-4cb5-84bd-a66c1b22a304"},
    {"list.created.json",
     "lists/31bb6d6d-90ab-4b33-8a95-defe73c76315"},
    {"list.deleted.json",
     "lists/31bb6d6d-90ab-4b33-8a95-defe73c76315"},
    {"list.updated.json",
     "lists/088cae00-d899-4262-8751-8b9a7626918e"},
    {"note-content.updated.json",
     "notes/b0836129-b548-4c99-9d00-772a192cf42b"},
    {"note.created.json",
     "notes/b0836129-b548-4c99-9d00-772a192cf42b"},
    {"note.deleted.json",
     "notes/b0836129-b548-4c99-9d00-772a192cf42b"},
    {"note.updated.json",
     "notes/b0836129-b548-4c99-9d00-772a192cf42b"},
    {"object-attribute.created.json",
     "objects/d528b334-c4e1-446b-9ca7-e78ebfabd554/attributes/495f242e-654b-468e-a2b1-bcb3325df09e"},
    {"object-attribute.updated.json",
     "objects/d528b334-c4e1-446b-9ca7-e78ebfabd554/attributes/495f242e-654b-468e-a2b1-bcb3325df09e"},
    {"record.created.json",
     "objects/f4187059-10e0-408a-b6b8-9a2fec29935a/records/35d9cbae-c019-4312-879b-4e85629e2799"},
    {"record.deleted.json",
     "objects/d528b334-c4e1-446b-9ca7-e78ebfabd554/records/884e66fd-c681-43e7-8e71-e17fc2162eed"},
    {"record.merged.json",
     "objects/f4187059-10e0-408a-b6b8-9a2fec29935a/records/a44b6f24-a99c-4ab3-b1f5-45b7b892ab87"},
    {"record.updated.json",
     "objects/f4187059-10e0-408a-b6b8-9a2fec29935a/records/35d9cbae-c019-4312-879b-4e85629e2799"},
    {"task.created.json",
     "tasks/b6e931b3-a2a8-4bf6-bab5-bd5b83af9f75"},
    {"task.deleted.json",
     "tasks/b6e931b3-a2a8-4bf6-bab5-bd5b83af9f75"},
    {"task.updated.json",
     "tasks/b6e931b3-a2a8-4bf6-bab5-bd5b83af9f75"},
    {"workspace-member.created.json",
     "workspace-members/5cc7cc58-1930-41e8-86e1-6461a269a1a0"},
};

rapidjson::Document parse_ids(const char* json) {
  rapidjson::Document ids;
  ids.Parse(json);
  return ids;
}

TEST(Subject, EveryFixtureHasItsFamilyPath) {
  ASSERT_EQ(std::size(kFixtureSubjects), testing::single_event_fixture_names().size());
  for (const FixtureSubject& expected : kFixtureSubjects) {
    const std::string body = testing::read_fixture(expected.fixture);
    auto parsed = parse::parse_delivery(body);
    ASSERT_TRUE(std::holds_alternative<parse::Delivery>(parsed)) << expected.fixture;
    const parse::Delivery& delivery = std::get<parse::Delivery>(parsed);
    const rapidjson::Value& event = delivery.event(0);
    const std::string event_type = event["event_type"].GetString();
    EXPECT_EQ(build_subject(event_type, event["id"]), expected.subject) << expected.fixture;
  }
}

TEST(Subject, UnknownFamilyUsesIdPairsInDocumentOrder) {
  const auto ids =
      parse_ids(R"({"workspace_id":"w","zebra_id":"z1","alpha_id":"a1","workspace_member_id":"m"})");
  EXPECT_EQ(build_subject("widget.created", ids), "zebra_id/z1/alpha_id/a1/workspace_member_id/m");
}

TEST(Subject, KnownFamilyWithMissingIdFallsBackToPairs) {
  const auto ids = parse_ids(R"({"workspace_id":"w","object_id":"o1"})");
  EXPECT_EQ(build_subject("record.created", ids), "object_id/o1");
}

TEST(Subject, SkipsValuesThatAreNotStrings) {
  const auto ids = parse_ids(R"({"workspace_id":"w","a":5,"b":"x","c":null,"d":{"e":"f"}})");
  EXPECT_EQ(build_subject("future.event", ids), "b/x");
}

TEST(Subject, KnownFamilyWithNumericIdFallsBackToPairs) {
  const auto ids = parse_ids(R"({"workspace_id":"w","task_id":7})");
  EXPECT_EQ(build_subject("task.created", ids), "");
}

TEST(Subject, OnlyWorkspaceIdGivesEmptySubject) {
  const auto ids = parse_ids(R"({"workspace_id":"w"})");
  EXPECT_EQ(build_subject("something.new", ids), "");
}

TEST(Subject, FamilyIsTextBeforeFirstDot) {
  const auto ids = parse_ids(R"({"workspace_id":"w","note_id":"n1"})");
  EXPECT_EQ(build_subject("note-content.updated", ids), "notes/n1");
  EXPECT_EQ(build_subject("note.some.future.suffix", ids), "notes/n1");
}

}  // namespace
}  // namespace bridge::normalize
