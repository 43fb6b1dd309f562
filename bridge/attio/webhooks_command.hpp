#pragma once

#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "bridge/attio/api_client.hpp"

namespace bridge::attio {

// Runs `webhooks <subcommand> ...` (list, get, create, update, delete, apply); `args`
// excludes the program name and "webhooks". `env` looks up environment variables.
// Returns the exit status: 0 on success, 1 on an Attio API error, 2 on invalid input, in
// which case nothing was sent.
int run_webhooks_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                         const std::function<std::optional<std::string>(const std::string&)>& env);

// Same, with the sleep, clock and retry log of the API client replaced; retry notices go
// to `err` when `hooks.log` is null.
int run_webhooks_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                         const std::function<std::optional<std::string>(const std::string&)>& env,
                         const ApiHooks& hooks);

}  // namespace bridge::attio
