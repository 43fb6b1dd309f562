#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace bridge::testing {

// The bridge binary running as a child process, its stderr (JSON log lines) captured to a
// file. Killed with SIGKILL by the destructor if it still runs.
class BridgeProcess {
 public:
  // Starts `attio-kafka-bridge ARGS...` with the current environment plus `environment`.
  BridgeProcess(std::vector<std::string> args, std::map<std::string, std::string> environment = {});
  ~BridgeProcess();
  BridgeProcess(const BridgeProcess&) = delete;
  BridgeProcess& operator=(const BridgeProcess&) = delete;

  // Waits until the "started" log line appears (and returns true), or the process exits, or
  // `timeout` passes. Fills webhook_port() and admin_port() from that line.
  bool wait_until_started(std::chrono::milliseconds timeout = std::chrono::seconds(30));
  // Polls GET /readyz until it returns 200 or `timeout` passes.
  bool wait_until_ready(std::chrono::milliseconds timeout = std::chrono::seconds(30));

  int webhook_port() const { return webhook_port_; }
  int admin_port() const { return admin_port_; }
  pid_t pid() const { return pid_; }

  void send_signal(int signal_number);
  // Waits for the process to exit and returns its exit status (128 + signal when killed),
  // or nullopt when `timeout` passed first.
  std::optional<int> wait_for_exit(std::chrono::milliseconds timeout);

  // The captured stderr so far.
  std::string log_text() const;

 private:
  pid_t pid_ = -1;
  std::optional<int> exit_status_;
  std::string log_path_;
  int webhook_port_ = 0;
  int admin_port_ = 0;
};

// Runs the bridge binary to completion with `args` and returns {exit status, stdout,
// stderr}. Standard input is `input`.
struct CommandResult {
  int exit_status = -1;
  std::string out;
  std::string err;
};
CommandResult run_bridge_command(const std::vector<std::string>& args,
                                 const std::string& input = "",
                                 const std::map<std::string, std::string>& environment = {});

}  // namespace bridge::testing
