#include "bridge/attio/webhook_subcommands.hpp"

#include <unistd.h>

#include "bridge/attio/subscription_input.hpp"
#include "bridge/attio/table_output.hpp"

namespace bridge::attio {
namespace {

std::vector<FlagSpec> with_api_flags(std::vector<FlagSpec> specs) {
  for (FlagSpec& spec : api_flag_specs()) {
    specs.push_back(std::move(spec));
  }
  return specs;
}

const FlagSpec kJsonFlag{"json",
                         "",
                         FlagKind::kSwitch,
                         "",
                         "",
                         "false",
                         "Print Attio's webhook objects as JSON instead of a table."};
const FlagSpec kTargetUrlFlag{
    "target-url", "", FlagKind::kValue, "URL", "", "", "HTTPS URL that Attio posts the events to."};
const FlagSpec kSubscriptionFlag{
    "subscription",
    "",
    FlagKind::kRepeated,
    "EVENT[=FILTER_JSON]",
    "",
    "",
    "Event type to subscribe to, optionally with a filter in Attio's syntax, e.g. "
    "'record.updated={\"$and\":[{\"field\":\"id.object_id\",\"operator\":\"equals\","
    "\"value\":\"<uuid>\"}]}'."};

constexpr const char* kApiKeyNote =
    "The Attio access token is read from ATTIO_API_KEY (no flag, so it stays out of the "
    "process list); it needs the webhook:read-write scope (webhook:read for list and get).";

// Returns the single positional webhook id or reports why there is none.
std::optional<std::string> take_webhook_id(const ParsedFlags& flags, const std::string& command,
                                           CommandContext& context, int& exit_status) {
  if (flags.positionals.size() != 1) {
    exit_status = report_invalid_input(
        context, command,
        {"expected exactly one webhook id, got " + std::to_string(flags.positionals.size()) +
         "; run `attio-kafka-bridge " + command + " --help`"});
    return std::nullopt;
  }
  if (auto error = validate_webhook_id(flags.positionals.front())) {
    exit_status = report_invalid_input(context, command, {*error});
    return std::nullopt;
  }
  return flags.positionals.front();
}

bool reject_positionals(const ParsedFlags& flags, const std::string& command,
                        CommandContext& context, int& exit_status) {
  if (flags.positionals.empty()) {
    return false;
  }
  exit_status = report_invalid_input(context, command,
                                     {"unexpected argument \"" + flags.positionals.front() + "\""});
  return true;
}

std::optional<ApiClient> make_client(const ParsedFlags& flags, const std::string& command,
                                     CommandContext& context, int& exit_status) {
  auto settings = load_api_settings(flags, context.env);
  if (!settings) {
    exit_status = report_invalid_input(context, command, {settings.error()});
    return std::nullopt;
  }
  return ApiClient(std::move(settings.value()), context.hooks);
}

std::vector<Subscription> parse_subscription_flags(const ParsedFlags& flags,
                                                   const ValidationOptions& options,
                                                   std::vector<std::string>& errors) {
  std::vector<Subscription> subscriptions;
  const std::vector<std::string>& arguments = flags.all("subscription");
  for (std::size_t i = 0; i < arguments.size(); ++i) {
    if (auto subscription = parse_subscription_argument(arguments[i], i, options, errors)) {
      subscriptions.push_back(std::move(*subscription));
    }
  }
  if (subscriptions.size() == arguments.size()) {
    check_duplicate_subscriptions(subscriptions, "--subscription", errors);
  }
  return subscriptions;
}

}  // namespace

std::optional<ParsedFlags> parse_subcommand_flags(const std::vector<std::string>& args,
                                                  const std::vector<FlagSpec>& specs,
                                                  const std::string& command,
                                                  const std::string& usage,
                                                  const std::string& description,
                                                  CommandContext& context, int& exit_status) {
  auto flags = parse_flags(args, specs, context.env);
  if (!flags) {
    exit_status = report_invalid_input(context, command, {flags.error()});
    return std::nullopt;
  }
  if (flags.value().help) {
    print_help(usage, description + "\n\n" + kApiKeyNote, specs, context.out);
    exit_status = kExitSuccess;
    return std::nullopt;
  }
  return std::move(flags.value());
}

void SecretSink::store(const std::string& target_url, const std::string& secret) {
  if (file_) {
    auto written = file_->append(secret);
    if (written) {
      context_.out << "secret of " << target_url << " written to " << file_->path()
                   << " (mode 0600)\n";
      return;
    }
    context_.err << "error: " << written.error() << "; printing the secret instead\n";
  }
  context_.out << "secret of " << target_url << ": " << secret << "\n";
  if (!warned_) {
    context_.err << "warning: Attio returns a webhook's signing secret only in the create "
                    "response, so it will not be shown again; store it now (or pass "
                    "--secret-out FILE)\n";
    warned_ = true;
  }
}

int run_list_command(const std::vector<std::string>& args, CommandContext& context) {
  const std::string command = "webhooks list";
  int exit_status = kExitSuccess;
  const auto flags = parse_subcommand_flags(
      args, with_api_flags({kJsonFlag}), command, "attio-kafka-bridge webhooks list [--json]",
      "Lists every webhook of the workspace, reading all pages of 100.", context, exit_status);
  if (!flags || reject_positionals(*flags, command, context, exit_status)) {
    return exit_status;
  }
  auto client = make_client(*flags, command, context, exit_status);
  if (!client) {
    return exit_status;
  }

  auto webhooks = client->list_webhooks();
  if (!webhooks) {
    return report_api_error(context, command, webhooks.error());
  }
  if (flags->is_set("json")) {
    print_webhooks_json(webhooks.value(), context.out);
  } else {
    print_webhook_table(webhooks.value(), context.out);
  }
  return kExitSuccess;
}

int run_get_command(const std::vector<std::string>& args, CommandContext& context) {
  const std::string command = "webhooks get";
  int exit_status = kExitSuccess;
  const auto flags = parse_subcommand_flags(
      args, with_api_flags({kJsonFlag}), command, "attio-kafka-bridge webhooks get ID [--json]",
      "Shows one webhook with its subscriptions and filters.", context, exit_status);
  if (!flags) {
    return exit_status;
  }
  const auto webhook_id = take_webhook_id(*flags, command, context, exit_status);
  if (!webhook_id) {
    return exit_status;
  }
  auto client = make_client(*flags, command, context, exit_status);
  if (!client) {
    return exit_status;
  }

  auto webhook = client->get_webhook(*webhook_id);
  if (!webhook) {
    return report_api_error(context, command, webhook.error());
  }
  if (flags->is_set("json")) {
    print_webhook_json(webhook.value(), context.out);
  } else {
    print_webhook_details(webhook.value(), context.out);
  }
  return kExitSuccess;
}

int run_create_command(const std::vector<std::string>& args, CommandContext& context) {
  const std::string command = "webhooks create";
  int exit_status = kExitSuccess;
  std::vector<FlagSpec> specs = {kTargetUrlFlag, kSubscriptionFlag, secret_out_flag_spec()};
  for (FlagSpec& spec : validation_flag_specs()) {
    specs.push_back(std::move(spec));
  }
  const auto flags = parse_subcommand_flags(
      args, with_api_flags(std::move(specs)), command,
      "attio-kafka-bridge webhooks create --target-url URL --subscription EVENT[=FILTER_JSON]... "
      "[--secret-out FILE]",
      "Creates a webhook. Attio returns its signing secret only once, in this response.", context,
      exit_status);
  if (!flags || reject_positionals(*flags, command, context, exit_status)) {
    return exit_status;
  }

  const ValidationOptions options = validation_options_from(*flags);
  std::vector<std::string> errors;
  const std::optional<std::string> target_url = flags->value("target-url");
  if (!target_url) {
    errors.push_back("--target-url: missing; give the https:// URL Attio should post to");
  } else {
    validate_target_url(*target_url, "--target-url", options, errors);
  }
  if (flags->all("subscription").empty()) {
    errors.push_back(
        "--subscription: missing; give at least one event type, e.g. "
        "--subscription record.created");
  }
  const std::vector<Subscription> subscriptions = parse_subscription_flags(*flags, options, errors);
  if (!errors.empty()) {
    return report_invalid_input(context, command, errors);
  }

  auto client = make_client(*flags, command, context, exit_status);
  if (!client) {
    return exit_status;
  }
  // Create the secret file before the API call: if it cannot be created, nothing is sent.
  std::optional<SecretFile> secret_file;
  if (const auto secret_out = flags->value("secret-out")) {
    auto file = SecretFile::create(*secret_out);
    if (!file) {
      return report_invalid_input(context, command, {"--secret-out: " + file.error()});
    }
    secret_file.emplace(std::move(file.value()));
  }
  SecretSink secrets(context, std::move(secret_file));

  auto created = client->create_webhook(*target_url, subscriptions);
  if (!created) {
    return report_api_error(context, command, created.error());
  }
  const Webhook& webhook = created.value().webhook;
  context.out << "created webhook " << webhook.id << " for " << webhook.target_url << " ("
              << webhook.subscriptions.size() << " subscriptions, status " << webhook.status
              << ")\n";
  secrets.store(webhook.target_url, created.value().secret);
  return kExitSuccess;
}

int run_update_command(const std::vector<std::string>& args, CommandContext& context) {
  const std::string command = "webhooks update";
  int exit_status = kExitSuccess;
  std::vector<FlagSpec> specs = {kTargetUrlFlag, kSubscriptionFlag};
  specs[1].help += " Replaces the webhook's whole subscription list.";
  for (FlagSpec& spec : validation_flag_specs()) {
    specs.push_back(std::move(spec));
  }
  const auto flags = parse_subcommand_flags(
      args, with_api_flags(std::move(specs)), command,
      "attio-kafka-bridge webhooks update ID [--target-url URL] "
      "[--subscription EVENT[=FILTER_JSON]...]",
      "Changes a webhook's target URL, subscriptions or both with one PATCH request. Fields "
      "not given stay as they are.",
      context, exit_status);
  if (!flags) {
    return exit_status;
  }
  const auto webhook_id = take_webhook_id(*flags, command, context, exit_status);
  if (!webhook_id) {
    return exit_status;
  }

  const ValidationOptions options = validation_options_from(*flags);
  std::vector<std::string> errors;
  const std::optional<std::string> target_url = flags->value("target-url");
  if (target_url) {
    validate_target_url(*target_url, "--target-url", options, errors);
  }
  std::optional<std::vector<Subscription>> subscriptions;
  if (!flags->all("subscription").empty()) {
    subscriptions = parse_subscription_flags(*flags, options, errors);
  }
  if (!target_url && !subscriptions) {
    errors.push_back("nothing to update; give --target-url, --subscription or both");
  }
  if (!errors.empty()) {
    return report_invalid_input(context, command, errors);
  }

  auto client = make_client(*flags, command, context, exit_status);
  if (!client) {
    return exit_status;
  }
  auto updated = client->update_webhook(*webhook_id, target_url, subscriptions);
  if (!updated) {
    return report_api_error(context, command, updated.error());
  }
  context.out << "updated webhook " << updated.value().id << ": " << updated.value().target_url
              << " (" << updated.value().subscriptions.size() << " subscriptions)\n";
  return kExitSuccess;
}

int run_delete_command(const std::vector<std::string>& args, CommandContext& context) {
  const std::string command = "webhooks delete";
  int exit_status = kExitSuccess;
  const auto flags = parse_subcommand_flags(
      args, with_api_flags({}), command, "attio-kafka-bridge webhooks delete ID",
      "Deletes a webhook; Attio stops delivering its events at once.", context, exit_status);
  if (!flags) {
    return exit_status;
  }
  const auto webhook_id = take_webhook_id(*flags, command, context, exit_status);
  if (!webhook_id) {
    return exit_status;
  }
  auto client = make_client(*flags, command, context, exit_status);
  if (!client) {
    return exit_status;
  }
  auto deleted = client->delete_webhook(*webhook_id);
  if (!deleted) {
    return report_api_error(context, command, deleted.error());
  }
  context.out << "deleted webhook " << *webhook_id << "\n";
  return kExitSuccess;
}

}  // namespace bridge::attio
