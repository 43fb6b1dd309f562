#pragma once

#include <string>

#include "bridge/attio/expected.hpp"

namespace bridge::attio {

// A file for webhook secrets, created new with mode 0600 so that no other user can read
// it. It never replaces an existing file, because that file may hold the only copy of an
// earlier secret.
class SecretFile {
 public:
  // Creates `path` with O_CREAT | O_EXCL | O_NOFOLLOW and mode 0600. Fails when the path
  // exists (even as a symbolic link) or cannot be created.
  static Expected<SecretFile, std::string> create(const std::string& path);

  SecretFile(SecretFile&& other) noexcept;
  SecretFile& operator=(SecretFile&& other) = delete;
  SecretFile(const SecretFile&) = delete;
  SecretFile& operator=(const SecretFile&) = delete;
  // Closes the file, and removes it when no secret was written, so a failed create leaves
  // no empty file behind.
  ~SecretFile();

  // Appends the secret and a newline, and flushes it to disk.
  Expected<bool, std::string> append(const std::string& secret);

  const std::string& path() const { return path_; }

 private:
  SecretFile(std::string path, int descriptor) : path_(std::move(path)), descriptor_(descriptor) {}

  std::string path_;
  int descriptor_ = -1;
  bool written_ = false;
};

}  // namespace bridge::attio
