#include "bridge/verify/signature.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <cstdint>
#include <optional>

namespace bridge::verify {
namespace {

constexpr std::size_t kDigestBytes = 32;
using Digest = std::array<unsigned char, kDigestBytes>;

Digest hmac_sha256(const Secret& secret, std::string_view body) {
  Digest digest{};
  unsigned int length = 0;
  // HMAC() with a null output buffer is not used: the caller-owned array avoids a static
  // buffer shared between threads.
  HMAC(EVP_sha256(), secret.reveal().data(), static_cast<int>(secret.reveal().size()),
       reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest.data(), &length);
  return digest;
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

SignatureCheck check_signature(const std::vector<Secret>& secrets, std::string_view body,
                               std::string_view signature_header) {
  if (signature_header.empty()) {
    return SignatureCheck::kMissing;
  }
  const std::optional<Digest> received = decode_hex_digest(signature_header);
  if (!received) {
    return SignatureCheck::kInvalid;
  }

  bool matched = false;
  for (const Secret& secret : secrets) {
    const Digest expected = hmac_sha256(secret, body);
    matched |= CRYPTO_memcmp(expected.data(), received->data(), kDigestBytes) == 0;
  }
  return matched ? SignatureCheck::kValid : SignatureCheck::kInvalid;
}

}  // namespace bridge::verify
