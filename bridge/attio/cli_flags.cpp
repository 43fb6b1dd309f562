#include "bridge/attio/cli_flags.hpp"

#include <algorithm>

namespace bridge::attio {
namespace {

const FlagSpec* find_spec(const std::vector<FlagSpec>& specs, const std::string& name,
                          bool is_short) {
  for (const FlagSpec& spec : specs) {
    if ((is_short ? spec.short_name : spec.name) == name) {
      return &spec;
    }
  }
  return nullptr;
}

std::optional<bool> parse_bool(std::string value) {
  std::transform(value.begin(), value.end(), value.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (value == "true" || value == "1" || value == "yes") {
    return true;
  }
  if (value == "false" || value == "0" || value == "no" || value.empty()) {
    return false;
  }
  return std::nullopt;
}

}  // namespace

bool ParsedFlags::has(const std::string& name) const {
  return values.count(name) != 0;
}

std::optional<std::string> ParsedFlags::value(const std::string& name) const {
  const auto found = values.find(name);
  if (found == values.end() || found->second.empty()) {
    return std::nullopt;
  }
  return found->second.back();
}

const std::vector<std::string>& ParsedFlags::all(const std::string& name) const {
  static const std::vector<std::string> kEmpty;
  const auto found = values.find(name);
  return found == values.end() ? kEmpty : found->second;
}

bool ParsedFlags::is_set(const std::string& name) const {
  return value(name) == "true";
}

Expected<ParsedFlags, std::string> parse_flags(const std::vector<std::string>& args,
                                               const std::vector<FlagSpec>& specs,
                                               const EnvLookup& env) {
  ParsedFlags parsed;
  bool only_positionals = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (only_positionals || arg.size() < 2 || arg[0] != '-') {
      parsed.positionals.push_back(arg);
      continue;
    }
    if (arg == "--") {
      only_positionals = true;
      continue;
    }
    if (arg == "--help" || arg == "-h") {
      parsed.help = true;
      continue;
    }

    const bool is_short = arg[1] != '-';
    std::string name = is_short ? arg.substr(1) : arg.substr(2);
    std::optional<std::string> inline_value;
    if (const std::size_t equals = name.find('='); !is_short && equals != std::string::npos) {
      inline_value = name.substr(equals + 1);
      name.resize(equals);
    }
    const FlagSpec* spec = find_spec(specs, name, is_short);
    if (spec == nullptr) {
      return make_unexpected("unknown flag " + arg + "; run with --help to list the flags");
    }

    if (spec->kind == FlagKind::kSwitch) {
      if (inline_value) {
        const auto flag_value = parse_bool(*inline_value);
        if (!flag_value) {
          return make_unexpected("--" + spec->name + "=" + *inline_value +
                                 ": expected true or false");
        }
        parsed.values[spec->name] = {*flag_value ? "true" : "false"};
      } else {
        parsed.values[spec->name] = {"true"};
      }
      continue;
    }

    std::string value;
    if (inline_value) {
      value = *inline_value;
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return make_unexpected(arg + ": missing value " + spec->value_name);
    }
    parsed.values[spec->name].push_back(std::move(value));
  }

  for (const FlagSpec& spec : specs) {
    if (spec.env.empty() || parsed.has(spec.name)) {
      continue;
    }
    const std::optional<std::string> from_env = env(spec.env);
    if (!from_env) {
      continue;
    }
    if (spec.kind == FlagKind::kSwitch) {
      const auto flag_value = parse_bool(*from_env);
      if (!flag_value) {
        return make_unexpected(spec.env + "=\"" + *from_env +
                               "\" is invalid; set it to true or false");
      }
      parsed.values[spec.name] = {*flag_value ? "true" : "false"};
    } else if (!from_env->empty()) {
      parsed.values[spec.name] = {*from_env};
    }
  }
  return parsed;
}

void print_help(const std::string& usage, const std::string& description,
                const std::vector<FlagSpec>& specs, std::ostream& out) {
  out << "Usage: " << usage << "\n\n" << description << "\n";
  if (specs.empty()) {
    return;
  }
  out << "\nFlags:\n";
  for (const FlagSpec& spec : specs) {
    std::string flag = "  ";
    if (!spec.short_name.empty()) {
      flag += "-" + spec.short_name + ", ";
    }
    flag += "--" + spec.name;
    if (spec.kind != FlagKind::kSwitch) {
      flag += " " + spec.value_name;
    }
    out << flag << "\n      " << spec.help;
    if (spec.kind == FlagKind::kRepeated) {
      out << " Repeatable.";
    }
    out << "\n      env: " << (spec.env.empty() ? "none" : spec.env)
        << "; default: " << (spec.default_text.empty() ? "none" : spec.default_text) << "\n";
  }
  out << "  -h, --help\n      Print this help and exit.\n";
}

}  // namespace bridge::attio
