#pragma once

#include <array>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bridge/verify/secret_store.hpp"

namespace bridge::config {

// Re-reads the --secret-file when its content changes and swaps the secrets in the store.
//
// Kubernetes updates a Secret volume by pointing the `..data` symlink at a new folder, so
// the watcher resolves the path on every check and compares the resolved path, its stat
// data and a SHA-256 of the content. A file that becomes unreadable or contains no secret
// keeps the previous secrets in force and logs one warning per change.
class SecretFileWatcher {
 public:
  // `fixed_secrets` (from --secret) stay in the store next to the file's secrets. Reads the
  // file once now to record its state; the store is expected to hold its secrets already.
  SecretFileWatcher(std::string path, std::vector<verify::Secret> fixed_secrets,
                    verify::SecretStore& store);
  ~SecretFileWatcher();

  SecretFileWatcher(const SecretFileWatcher&) = delete;
  SecretFileWatcher& operator=(const SecretFileWatcher&) = delete;

  // Starts a thread that calls check_now() every `interval`.
  void start(std::chrono::milliseconds interval = std::chrono::seconds(2));

  // Checks the file once; returns true when the store received new secrets.
  bool check_now();

 private:
  using Digest = std::array<unsigned char, 32>;

  // Result of one check: stat data of the resolved file, or the reason it could not read it.
  struct FileState {
    std::string resolved_path;
    long long inode = 0;
    long long size = 0;
    long long modified_ns = 0;
    bool operator==(const FileState&) const = default;
  };

  std::string path_;
  std::vector<verify::Secret> fixed_secrets_;
  verify::SecretStore& store_;

  std::optional<FileState> last_state_;
  std::optional<Digest> last_digest_;
  std::string last_warning_;
  bool recording_startup_state_ = false;

  std::mutex mutex_;
  std::condition_variable stop_signal_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace bridge::config
