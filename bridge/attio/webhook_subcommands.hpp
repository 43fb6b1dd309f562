#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bridge/attio/command_context.hpp"
#include "bridge/attio/secret_file.hpp"

namespace bridge::attio {

// Each function runs one subcommand; `args` follows the subcommand name. Returns the exit
// status (0, 1 or 2 as for run_webhooks_command).
int run_list_command(const std::vector<std::string>& args, CommandContext& context);
int run_get_command(const std::vector<std::string>& args, CommandContext& context);
int run_create_command(const std::vector<std::string>& args, CommandContext& context);
int run_update_command(const std::vector<std::string>& args, CommandContext& context);
int run_delete_command(const std::vector<std::string>& args, CommandContext& context);
int run_apply_command(const std::vector<std::string>& args, CommandContext& context);

// Parses the flags of a subcommand and handles --help and flag errors. Returns nothing
// when the command is done, with the exit status in `exit_status`.
std::optional<ParsedFlags> parse_subcommand_flags(const std::vector<std::string>& args,
                                                  const std::vector<FlagSpec>& specs,
                                                  const std::string& command,
                                                  const std::string& usage,
                                                  const std::string& description,
                                                  CommandContext& context, int& exit_status);

// Destination of the secrets of created webhooks: the --secret-out file, or stdout once
// with a warning on stderr. If writing the file fails, the secret goes to stdout so that it is
// not lost.
class SecretSink {
 public:
  SecretSink(CommandContext& context, std::optional<SecretFile> file)
      : context_(context), file_(std::move(file)) {}

  void store(const std::string& target_url, const std::string& secret);

 private:
  CommandContext& context_;
  std::optional<SecretFile> file_;
  bool warned_ = false;
};

}  // namespace bridge::attio
