#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace bridge::cli {

// Turns SIGTERM and SIGINT into a shutdown request. The first signal wakes wait(); a second
// one ends the process at once with status 1. Construct it before any other thread starts, so
// that every thread inherits the blocked signal mask.
class ShutdownSignals {
 public:
  ShutdownSignals();
  ~ShutdownSignals();

  // Asks for shutdown from inside the process, e.g. after a fatal Kafka error.
  void request(std::string reason);
  // Blocks until a signal or request() arrives; returns its reason.
  std::string wait();

 private:
  void watch();

  std::mutex mutex_;
  std::condition_variable changed_;
  std::string reason_;
  bool requested_ = false;
  std::thread watcher_;
};

}  // namespace bridge::cli
