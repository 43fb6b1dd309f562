#include "bridge/cli/shutdown_signals.hpp"

#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "bridge/log/logger.hpp"

namespace bridge::cli {
namespace {

sigset_t shutdown_signal_set() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGUSR2);  // wakes the watcher when the process ends normally
  return set;
}

}  // namespace

ShutdownSignals::ShutdownSignals() {
  const sigset_t set = shutdown_signal_set();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  watcher_ = std::thread([this] { watch(); });
}

ShutdownSignals::~ShutdownSignals() {
  pthread_kill(watcher_.native_handle(), SIGUSR2);
  watcher_.join();
}

void ShutdownSignals::watch() {
  const sigset_t set = shutdown_signal_set();
  int signal_number = 0;
  while (sigwait(&set, &signal_number) == 0) {
    if (signal_number == SIGUSR2) {
      return;
    }
    std::unique_lock lock(mutex_);
    if (requested_) {
      log::warn("second shutdown signal; exiting without draining",
                {{"signal", strsignal(signal_number)}});
      _exit(1);
    }
    requested_ = true;
    reason_ = strsignal(signal_number);
    changed_.notify_all();
  }
}

void ShutdownSignals::request(std::string reason) {
  const std::lock_guard lock(mutex_);
  if (!requested_) {
    requested_ = true;
    reason_ = std::move(reason);
    changed_.notify_all();
  }
}

std::string ShutdownSignals::wait() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return requested_; });
  return reason_;
}

}  // namespace bridge::cli
