#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "bridge/config/flags.hpp"

namespace bridge::cli {

// Each command takes its arguments without the program and command names, and returns the
// process exit status: 0 success, 1 runtime failure, 2 invalid settings or input.
int run_serve(const std::vector<std::string>& args, const config::Environment& environment);
int run_sign(const std::vector<std::string>& args, const config::Environment& environment,
             std::istream& in, std::ostream& out, std::ostream& err);

// Dispatches argv to a command; prints the top-level usage for --help or no command.
int run(int argc, char** argv, char** envp);

}  // namespace bridge::cli
