#include "bridge/verify/signature.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "support/fixtures.hpp"

namespace bridge::verify {
namespace {

using testing::kFixtureSecret;
using testing::read_fixture;

std::string to_upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

// Known answer from RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
TEST(Signature, MatchesRfc4231KnownAnswer) {
  EXPECT_EQ(compute_signature(Secret("Jefe"), "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Signature, MatchesEveryFixtureSignatureFile) {
  for (const std::string name : {"record.created", "list-entry.updated", "note.created"}) {
    const std::string body = read_fixture(name + ".json");
    const std::string expected = read_fixture("signed/" + name + ".sig");
    EXPECT_EQ(compute_signature(Secret(kFixtureSecret), body), expected) << name;
  }
}

TEST(Signature, AcceptsValidLowercaseHex) {
  const std::string body = read_fixture("record.created.json");
  const std::string signature = read_fixture("signed/record.created.sig");
  EXPECT_EQ(check_signature({Secret(kFixtureSecret)}, body, signature), SignatureCheck::kValid);
}

TEST(Signature, AcceptsUppercaseHex) {
  const std::string body = read_fixture("record.created.json");
  const std::string signature = to_upper(read_fixture("signed/record.created.sig"));
  EXPECT_EQ(check_signature({Secret(kFixtureSecret)}, body, signature), SignatureCheck::kValid);
}

TEST(Signature, RejectsSignatureOfOtherBody) {
  const std::string body = read_fixture("record.created.json");
  const std::string signature = read_fixture("signed/note.created.sig");
  EXPECT_EQ(check_signature({Secret(kFixtureSecret)}, body, signature), SignatureCheck::kInvalid);
}

TEST(Signature, RejectsBodyChangedByOneByte) {
  std::string body = read_fixture("record.created.json");
  const std::string signature = read_fixture("signed/record.created.sig");
  body.back() = ' ';
  EXPECT_EQ(check_signature({Secret(kFixtureSecret)}, body, signature), SignatureCheck::kInvalid);
}

TEST(Signature, RejectsWrongSecret) {
  const std::string body = read_fixture("record.created.json");
  const std::string signature = read_fixture("signed/record.created.sig");
  EXPECT_EQ(check_signature({Secret("other-secret")}, body, signature), SignatureCheck::kInvalid);
}

TEST(Signature, RejectsWrongLengthAndNonHex) {
  const std::string body = "{}";
  const std::string valid = compute_signature(Secret("s"), body);
  EXPECT_EQ(check_signature({Secret("s")}, body, valid.substr(1)), SignatureCheck::kInvalid);
  EXPECT_EQ(check_signature({Secret("s")}, body, valid + "0"), SignatureCheck::kInvalid);
  EXPECT_EQ(check_signature({Secret("s")}, body, "sha256=" + valid), SignatureCheck::kInvalid);
  std::string non_hex = valid;
  non_hex[10] = 'g';
  EXPECT_EQ(check_signature({Secret("s")}, body, non_hex), SignatureCheck::kInvalid);
}

TEST(Signature, ReportsEmptyHeaderAsMissing) {
  EXPECT_EQ(check_signature({Secret("s")}, "{}", ""), SignatureCheck::kMissing);
}

TEST(Signature, AcceptsAnyOfSeveralSecrets) {
  const std::string body = read_fixture("note.created.json");
  const std::string signature = read_fixture("signed/note.created.sig");
  const std::vector<Secret> rotated = {Secret("old-secret"), Secret(kFixtureSecret)};
  EXPECT_EQ(check_signature(rotated, body, signature), SignatureCheck::kValid);
  const std::vector<Secret> reversed = {Secret(kFixtureSecret), Secret("old-secret")};
  EXPECT_EQ(check_signature(reversed, body, signature), SignatureCheck::kValid);
}

TEST(Signature, RejectsEverythingWithoutSecrets) {
  const std::string body = read_fixture("note.created.json");
  const std::string signature = read_fixture("signed/note.created.sig");
  EXPECT_EQ(check_signature({}, body, signature), SignatureCheck::kInvalid);
}

TEST(Signature, SignsEmptyBody) {
  // HMAC-SHA256 of the empty message under key "key".
  const std::string expected = "5d5d139563c95b5967b9bd9a8c9b233a9dedb45072794cd232dc1b74832607d0";
  EXPECT_EQ(compute_signature(Secret("key"), ""), expected);
  EXPECT_EQ(check_signature({Secret("key")}, "", expected), SignatureCheck::kValid);
}

TEST(Signature, UsesSecretBytesWithoutHexDecoding) {
  // A secret that looks like hex is still used as its characters, as Attio does.
  const Secret hex_looking("00ff");
  const Secret decoded(std::string("\x00\xff", 2));
  EXPECT_NE(compute_signature(hex_looking, "{}"), compute_signature(decoded, "{}"));
}

}  // namespace
}  // namespace bridge::verify
