#pragma once

#include <chrono>
#include <string>

namespace bridge::util {

// Generates a UUID version 7 (RFC 9562): 48 bits of Unix time in milliseconds followed by
// random bits from OpenSSL's CSPRNG, formatted as 36 lowercase characters.
std::string make_uuid_v7(std::chrono::system_clock::time_point now);

}  // namespace bridge::util
