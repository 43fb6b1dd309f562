// A --secret-file laid out like a Kubernetes Secret volume is rotated while the bridge runs:
// deliveries signed with the new secret are accepted without a restart.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "bridge/verify/signature.hpp"
#include "support/fixtures.hpp"
#include "support/integration_fixture.hpp"
#include "support/load_driver.hpp"

namespace bridge::testing {
namespace {

namespace fs = std::filesystem;

using SecretFileReload = IntegrationTest;

TEST_F(SecretFileReload, SymlinkSwapRotatesSecret) {
  const fs::path dir = fs::temp_directory_path() / ("secret-volume-" + random_token());
  fs::create_directories(dir / "..2026_a");
  std::ofstream(dir / "..2026_a" / "secret") << "whsec-volume-first\n";
  fs::create_directory_symlink("..2026_a", dir / "..data");
  fs::create_symlink("..data/secret", dir / "secret");

  start_bridge({"--secret-file=" + (dir / "secret").string()});
  const std::string body = read_fixture("record.created.json");
  const auto post_with = [&](const std::string& secret, const std::string& key) {
    const auto response =
        post(body, {{"Attio-Signature", verify::compute_signature(verify::Secret(secret), body)},
                    {"Idempotency-Key", key}});
    return response ? response->status : 0;
  };
  EXPECT_EQ(post_with("whsec-volume-first", "first-" + random_token()), 200);
  EXPECT_EQ(post_with("whsec-volume-second", "early-" + random_token()), 401);

  fs::create_directories(dir / "..2026_b");
  std::ofstream(dir / "..2026_b" / "secret") << "whsec-volume-second\n";
  fs::create_directory_symlink("..2026_b", dir / "..data_tmp");
  fs::rename(dir / "..data_tmp", dir / "..data");

  EXPECT_TRUE(poll_until(
      [&] { return post_with("whsec-volume-second", "second-" + random_token()) == 200; },
      std::chrono::seconds(20), std::chrono::milliseconds(250)));
  EXPECT_EQ(post_with("whsec-volume-first", "old-" + random_token()), 401);
  // --secret stays valid next to the file's secrets.
  EXPECT_EQ(post_with(kFixtureSecret, "flag-" + random_token()), 200);
  EXPECT_NE(bridge_->log_text().find("webhook secret file reloaded"), std::string::npos);

  fs::remove_all(dir);
}

}  // namespace
}  // namespace bridge::testing
