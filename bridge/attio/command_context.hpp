#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "bridge/attio/api_client.hpp"
#include "bridge/attio/cli_flags.hpp"
#include "bridge/attio/subscription_validation.hpp"

namespace bridge::attio {

inline constexpr int kExitSuccess = 0;
inline constexpr int kExitApiError = 1;
inline constexpr int kExitInvalidInput = 2;

// Output streams, environment and API hooks that the dispatcher passes to every subcommand.
struct CommandContext {
  std::ostream& out;
  std::ostream& err;
  const EnvLookup& env;
  ApiHooks hooks;
};

// Flags shared by all subcommands: API base URL, CA file, timeout and attempts.
std::vector<FlagSpec> api_flag_specs();

// The --allow-http-target and --allow-unknown-event-types switches.
std::vector<FlagSpec> validation_flag_specs();

// The --secret-out flag of create and apply.
FlagSpec secret_out_flag_spec();

ValidationOptions validation_options_from(const ParsedFlags& flags);

// Reads ATTIO_API_KEY and the API flags. Fails without naming the key's value.
Expected<ApiSettings, std::string> load_api_settings(const ParsedFlags& flags,
                                                     const EnvLookup& env);

// Checks a webhook id taken from the command line before it becomes part of a URL path.
std::optional<std::string> validate_webhook_id(const std::string& webhook_id);

// Prints each message on its own line prefixed with the command name; returns exit 2.
int report_invalid_input(CommandContext& context, const std::string& command,
                         const std::vector<std::string>& messages);

// Prints the API error prefixed with the command name; returns exit 1.
int report_api_error(CommandContext& context, const std::string& command, const ApiError& error);

}  // namespace bridge::attio
