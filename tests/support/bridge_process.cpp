#include "support/bridge_process.hpp"

#include <fcntl.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <regex>
#include <stdexcept>
#include <thread>

#include "support/fixtures.hpp"

extern char** environ;

namespace bridge::testing {
namespace {

constexpr std::chrono::milliseconds kPollInterval{50};

std::string make_temp_path(const std::string& stem) {
  std::string pattern = (std::filesystem::temp_directory_path() / (stem + "-XXXXXX")).string();
  const int fd = mkstemp(pattern.data());
  if (fd < 0) {
    throw std::runtime_error("mkstemp failed for " + pattern);
  }
  close(fd);
  return pattern;
}

std::vector<std::string> merged_environment(const std::map<std::string, std::string>& overrides) {
  std::map<std::string, std::string> merged;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string text(*entry);
    const std::size_t equals = text.find('=');
    if (equals != std::string::npos) {
      merged[text.substr(0, equals)] = text.substr(equals + 1);
    }
  }
  for (const auto& [name, value] : overrides) {
    merged[name] = value;
  }
  std::vector<std::string> entries;
  for (const auto& [name, value] : merged) {
    entries.push_back(name + "=" + value);
  }
  return entries;
}

// Forks and execs the bridge binary with stdin, stdout and stderr redirected to the given
// files (an empty path leaves that stream as it is).
pid_t spawn_bridge(const std::vector<std::string>& args,
                   const std::map<std::string, std::string>& environment,
                   const std::string& stdin_path, const std::string& stdout_path,
                   const std::string& stderr_path) {
  std::vector<std::string> argv_text{BRIDGE_BINARY_PATH};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : argv_text) {
    argv.push_back(arg.data());
  }
  argv.push_back(nullptr);
  std::vector<std::string> env_text = merged_environment(environment);
  std::vector<char*> envp;
  for (std::string& entry : env_text) {
    envp.push_back(entry.data());
  }
  envp.push_back(nullptr);

  const pid_t pid = fork();
  if (pid < 0) {
    throw std::runtime_error(std::string("fork failed: ") + std::strerror(errno));
  }
  if (pid == 0) {
    const auto redirect = [](const std::string& path, int target, int flags) {
      if (path.empty()) {
        return;
      }
      const int fd = open(path.c_str(), flags, 0600);
      if (fd < 0 || dup2(fd, target) < 0) {
        _exit(127);
      }
      close(fd);
    };
    redirect(stdin_path, STDIN_FILENO, O_RDONLY);
    redirect(stdout_path, STDOUT_FILENO, O_WRONLY | O_TRUNC);
    redirect(stderr_path, STDERR_FILENO, O_WRONLY | O_TRUNC);
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  return pid;
}

int decode_status(int status) {
  if (WIFEXITED(status)) {
    return WEXITSTATUS(status);
  }
  if (WIFSIGNALED(status)) {
    return 128 + WTERMSIG(status);
  }
  return -1;
}

}  // namespace

BridgeProcess::BridgeProcess(std::vector<std::string> args,
                             std::map<std::string, std::string> environment)
    : log_path_(make_temp_path("bridge-log")) {
  pid_ = spawn_bridge(args, environment, "", "/dev/null", log_path_);
}

BridgeProcess::~BridgeProcess() {
  if (!exit_status_ && pid_ > 0) {
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  std::error_code ignored;
  std::filesystem::remove(log_path_, ignored);
}

std::string BridgeProcess::log_text() const { return read_file(log_path_); }

bool BridgeProcess::wait_until_started(std::chrono::milliseconds timeout) {
  static const std::regex kListen(R"re("listen":"[^"]*:(\d+)")re");
  static const std::regex kAdmin(R"re("admin_listen":"[^"]*:(\d+)")re");
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string log = log_text();
    const std::size_t started = log.find("\"message\":\"attio-kafka-bridge started\"");
    if (started != std::string::npos) {
      const std::size_t line_end = log.find('\n', started);
      const std::size_t line_start = log.rfind('\n', started) + 1;
      const std::string line = log.substr(line_start, line_end - line_start);
      std::smatch match;
      if (std::regex_search(line, match, kListen)) {
        webhook_port_ = std::stoi(match[1]);
      }
      if (std::regex_search(line, match, kAdmin)) {
        admin_port_ = std::stoi(match[1]);
      }
      return webhook_port_ > 0 && admin_port_ > 0;
    }
    if (wait_for_exit(std::chrono::milliseconds(0))) {
      return false;
    }
    std::this_thread::sleep_for(kPollInterval);
  }
  return false;
}

bool BridgeProcess::wait_until_ready(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  httplib::Client client("127.0.0.1", admin_port_);
  client.set_connection_timeout(1);
  client.set_read_timeout(2);
  while (std::chrono::steady_clock::now() < deadline) {
    const auto response = client.Get("/readyz");
    if (response && response->status == 200) {
      return true;
    }
    std::this_thread::sleep_for(kPollInterval * 4);
  }
  return false;
}

void BridgeProcess::send_signal(int signal_number) {
  if (!exit_status_) {
    kill(pid_, signal_number);
  }
}

std::optional<int> BridgeProcess::wait_for_exit(std::chrono::milliseconds timeout) {
  if (exit_status_) {
    return exit_status_;
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  do {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      exit_status_ = decode_status(status);
      return exit_status_;
    }
    if (timeout.count() > 0) {
      std::this_thread::sleep_for(kPollInterval);
    }
  } while (std::chrono::steady_clock::now() < deadline);
  return std::nullopt;
}

CommandResult run_bridge_command(const std::vector<std::string>& args, const std::string& input,
                                 const std::map<std::string, std::string>& environment) {
  const std::string in_path = make_temp_path("bridge-in");
  const std::string out_path = make_temp_path("bridge-out");
  const std::string err_path = make_temp_path("bridge-err");
  {
    std::FILE* file = std::fopen(in_path.c_str(), "wb");
    std::fwrite(input.data(), 1, input.size(), file);
    std::fclose(file);
  }
  const pid_t pid = spawn_bridge(args, environment, in_path, out_path, err_path);
  int status = 0;
  waitpid(pid, &status, 0);

  CommandResult result{decode_status(status), read_file(out_path), read_file(err_path)};
  for (const std::string& path : {in_path, out_path, err_path}) {
    std::filesystem::remove(path);
  }
  return result;
}

}  // namespace bridge::testing
