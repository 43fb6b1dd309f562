#pragma once

#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "bridge/attio/expected.hpp"

namespace bridge::attio {

using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;

enum class FlagKind {
  kSwitch,    // --name, or the env variable set to true/false/1/0/yes/no
  kValue,     // --name VALUE or --name=VALUE; the last one wins
  kRepeated,  // --name VALUE, given any number of times
};

// One command-line flag, its environment variable and its help line.
struct FlagSpec {
  std::string name;        // without the leading dashes, e.g. "target-url"
  std::string short_name;  // one letter or empty, e.g. "f" for -f
  FlagKind kind = FlagKind::kSwitch;
  std::string value_name;    // e.g. "URL", shown in help
  std::string env;           // variable that sets the flag, or empty
  std::string default_text;  // shown in help, e.g. "30000"
  std::string help;
};

// Flags and positional arguments after parsing; values from flags win over env variables.
struct ParsedFlags {
  std::map<std::string, std::vector<std::string>> values;
  std::vector<std::string> positionals;
  bool help = false;

  bool has(const std::string& name) const;
  // Last value of a kValue flag, or nothing.
  std::optional<std::string> value(const std::string& name) const;
  const std::vector<std::string>& all(const std::string& name) const;
  bool is_set(const std::string& name) const;  // for kSwitch flags
};

// Parses `args` against `specs`, then fills flags that were not given from their env
// variables. `--help` and `-h` set `help`. The error names the flag or variable and the
// bad value.
Expected<ParsedFlags, std::string> parse_flags(const std::vector<std::string>& args,
                                               const std::vector<FlagSpec>& specs,
                                               const EnvLookup& env);

// Prints usage, description and one block per flag with its env variable and default.
void print_help(const std::string& usage, const std::string& description,
                const std::vector<FlagSpec>& specs, std::ostream& out);

}  // namespace bridge::attio
