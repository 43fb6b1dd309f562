#include "bridge/verify/signature.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <vector>

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
  EXPECT_EQ(check_signature(std::vector<Secret>{}, body, signature), SignatureCheck::kInvalid);
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

// Known answer from RFC 4231 test case 6: a 131-byte key, longer than SHA-256's 64-byte block,
// is hashed before use.
TEST(Signature, MatchesRfc4231LongKeyAnswer) {
  const Secret long_key(std::string(131, '\xaa'));
  const std::string body = "Test Using Larger Than Block-Size Key - Hash Key First";
  const std::string expected = "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54";
  EXPECT_EQ(compute_signature(long_key, body), expected);
  const auto secrets = std::make_shared<const std::vector<Secret>>(std::vector{long_key});
  EXPECT_EQ(check_signature(secrets, body, expected), SignatureCheck::kValid);
}

TEST(Signature, SignsWithEmptySecret) {
  // HMAC-SHA256 of the empty message under the empty key.
  const std::string expected = "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad";
  EXPECT_EQ(compute_signature(Secret(""), ""), expected);
  const auto secrets = std::make_shared<const std::vector<Secret>>(std::vector{Secret("")});
  EXPECT_EQ(check_signature(secrets, "", expected), SignatureCheck::kValid);
}

TEST(Signature, SharedSetGivesSameAnswerOnReuse) {
  const std::string body = read_fixture("note.created.json");
  const std::string signature = read_fixture("signed/note.created.sig");
  const std::string other_body = read_fixture("record.created.json");
  const auto secrets = std::make_shared<const std::vector<Secret>>(
      std::vector{Secret("old-secret"), Secret(kFixtureSecret)});
  // The second and third checks reuse the contexts of the first one, so a context that kept
  // state from an earlier message would fail here.
  EXPECT_EQ(check_signature(secrets, body, signature), SignatureCheck::kValid);
  EXPECT_EQ(check_signature(secrets, other_body, signature), SignatureCheck::kInvalid);
  EXPECT_EQ(check_signature(secrets, body, signature), SignatureCheck::kValid);
  EXPECT_EQ(check_signature(secrets, body, ""), SignatureCheck::kMissing);
  EXPECT_EQ(check_signature(secrets, body, "zz"), SignatureCheck::kInvalid);
}

TEST(Signature, SharedSetFollowsReplacedSecrets) {
  const std::string body = read_fixture("note.created.json");
  const std::string signature = read_fixture("signed/note.created.sig");
  const auto current =
      std::make_shared<const std::vector<Secret>>(std::vector{Secret(kFixtureSecret)});
  const auto replaced =
      std::make_shared<const std::vector<Secret>>(std::vector{Secret("new-secret")});
  const auto empty = std::make_shared<const std::vector<Secret>>();
  EXPECT_EQ(check_signature(current, body, signature), SignatureCheck::kValid);
  EXPECT_EQ(check_signature(replaced, body, signature), SignatureCheck::kInvalid);
  EXPECT_EQ(check_signature(empty, body, signature), SignatureCheck::kInvalid);
  EXPECT_EQ(check_signature(current, body, signature), SignatureCheck::kValid);
}

}  // namespace
}  // namespace bridge::verify
