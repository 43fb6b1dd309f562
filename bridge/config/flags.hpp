#pragma once

#include <map>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace bridge::config {

// A snapshot of the process environment.
using Environment = std::map<std::string, std::string, std::less<>>;

Environment capture_environment(char** envp);

// An invalid command line or setting. The message is one line naming the setting, the bad
// value and the fix; commands print it and exit with status 2.
class SettingsError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One flag of a command, with its environment variable and default.
struct FlagSpec {
  std::string_view name;           // without the leading "--"
  std::string_view env;            // empty when the flag has no variable
  std::string_view default_value;  // shown in --help; empty for none
  std::string_view help;           // what it sets, with its unit
  bool repeatable = false;
  bool is_switch = false;  // takes no value; present means "true"
};

// The flags of one command line, resolved against the environment: a flag wins over its
// variable, which wins over the default.
class ParsedFlags {
 public:
  // Returns the last value of `name` from the command line, else its environment variable
  // (when set and not empty), else its default (nullopt when it has none).
  std::optional<std::string> get(std::string_view name) const;
  // Returns every command-line value of a repeatable flag, in order.
  std::vector<std::string> get_all(std::string_view name) const;
  bool is_set(std::string_view name) const { return get(name).has_value(); }
  // Names "--flag" or "VARIABLE" for error messages, whichever supplied the value.
  std::string origin(std::string_view name) const;

  const std::vector<std::string>& positional() const { return positional_; }
  bool help_requested() const { return help_; }

 private:
  friend ParsedFlags parse_flags(std::span<const FlagSpec>, const std::vector<std::string>&,
                                 const Environment&);
  const FlagSpec& spec(std::string_view name) const;

  std::span<const FlagSpec> specs_;
  const Environment* environment_ = nullptr;
  std::map<std::string, std::vector<std::string>, std::less<>> values_;
  std::vector<std::string> positional_;
  bool help_ = false;
};

// Parses "--name value", "--name=value", switches and positional arguments; "--" ends the
// flags. Throws SettingsError for an unknown flag or a missing value. The specs and the
// environment must outlive the result.
ParsedFlags parse_flags(std::span<const FlagSpec> specs, const std::vector<std::string>& args,
                        const Environment& environment);

// Formats the --help text: the usage line, then each flag with its variable and default.
std::string format_help(std::string_view usage, std::string_view description,
                        std::span<const FlagSpec> specs);

}  // namespace bridge::config
