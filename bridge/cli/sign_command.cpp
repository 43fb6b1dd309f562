#include <fstream>
#include <iostream>
#include <iterator>

#include "bridge/cli/commands.hpp"
#include "bridge/config/serve_settings.hpp"
#include "bridge/verify/signature.hpp"

namespace bridge::cli {
namespace {

constexpr config::FlagSpec kSignFlags[] = {
    {"secret", "ATTIO_WEBHOOK_SECRET", "",
     "Signing secret; when it is a comma-separated list, the first one signs."},
    {"secret-file", "ATTIO_WEBHOOK_SECRET_FILE", "",
     "File with one secret per line; the first one signs."},
};

std::string read_all(std::istream& in) {
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

int run_sign(const std::vector<std::string>& args, const config::Environment& environment,
             std::istream& in, std::ostream& out, std::ostream& err) {
  const config::ParsedFlags flags = config::parse_flags(kSignFlags, args, environment);
  if (flags.help_requested()) {
    out << config::format_help(
        "attio-kafka-bridge sign [--secret S | --secret-file F] [FILE]",
        "Prints the lowercase hex HMAC-SHA256 signature Attio would send in the Attio-Signature\n"
        "header for the bytes of FILE (standard input when FILE is absent or -).",
        kSignFlags);
    return 0;
  }
  if (flags.positional().size() > 1) {
    throw config::SettingsError("sign takes at most one FILE argument, got " +
                                std::to_string(flags.positional().size()));
  }

  std::string secret;
  if (const auto list = flags.get("secret")) {
    secret = list->substr(0, list->find(','));
  } else if (const auto file = flags.get("secret-file")) {
    secret = config::read_secret_file(*file).front().reveal();
  }
  if (secret.empty()) {
    throw config::SettingsError(
        "missing signing secret; set --secret (ATTIO_WEBHOOK_SECRET) or --secret-file "
        "(ATTIO_WEBHOOK_SECRET_FILE)");
  }

  std::string body;
  const std::string path = flags.positional().empty() ? "-" : flags.positional().front();
  if (path == "-") {
    body = read_all(in);
  } else {
    std::ifstream file(path, std::ios::binary);
    if (!file) {
      err << "cannot read " << path << "; check that the file exists and is readable\n";
      return 1;
    }
    body = read_all(file);
  }
  out << verify::compute_signature(verify::Secret(secret), body) << "\n";
  return 0;
}

}  // namespace bridge::cli
