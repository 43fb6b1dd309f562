#include <iostream>

#include "bridge/attio/webhooks_command.hpp"
#include "bridge/cli/commands.hpp"
#include "bridge/config/flags.hpp"

namespace bridge::cli {
namespace {

constexpr std::string_view kUsage =
    "Usage: attio-kafka-bridge COMMAND [flags]\n"
    "\n"
    "Receives Attio webhooks and publishes every event to Kafka as a CloudEvent.\n"
    "\n"
    "Commands:\n"
    "  serve      Run the bridge: webhook listener, Kafka producer, admin endpoints.\n"
    "  sign       Print the Attio signature of a file, for trying the bridge with curl.\n"
    "  webhooks   Manage Attio webhook subscriptions: list, get, create, update, delete, apply.\n"
    "  version    Print the version.\n"
    "\n"
    "Run 'attio-kafka-bridge COMMAND --help' for the flags of a command.\n";

}  // namespace

int run(int argc, char** argv, char** envp) {
  const std::vector<std::string> all(argv + 1, argv + argc);
  if (all.empty() || all.front() == "--help" || all.front() == "-h" || all.front() == "help") {
    std::cout << kUsage;
    return all.empty() ? 2 : 0;
  }
  const std::string& command = all.front();
  const std::vector<std::string> args(all.begin() + 1, all.end());
  const config::Environment environment = config::capture_environment(envp);

  try {
    if (command == "version" || command == "--version") {
      std::cout << "attio-kafka-bridge " << BRIDGE_VERSION << "\n";
      return 0;
    }
    if (command == "serve") {
      return run_serve(args, environment);
    }
    if (command == "webhooks") {
      const auto lookup = [&environment](const std::string& name) -> std::optional<std::string> {
        const auto found = environment.find(name);
        return found == environment.end() ? std::nullopt : std::optional(found->second);
      };
      return attio::run_webhooks_command(args, std::cout, std::cerr, lookup);
    }
    if (command == "sign") {
      return run_sign(args, environment, std::cin, std::cout, std::cerr);
    }
    std::cerr << "unknown command \"" << command
              << "\"; run attio-kafka-bridge --help to list the commands\n";
    return 2;
  } catch (const config::SettingsError& error) {
    std::cerr << "attio-kafka-bridge " << command << ": " << error.what() << "\n";
    return 2;
  }
}

}  // namespace bridge::cli
