#pragma once

#include <string>
#include <vector>

#include "bridge/attio/desired_state.hpp"
#include "bridge/attio/webhook.hpp"

namespace bridge::attio {

enum class PlanAction { kCreate, kUpdate, kDelete, kUnchanged };

// One line of an apply plan and the API call it needs (none for kUnchanged).
struct PlanStep {
  PlanAction action = PlanAction::kUnchanged;
  std::string target_url;
  // The existing webhook; empty for kCreate.
  std::string webhook_id;
  // Status of the existing webhook as Attio reports it; empty for kCreate.
  std::string status;
  // Desired subscriptions, sent by kCreate and kUpdate.
  std::vector<Subscription> subscriptions;
  // For kUpdate: what differs, for example "add record.deleted".
  std::vector<std::string> changes;
};

struct Plan {
  // Steps in the order of the desired-state file, followed by deletions.
  std::vector<PlanStep> steps;
  // Existing webhooks that the file does not declare and that stay because pruning is off.
  std::size_t kept_undeclared = 0;
};

// Compares desired webhooks (keyed by target URL) with the current ones. A changed
// subscription list becomes one update (PATCH), never a delete and a create. When Attio
// has several webhooks for one declared URL, the one with equal subscriptions (else the
// first listed) is kept and the others count as undeclared. Undeclared webhooks become
// deletions only when `prune` is set.
Plan make_plan(const std::vector<DesiredWebhook>& desired, const std::vector<Webhook>& current,
               bool prune);

// Returns the plan line of one step, starting with its action word, for example
// "update     https://a.example/hook  id 1f0...  add note.created; remove task.deleted".
std::string format_plan_step(const PlanStep& step);

std::string_view plan_action_name(PlanAction action);

}  // namespace bridge::attio
