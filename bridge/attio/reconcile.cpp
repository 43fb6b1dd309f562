#include "bridge/attio/reconcile.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace bridge::attio {
namespace {

std::string describe_subscription(const Subscription& subscription) {
  const std::string filter = canonical_filter(subscription.filter_json);
  if (filter == "null") {
    return subscription.event_type;
  }
  return subscription.event_type + " " + subscription.filter_json;
}

// Lists the subscriptions only one side has. An event type added and removed at once is
// reported as a filter change.
std::vector<std::string> describe_changes(const std::vector<Subscription>& current,
                                          const std::vector<Subscription>& desired) {
  std::multimap<std::string, const Subscription*> remaining_current;
  for (const Subscription& subscription : current) {
    remaining_current.emplace(subscription_key(subscription), &subscription);
  }
  std::vector<const Subscription*> added;
  for (const Subscription& subscription : desired) {
    const auto match = remaining_current.find(subscription_key(subscription));
    if (match == remaining_current.end()) {
      added.push_back(&subscription);
    } else {
      remaining_current.erase(match);
    }
  }
  std::vector<const Subscription*> removed;
  for (const auto& entry : remaining_current) {
    removed.push_back(entry.second);
  }

  std::set<std::string> added_types;
  std::set<std::string> removed_types;
  for (const Subscription* subscription : added) {
    added_types.insert(subscription->event_type);
  }
  for (const Subscription* subscription : removed) {
    removed_types.insert(subscription->event_type);
  }

  std::vector<std::string> changes;
  for (const Subscription* subscription : added) {
    if (removed_types.count(subscription->event_type) != 0) {
      const std::string filter = canonical_filter(subscription->filter_json) == "null"
                                     ? std::string("none")
                                     : subscription->filter_json;
      changes.push_back("change filter of " + subscription->event_type + " to " + filter);
    } else {
      changes.push_back("add " + describe_subscription(*subscription));
    }
  }
  for (const Subscription* subscription : removed) {
    if (added_types.count(subscription->event_type) == 0) {
      changes.push_back("remove " + describe_subscription(*subscription));
    }
  }
  return changes;
}

}  // namespace

std::string_view plan_action_name(PlanAction action) {
  switch (action) {
    case PlanAction::kCreate:
      return "create";
    case PlanAction::kUpdate:
      return "update";
    case PlanAction::kDelete:
      return "delete";
    case PlanAction::kUnchanged:
      return "unchanged";
  }
  return "unknown";
}

Plan make_plan(const std::vector<DesiredWebhook>& desired, const std::vector<Webhook>& current,
               bool prune) {
  Plan plan;
  std::vector<bool> matched(current.size(), false);

  for (const DesiredWebhook& wanted : desired) {
    std::optional<std::size_t> chosen;
    for (std::size_t i = 0; i < current.size(); ++i) {
      if (matched[i] || current[i].target_url != wanted.target_url) {
        continue;
      }
      if (!chosen) {
        chosen = i;
      }
      if (same_subscriptions(current[i].subscriptions, wanted.subscriptions)) {
        chosen = i;
        break;
      }
    }

    PlanStep step;
    step.target_url = wanted.target_url;
    step.subscriptions = wanted.subscriptions;
    if (!chosen) {
      step.action = PlanAction::kCreate;
    } else {
      const Webhook& existing = current[*chosen];
      matched[*chosen] = true;
      step.webhook_id = existing.id;
      step.status = existing.status;
      if (same_subscriptions(existing.subscriptions, wanted.subscriptions)) {
        step.action = PlanAction::kUnchanged;
      } else {
        step.action = PlanAction::kUpdate;
        step.changes = describe_changes(existing.subscriptions, wanted.subscriptions);
      }
    }
    plan.steps.push_back(std::move(step));
  }

  for (std::size_t i = 0; i < current.size(); ++i) {
    if (matched[i]) {
      continue;
    }
    if (!prune) {
      ++plan.kept_undeclared;
      continue;
    }
    PlanStep step;
    step.action = PlanAction::kDelete;
    step.target_url = current[i].target_url;
    step.webhook_id = current[i].id;
    step.status = current[i].status;
    plan.steps.push_back(std::move(step));
  }
  return plan;
}

std::string format_plan_step(const PlanStep& step) {
  std::string line(plan_action_name(step.action));
  line.resize(10, ' ');
  line += step.target_url;
  if (!step.webhook_id.empty()) {
    line += "  id " + step.webhook_id;
  }
  if (!step.status.empty() && step.status != "active") {
    line += "  (status " + step.status + ")";
  }

  if (step.action == PlanAction::kCreate) {
    std::string types;
    for (const Subscription& subscription : step.subscriptions) {
      types += (types.empty() ? "" : ", ") + subscription.event_type;
    }
    line += "  subscriptions: " + types;
  } else if (step.action == PlanAction::kUpdate) {
    std::string changes;
    for (const std::string& change : step.changes) {
      changes += (changes.empty() ? "" : "; ") + change;
    }
    line += "  " + changes;
  }
  return line;
}

}  // namespace bridge::attio
