#include "bridge/config/secret_file_watcher.hpp"

#include <openssl/evp.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "bridge/config/serve_settings.hpp"
#include "bridge/log/logger.hpp"

namespace bridge::config {

SecretFileWatcher::SecretFileWatcher(std::string path, std::vector<verify::Secret> fixed_secrets,
                                     verify::SecretStore& store)
    : path_(std::move(path)), fixed_secrets_(std::move(fixed_secrets)), store_(store) {
  // Record the current state without replacing the secrets loaded at start-up.
  recording_startup_state_ = true;
  check_now();
  recording_startup_state_ = false;
}

SecretFileWatcher::~SecretFileWatcher() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_signal_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
}

void SecretFileWatcher::start(std::chrono::milliseconds interval) {
  thread_ = std::thread([this, interval] {
    std::unique_lock lock(mutex_);
    while (!stop_signal_.wait_for(lock, interval, [this] { return stopping_; })) {
      lock.unlock();
      check_now();
      lock.lock();
    }
  });
}

bool SecretFileWatcher::check_now() {
  const auto warn_once = [this](const std::string& warning) {
    if (warning != last_warning_) {
      log::warn("cannot reload the webhook secret file; the previous secrets stay in force",
                {{"path", path_}, {"error", warning}});
      last_warning_ = warning;
    }
    return false;
  };

  std::error_code error;
  const std::filesystem::path resolved = std::filesystem::canonical(path_, error);
  struct stat info {};
  if (error || ::stat(resolved.c_str(), &info) != 0) {
    last_state_.reset();
    return warn_once("the file does not exist or a link in its path is broken");
  }
  const FileState state{
      resolved.string(), static_cast<long long>(info.st_ino), static_cast<long long>(info.st_size),
      static_cast<long long>(info.st_mtim.tv_sec) * 1000000000LL + info.st_mtim.tv_nsec};
  if (last_state_ == state) {
    return false;
  }

  std::ifstream file(resolved);
  std::stringstream content;
  content << file.rdbuf();
  if (!file.is_open() || file.bad()) {
    return warn_once("the file cannot be read; check its permissions");
  }
  const std::string text = content.str();
  Digest digest{};
  unsigned int digest_length = 0;
  EVP_Digest(text.data(), text.size(), digest.data(), &digest_length, EVP_sha256(), nullptr);
  last_state_ = state;
  if (last_digest_ == digest) {
    return false;
  }

  std::istringstream lines(text);
  std::vector<verify::Secret> secrets = parse_secret_lines(lines);
  if (secrets.empty()) {
    // Do not record the digest, so that the same content with a secret later is loaded.
    return warn_once("the file holds no secret");
  }
  last_digest_ = digest;
  last_warning_.clear();
  if (recording_startup_state_) {
    return false;
  }

  const std::size_t file_secret_count = secrets.size();
  secrets.insert(secrets.begin(), fixed_secrets_.begin(), fixed_secrets_.end());
  store_.replace(std::move(secrets));
  log::info("webhook secret file reloaded", {{"path", path_}, {"file_secrets", file_secret_count}});
  return true;
}

}  // namespace bridge::config
