#include "bridge/verify/signature.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

namespace bridge::verify {
namespace {

constexpr std::size_t kDigestBytes = 32;
using Digest = std::array<unsigned char, kDigestBytes>;

struct MacDeleter {
  void operator()(EVP_MAC* mac) const { EVP_MAC_free(mac); }
};
struct MacContextDeleter {
  void operator()(EVP_MAC_CTX* context) const { EVP_MAC_CTX_free(context); }
};
using MacContextPtr = std::unique_ptr<EVP_MAC_CTX, MacContextDeleter>;

[[noreturn]] void throw_openssl_error(const char* step) {
  char detail[256] = "no detail";
  const unsigned long code = ERR_get_error();
  if (code != 0) {
    ERR_error_string_n(code, detail, sizeof detail);
  }
  ERR_clear_error();
  throw std::runtime_error(std::string("HMAC-SHA256 failed in OpenSSL at ") + step + ": " + detail +
                           "; check that the OpenSSL default provider is available");
}

// OpenSSL's HMAC implementation, fetched once per process instead of once per call.
EVP_MAC& hmac_algorithm() {
  static const std::unique_ptr<EVP_MAC, MacDeleter> mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
  if (!mac) {
    throw_openssl_error("EVP_MAC_fetch(HMAC)");
  }
  return *mac;
}

// An HMAC-SHA256 context keyed with one secret. Each compute() restarts it with
// EVP_MAC_init and a null key, which keeps the key schedule (the hashed inner and outer
// pads). A reused context so skips the algorithm fetch, the allocations and the key setup
// that a one-shot HMAC() call repeats.
class HmacContext {
 public:
  explicit HmacContext(const Secret& secret) : context_(EVP_MAC_CTX_new(&hmac_algorithm())) {
    if (!context_) {
      throw_openssl_error("EVP_MAC_CTX_new");
    }
    char digest_name[] = "SHA256";
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0),
        OSSL_PARAM_construct_end()};
    // A null key means "keep the current key" to EVP_MAC_init, so an empty secret is passed
    // as a non-null pointer with length 0.
    static const unsigned char kEmptyKey = 0;
    const std::string& key = secret.reveal();
    const auto* key_bytes =
        key.empty() ? &kEmptyKey : reinterpret_cast<const unsigned char*>(key.data());
    if (EVP_MAC_init(context_.get(), key_bytes, key.size(), params) != 1) {
      throw_openssl_error("EVP_MAC_init with the secret");
    }
  }

  Digest compute(std::string_view body) {
    if (EVP_MAC_init(context_.get(), nullptr, 0, nullptr) != 1) {
      throw_openssl_error("EVP_MAC_init to restart");
    }
    Digest digest{};
    std::size_t length = 0;
    if (EVP_MAC_update(context_.get(), reinterpret_cast<const unsigned char*>(body.data()),
                       body.size()) != 1 ||
        EVP_MAC_final(context_.get(), digest.data(), &length, digest.size()) != 1 ||
        length != kDigestBytes) {
      throw_openssl_error("EVP_MAC_update or EVP_MAC_final");
    }
    return digest;
  }

 private:
  MacContextPtr context_;
};

Digest hmac_sha256(const Secret& secret, std::string_view body) {
  return HmacContext(secret).compute(body);
}

// The keyed contexts of the secret set that this thread checked last. The set is held by
// its shared_ptr, so a reload (a new set) is noticed by pointer and an old set stays alive
// until this thread's next check.
struct ThreadContexts {
  std::shared_ptr<const std::vector<Secret>> secrets;
  std::vector<HmacContext> contexts;
};

std::vector<HmacContext>& contexts_for(const std::shared_ptr<const std::vector<Secret>>& secrets) {
  thread_local ThreadContexts cache;
  if (cache.secrets != secrets) {
    std::vector<HmacContext> contexts;
    contexts.reserve(secrets->size());
    for (const Secret& secret : *secrets) {
      contexts.emplace_back(secret);
    }
    cache.contexts = std::move(contexts);
    cache.secrets = secrets;
  }
  return cache.contexts;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

std::optional<Digest> decode_hex_digest(std::string_view hex) {
  if (hex.size() != kDigestBytes * 2) {
    return std::nullopt;
  }
  Digest digest{};
  for (std::size_t i = 0; i < kDigestBytes; ++i) {
    const int high = hex_value(hex[2 * i]);
    const int low = hex_value(hex[2 * i + 1]);
    if (high < 0 || low < 0) {
      return std::nullopt;
    }
    digest[i] = static_cast<unsigned char>(high * 16 + low);
  }
  return digest;
}

}  // namespace

std::string compute_signature(const Secret& secret, std::string_view body) {
  static constexpr char kHexDigits[] = "0123456789abcdef";
  const Digest digest = hmac_sha256(secret, body);
  std::string hex(kDigestBytes * 2, '0');
  for (std::size_t i = 0; i < kDigestBytes; ++i) {
    hex[2 * i] = kHexDigits[digest[i] >> 4];
    hex[2 * i + 1] = kHexDigits[digest[i] & 0x0f];
  }
  return hex;
}

namespace {

// Compares `received` with the HMAC under every secret, in constant time for each, and tries
// all of them so the time taken does not reveal which one matched.
template <typename ComputeDigest>
SignatureCheck match_any(std::size_t secret_count, const Digest& received,
                         ComputeDigest compute_digest) {
  bool matched = false;
  for (std::size_t i = 0; i < secret_count; ++i) {
    const Digest expected = compute_digest(i);
    matched |= CRYPTO_memcmp(expected.data(), received.data(), kDigestBytes) == 0;
  }
  return matched ? SignatureCheck::kValid : SignatureCheck::kInvalid;
}

std::optional<Digest> decode_header(std::string_view signature_header, SignatureCheck& failure) {
  if (signature_header.empty()) {
    failure = SignatureCheck::kMissing;
    return std::nullopt;
  }
  failure = SignatureCheck::kInvalid;
  return decode_hex_digest(signature_header);
}

}  // namespace

SignatureCheck check_signature(const std::vector<Secret>& secrets, std::string_view body,
                               std::string_view signature_header) {
  SignatureCheck failure = SignatureCheck::kInvalid;
  const std::optional<Digest> received = decode_header(signature_header, failure);
  if (!received) {
    return failure;
  }
  return match_any(secrets.size(), *received,
                   [&](std::size_t i) { return hmac_sha256(secrets[i], body); });
}

SignatureCheck check_signature(const std::shared_ptr<const std::vector<Secret>>& secrets,
                               std::string_view body, std::string_view signature_header) {
  SignatureCheck failure = SignatureCheck::kInvalid;
  const std::optional<Digest> received = decode_header(signature_header, failure);
  if (!received) {
    return failure;
  }
  std::vector<HmacContext>& contexts = contexts_for(secrets);
  return match_any(contexts.size(), *received,
                   [&](std::size_t i) { return contexts[i].compute(body); });
}

}  // namespace bridge::verify
