#include <unistd.h>

#include "bridge/attio/desired_state.hpp"
#include "bridge/attio/reconcile.hpp"
#include "bridge/attio/webhook_subcommands.hpp"

namespace bridge::attio {
namespace {

struct PlanCounts {
  std::size_t create = 0;
  std::size_t update = 0;
  std::size_t remove = 0;
  std::size_t unchanged = 0;
};

PlanCounts count_steps(const Plan& plan) {
  PlanCounts counts;
  for (const PlanStep& step : plan.steps) {
    switch (step.action) {
      case PlanAction::kCreate:
        ++counts.create;
        break;
      case PlanAction::kUpdate:
        ++counts.update;
        break;
      case PlanAction::kDelete:
        ++counts.remove;
        break;
      case PlanAction::kUnchanged:
        ++counts.unchanged;
        break;
    }
  }
  return counts;
}

std::vector<FlagSpec> apply_flag_specs() {
  std::vector<FlagSpec> specs = {
      {"file", "f", FlagKind::kValue, "FILE", "ATTIO_WEBHOOKS_FILE", "",
       "Desired-state YAML file: a `webhooks` list of {target_url, subscriptions}."},
      {"dry-run", "", FlagKind::kSwitch, "", "ATTIO_WEBHOOKS_DRY_RUN", "false",
       "Print the plan and send no create, update or delete request."},
      {"prune", "", FlagKind::kSwitch, "", "ATTIO_WEBHOOKS_PRUNE", "false",
       "Delete webhooks whose target URL the file does not declare. Without it they stay."},
      secret_out_flag_spec(),
  };
  for (FlagSpec& spec : validation_flag_specs()) {
    specs.push_back(std::move(spec));
  }
  for (FlagSpec& spec : api_flag_specs()) {
    specs.push_back(std::move(spec));
  }
  return specs;
}

// Sends the call of one step. Returns false after reporting an API error.
bool execute_step(const PlanStep& step, ApiClient& client, SecretSink& secrets,
                  CommandContext& context, const std::string& command) {
  switch (step.action) {
    case PlanAction::kCreate: {
      auto created = client.create_webhook(step.target_url, step.subscriptions);
      if (!created) {
        report_api_error(context, command, created.error());
        return false;
      }
      context.out << "created   " << step.target_url << "  id " << created.value().webhook.id
                  << "\n";
      secrets.store(step.target_url, created.value().secret);
      return true;
    }
    case PlanAction::kUpdate: {
      auto updated = client.update_webhook(step.webhook_id, std::nullopt, step.subscriptions);
      if (!updated) {
        report_api_error(context, command, updated.error());
        return false;
      }
      context.out << "updated   " << step.target_url << "  id " << step.webhook_id << "\n";
      return true;
    }
    case PlanAction::kDelete: {
      auto deleted = client.delete_webhook(step.webhook_id);
      if (!deleted) {
        report_api_error(context, command, deleted.error());
        return false;
      }
      context.out << "deleted   " << step.target_url << "  id " << step.webhook_id << "\n";
      return true;
    }
    case PlanAction::kUnchanged:
      return true;
  }
  return true;
}

}  // namespace

int run_apply_command(const std::vector<std::string>& args, CommandContext& context) {
  const std::string command = "webhooks apply";
  int exit_status = kExitSuccess;
  const auto flags = parse_subcommand_flags(
      args, apply_flag_specs(), command,
      "attio-kafka-bridge webhooks apply -f FILE [--dry-run] [--prune] [--secret-out FILE]",
      "Makes Attio's webhooks match the file. Webhooks are matched by target URL. The plan is "
      "printed first, one line per webhook (create, update, delete, unchanged); then the "
      "changes are sent, an update as one PATCH. A second run prints only unchanged lines "
      "and sends nothing.",
      context, exit_status);
  if (!flags) {
    return exit_status;
  }
  if (!flags->positionals.empty()) {
    return report_invalid_input(
        context, command,
        {"unexpected argument \"" + flags->positionals.front() + "\"; give the file with -f FILE"});
  }
  const std::optional<std::string> file = flags->value("file");
  if (!file) {
    return report_invalid_input(context, command,
                                {"-f/--file: missing; give the desired-state YAML file"});
  }

  auto desired = load_desired_state(*file, validation_options_from(*flags));
  if (!desired) {
    return report_invalid_input(context, command, desired.error());
  }
  const bool dry_run = flags->is_set("dry-run");
  const std::optional<std::string> secret_out = flags->value("secret-out");
  if (secret_out && !dry_run && ::access(secret_out->c_str(), F_OK) == 0) {
    return report_invalid_input(context, command,
                                {"--secret-out: " + *secret_out +
                                 ": the file already exists and is never overwritten; choose a "
                                 "new path or move the file away"});
  }

  auto settings = load_api_settings(*flags, context.env);
  if (!settings) {
    return report_invalid_input(context, command, {settings.error()});
  }
  ApiClient client(std::move(settings.value()), context.hooks);

  auto current = client.list_webhooks();
  if (!current) {
    return report_api_error(context, command, current.error());
  }
  const Plan plan = make_plan(desired.value(), current.value(), flags->is_set("prune"));
  const PlanCounts counts = count_steps(plan);

  for (const PlanStep& step : plan.steps) {
    context.out << format_plan_step(step) << "\n";
  }
  context.out << "Plan: " << counts.create << " to create, " << counts.update << " to update, "
              << counts.remove << " to delete, " << counts.unchanged << " unchanged.\n";
  if (plan.kept_undeclared > 0) {
    context.out << plan.kept_undeclared << " webhook(s) in Attio are not in " << *file
                << " and stay; --prune deletes them.\n";
  }
  if (dry_run) {
    context.out << "Dry run: no changes sent.\n";
    return kExitSuccess;
  }
  if (counts.create + counts.update + counts.remove == 0) {
    return kExitSuccess;
  }

  std::optional<SecretFile> secret_file;
  if (secret_out && counts.create > 0) {
    auto created_file = SecretFile::create(*secret_out);
    if (!created_file) {
      return report_invalid_input(context, command, {"--secret-out: " + created_file.error()});
    }
    secret_file.emplace(std::move(created_file.value()));
  }
  SecretSink secrets(context, std::move(secret_file));

  for (const PlanStep& step : plan.steps) {
    if (!execute_step(step, client, secrets, context, command)) {
      context.err << command << ": stopped; the steps before this one were applied. Fix the "
                  << "error and run apply again: it only sends what still differs.\n";
      return kExitApiError;
    }
  }
  context.out << "Applied: " << counts.create << " created, " << counts.update << " updated, "
              << counts.remove << " deleted.\n";
  return kExitSuccess;
}

}  // namespace bridge::attio
