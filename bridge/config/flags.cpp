#include "bridge/config/flags.hpp"

#include <algorithm>

namespace bridge::config {

Environment capture_environment(char** envp) {
  Environment environment;
  for (char** entry = envp; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    const std::size_t equals = text.find('=');
    if (equals != std::string_view::npos) {
      environment.emplace(std::string(text.substr(0, equals)),
                          std::string(text.substr(equals + 1)));
    }
  }
  return environment;
}

const FlagSpec& ParsedFlags::spec(std::string_view name) const {
  const auto found = std::find_if(specs_.begin(), specs_.end(),
                                  [&](const FlagSpec& spec) { return spec.name == name; });
  if (found == specs_.end()) {
    throw std::logic_error("flag --" + std::string(name) + " is not declared");
  }
  return *found;
}

std::optional<std::string> ParsedFlags::get(std::string_view name) const {
  const FlagSpec& flag = spec(name);
  if (const auto given = values_.find(name); given != values_.end() && !given->second.empty()) {
    return given->second.back();
  }
  if (!flag.env.empty()) {
    if (const auto variable = environment_->find(flag.env);
        variable != environment_->end() && !variable->second.empty()) {
      return variable->second;
    }
  }
  if (!flag.default_value.empty()) {
    return std::string(flag.default_value);
  }
  return std::nullopt;
}

std::vector<std::string> ParsedFlags::get_all(std::string_view name) const {
  spec(name);
  const auto given = values_.find(name);
  return given == values_.end() ? std::vector<std::string>{} : given->second;
}

std::string ParsedFlags::origin(std::string_view name) const {
  const FlagSpec& flag = spec(name);
  if (values_.contains(name) || flag.env.empty()) {
    return "--" + std::string(name);
  }
  return "--" + std::string(name) + " (" + std::string(flag.env) + ")";
}

ParsedFlags parse_flags(std::span<const FlagSpec> specs, const std::vector<std::string>& args,
                        const Environment& environment) {
  ParsedFlags parsed;
  parsed.specs_ = specs;
  parsed.environment_ = &environment;

  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") {
      parsed.positional_.insert(parsed.positional_.end(), args.begin() + static_cast<long>(i) + 1,
                                args.end());
      break;
    }
    if (arg == "--help" || arg == "-h") {
      parsed.help_ = true;
      continue;
    }
    if (arg.size() < 3 || arg.compare(0, 2, "--") != 0) {
      parsed.positional_.push_back(arg);
      continue;
    }

    const std::size_t equals = arg.find('=');
    const std::string name =
        arg.substr(2, equals == std::string::npos ? std::string::npos : equals - 2);
    const auto flag = std::find_if(specs.begin(), specs.end(),
                                   [&](const FlagSpec& spec) { return spec.name == name; });
    if (flag == specs.end()) {
      throw SettingsError("unknown flag --" + name + "; run with --help to list the flags");
    }

    std::string value;
    if (flag->is_switch) {
      value = equals == std::string::npos ? "true" : arg.substr(equals + 1);
    } else if (equals != std::string::npos) {
      value = arg.substr(equals + 1);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      throw SettingsError("flag --" + name + " needs a value; run with --help for its format");
    }
    auto& values = parsed.values_[name];
    if (!flag->repeatable) {
      values.clear();
    }
    values.push_back(std::move(value));
  }
  return parsed;
}

std::string format_help(std::string_view usage, std::string_view description,
                        std::span<const FlagSpec> specs) {
  std::string text = "Usage: " + std::string(usage) + "\n\n" + std::string(description) + "\n";
  if (!specs.empty()) {
    text += "\nFlags:\n";
  }
  for (const FlagSpec& flag : specs) {
    text += "  --" + std::string(flag.name);
    if (!flag.is_switch) {
      text += flag.repeatable ? " VALUE (repeatable)" : " VALUE";
    }
    text += "\n      " + std::string(flag.help) + "\n";
    if (!flag.env.empty()) {
      text += "      env: " + std::string(flag.env);
    }
    if (!flag.default_value.empty()) {
      text += (flag.env.empty() ? "      " : "; ") + std::string("default: ") +
              std::string(flag.default_value);
    }
    if (!flag.env.empty() || !flag.default_value.empty()) {
      text += "\n";
    }
  }
  text += "  --help\n      Print this help and exit.\n";
  return text;
}

}  // namespace bridge::config
