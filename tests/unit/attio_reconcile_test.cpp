#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bridge/attio/reconcile.hpp"

namespace bridge::attio {
namespace {

constexpr const char* kFilterAb =
    R"({"$and":[{"field":"a","operator":"equals","value":"1"},{"field":"b","operator":"equals","value":"2"}]})";
constexpr const char* kFilterBa =
    R"({"$and":[{"value":"2","operator":"equals","field":"b"},{"field":"a","operator":"equals","value":"1"}]})";

Webhook existing(const std::string& id, const std::string& url,
                 std::vector<Subscription> subscriptions) {
  Webhook webhook;
  webhook.id = id;
  webhook.target_url = url;
  webhook.status = "active";
  webhook.subscriptions = std::move(subscriptions);
  return webhook;
}

TEST(AttioReconcile, OrderAndNullFilterDoNotMatter) {
  const std::vector<DesiredWebhook> desired = {
      {"https://a.example/hook",
       {{"record.created", "null"}, {"record.updated", kFilterAb}, {"note.created", "null"}}}};
  const std::vector<Webhook> current = {
      existing("w1", "https://a.example/hook",
               {{"note.created", ""}, {"record.updated", kFilterBa}, {"record.created", "null"}})};

  const Plan plan = make_plan(desired, current, false);
  ASSERT_EQ(plan.steps.size(), 1u);
  EXPECT_EQ(plan.steps[0].action, PlanAction::kUnchanged);
  EXPECT_EQ(plan.steps[0].webhook_id, "w1");
}

TEST(AttioReconcile, DescribesWhatDiffers) {
  const std::vector<DesiredWebhook> desired = {
      {"https://a.example/hook",
       {{"record.created", "null"}, {"record.updated", kFilterAb}, {"note.created", "null"}}}};
  const std::vector<Webhook> current = {
      existing("w1", "https://a.example/hook",
               {{"record.created", "null"}, {"record.updated", "null"}, {"task.deleted", "null"}})};

  const Plan plan = make_plan(desired, current, false);
  ASSERT_EQ(plan.steps.size(), 1u);
  EXPECT_EQ(plan.steps[0].action, PlanAction::kUpdate);
  const std::vector<std::string> expected = {
      std::string("change filter of record.updated to ") + kFilterAb, "add note.created",
      "remove task.deleted"};
  EXPECT_EQ(plan.steps[0].changes, expected);
  EXPECT_EQ(format_plan_step(plan.steps[0]),
            std::string("update    https://a.example/hook  id w1  change filter of "
                        "record.updated to ") +
                kFilterAb + "; add note.created; remove task.deleted");
}

TEST(AttioReconcile, PruneOnlyWhenAsked) {
  const std::vector<DesiredWebhook> desired = {
      {"https://new.example/hook", {{"record.created", "null"}}}};
  const std::vector<Webhook> current = {
      existing("old", "https://old.example/hook", {{"record.created", "null"}})};

  const Plan without_prune = make_plan(desired, current, false);
  ASSERT_EQ(without_prune.steps.size(), 1u);
  EXPECT_EQ(without_prune.steps[0].action, PlanAction::kCreate);
  EXPECT_EQ(without_prune.kept_undeclared, 1u);

  const Plan pruned = make_plan(desired, current, true);
  ASSERT_EQ(pruned.steps.size(), 2u);
  EXPECT_EQ(pruned.steps[0].action, PlanAction::kCreate);
  EXPECT_EQ(pruned.steps[1].action, PlanAction::kDelete);
  EXPECT_EQ(pruned.steps[1].webhook_id, "old");
  EXPECT_EQ(pruned.kept_undeclared, 0u);
}

TEST(AttioReconcile, PrefersMatchingDuplicate) {
  const std::vector<DesiredWebhook> desired = {
      {"https://a.example/hook", {{"record.created", "null"}}}};
  const std::vector<Webhook> current = {
      existing("first", "https://a.example/hook", {{"task.created", "null"}}),
      existing("second", "https://a.example/hook", {{"record.created", "null"}})};

  const Plan plan = make_plan(desired, current, true);
  ASSERT_EQ(plan.steps.size(), 2u);
  EXPECT_EQ(plan.steps[0].action, PlanAction::kUnchanged);
  EXPECT_EQ(plan.steps[0].webhook_id, "second");
  EXPECT_EQ(plan.steps[1].action, PlanAction::kDelete);
  EXPECT_EQ(plan.steps[1].webhook_id, "first");
}

TEST(AttioReconcile, RepeatedSubscriptionsAreCounted) {
  EXPECT_FALSE(same_subscriptions({{"record.created", "null"}, {"record.created", "null"}},
                                  {{"record.created", "null"}, {"note.created", "null"}}));
  EXPECT_TRUE(same_subscriptions({{"record.created", "null"}, {"note.created", "null"}},
                                 {{"note.created", "null"}, {"record.created", "null"}}));
}

TEST(AttioReconcile, AndIsNotOr) {
  const std::string and_filter = R"({"$and":[{"field":"a","operator":"equals","value":"1"}]})";
  const std::string or_filter = R"({"$or":[{"field":"a","operator":"equals","value":"1"}]})";
  EXPECT_NE(canonical_filter(and_filter), canonical_filter(or_filter));
  EXPECT_EQ(canonical_filter(kFilterAb), canonical_filter(kFilterBa));
  EXPECT_EQ(canonical_filter(""), canonical_filter("null"));
}

}  // namespace
}  // namespace bridge::attio
