#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace bridge::verify {

// A webhook signing secret. The bytes of the string are the HMAC key as-is: Attio does not
// hex-decode its secrets. The type keeps secrets apart from other strings so they are not
// logged or passed by mistake.
class Secret {
 public:
  explicit Secret(std::string value) : value_(std::move(value)) {}
  const std::string& reveal() const { return value_; }

 private:
  std::string value_;
};

// Computes the lowercase hex HMAC-SHA256 of `body` keyed with `secret`, the value Attio puts
// in the Attio-Signature header.
std::string compute_signature(const Secret& secret, std::string_view body);

enum class SignatureCheck { kValid, kMissing, kInvalid };

// Checks `signature_header` (64 hex digits, either case) against the HMAC of `body` under each
// secret. The comparison is constant-time for each secret, and every secret is tried so the
// time taken does not reveal which one matched. An empty header counts as missing.
SignatureCheck check_signature(const std::vector<Secret>& secrets, std::string_view body,
                               std::string_view signature_header);

// The same check for a shared secret set, for the request path. Each thread keeps keyed
// HMAC contexts for the set it checked last and reuses them while `secrets` points to the
// same set, so a reload that installs a new set takes effect on the next check.
SignatureCheck check_signature(const std::shared_ptr<const std::vector<Secret>>& secrets,
                               std::string_view body, std::string_view signature_header);

}  // namespace bridge::verify
