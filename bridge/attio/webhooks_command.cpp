#include "bridge/attio/webhooks_command.hpp"

#include <map>

#include "bridge/attio/webhook_subcommands.hpp"

namespace bridge::attio {
namespace {

using Subcommand = int (*)(const std::vector<std::string>&, CommandContext&);

const std::map<std::string, Subcommand>& subcommands() {
  static const std::map<std::string, Subcommand> kSubcommands = {
      {"list", run_list_command},     {"get", run_get_command},
      {"create", run_create_command}, {"update", run_update_command},
      {"delete", run_delete_command}, {"apply", run_apply_command},
  };
  return kSubcommands;
}

void print_overview(std::ostream& out) {
  out << "Usage: attio-kafka-bridge webhooks <subcommand> [flags]\n\n"
         "Manages Attio webhook subscriptions through Attio's REST API v2.\n\n"
         "Subcommands:\n"
         "  list      list all webhooks (--json for Attio's objects)\n"
         "  get       show one webhook\n"
         "  create    create a webhook and store its signing secret\n"
         "  update    change a webhook's target URL or subscriptions\n"
         "  delete    delete a webhook\n"
         "  apply     make Attio's webhooks match a YAML file\n\n"
         "Environment: ATTIO_API_KEY (required, access token with the webhook:read-write\n"
         "scope), ATTIO_API_BASE_URL (default https://api.attio.com), ATTIO_CA_FILE.\n"
         "Run `attio-kafka-bridge webhooks <subcommand> --help` for every flag.\n"
         "Exit status: 0 success, 1 Attio API error, 2 invalid input (nothing sent).\n";
}

}  // namespace

int run_webhooks_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                         const std::function<std::optional<std::string>(const std::string&)>& env) {
  return run_webhooks_command(args, out, err, env, ApiHooks{});
}

int run_webhooks_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                         const std::function<std::optional<std::string>(const std::string&)>& env,
                         const ApiHooks& hooks) {
  if (args.empty()) {
    print_overview(err);
    return kExitInvalidInput;
  }
  if (args.front() == "--help" || args.front() == "-h" || args.front() == "help") {
    print_overview(out);
    return kExitSuccess;
  }

  const auto subcommand = subcommands().find(args.front());
  if (subcommand == subcommands().end()) {
    err << "webhooks: error: unknown subcommand \"" << args.front()
        << "\"; use list, get, create, update, delete or apply\n";
    return kExitInvalidInput;
  }

  const EnvLookup env_lookup = env;
  CommandContext context{out, err, env_lookup, hooks};
  if (context.hooks.log == nullptr) {
    context.hooks.log = &err;
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  return subcommand->second(rest, context);
}

}  // namespace bridge::attio
