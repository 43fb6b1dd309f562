#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "bridge/verify/signature.hpp"

namespace bridge::verify {

using SecretList = std::vector<Secret>;

// The current set of signing secrets. Readers take a snapshot, so a reload never changes the
// list under a request that is checking a signature. Safe to use from many threads.
class SecretStore {
 public:
  explicit SecretStore(SecretList secrets)
      : secrets_(std::make_shared<const SecretList>(std::move(secrets))) {}

  std::shared_ptr<const SecretList> snapshot() const {
    const std::lock_guard lock(mutex_);
    return secrets_;
  }

  void replace(SecretList secrets) {
    auto next = std::make_shared<const SecretList>(std::move(secrets));
    const std::lock_guard lock(mutex_);
    secrets_ = std::move(next);
  }

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const SecretList> secrets_;
};

}  // namespace bridge::verify
