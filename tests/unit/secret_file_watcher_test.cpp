// Reloading --secret-file laid out like a Kubernetes Secret volume: `secret` links to
// `..data/secret`, and `..data` links to a timestamped folder that an update replaces by
// renaming a new link over `..data`.
#include "bridge/config/secret_file_watcher.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "support/integration_fixture.hpp"
#include "support/load_driver.hpp"

namespace bridge::config {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> revealed(const verify::SecretStore& store) {
  // Hold the snapshot for the loop: a range-for over `*store.snapshot()` would destroy the
  // temporary shared_ptr first, and a concurrent replace() could free the list.
  const auto snapshot = store.snapshot();
  std::vector<std::string> values;
  for (const verify::Secret& secret : *snapshot) {
    values.push_back(secret.reveal());
  }
  return values;
}

class SecretFileWatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("secret-volume-" + testing::random_token());
    fs::create_directories(dir_);
    write_version("..2026_a", "whsec-first\n");
    fs::create_directory_symlink("..2026_a", dir_ / "..data");
    fs::create_symlink("..data/secret", dir_ / "secret");
  }

  void TearDown() override { fs::remove_all(dir_); }

  void write_version(const std::string& folder, const std::string& content) {
    fs::create_directories(dir_ / folder);
    std::ofstream(dir_ / folder / "secret") << content;
  }

  // Points ..data at `folder` atomically, as the kubelet does: a new link, then rename.
  void swap_data_link(const std::string& folder) {
    fs::create_directory_symlink(folder, dir_ / "..data_tmp");
    fs::rename(dir_ / "..data_tmp", dir_ / "..data");
  }

  std::string secret_path() const { return (dir_ / "secret").string(); }

  fs::path dir_;
};

TEST_F(SecretFileWatcherTest, UnchangedFileKeepsStore) {
  verify::SecretStore store({verify::Secret("whsec-first")});
  SecretFileWatcher watcher(secret_path(), {}, store);

  EXPECT_FALSE(watcher.check_now());
  EXPECT_EQ(revealed(store), std::vector<std::string>{"whsec-first"});
}

TEST_F(SecretFileWatcherTest, SymlinkSwapReplacesSecrets) {
  verify::SecretStore store({verify::Secret("whsec-flag"), verify::Secret("whsec-first")});
  SecretFileWatcher watcher(secret_path(), {verify::Secret("whsec-flag")}, store);

  write_version("..2026_b", "# rotated\nwhsec-second\nwhsec-first\n");
  swap_data_link("..2026_b");

  EXPECT_TRUE(watcher.check_now());
  EXPECT_EQ(revealed(store),
            (std::vector<std::string>{"whsec-flag", "whsec-second", "whsec-first"}));
  EXPECT_FALSE(watcher.check_now()) << "the same content must not reload twice";
}

TEST_F(SecretFileWatcherTest, SameContentInNewFolderDoesNotReload) {
  verify::SecretStore store({verify::Secret("whsec-first")});
  SecretFileWatcher watcher(secret_path(), {}, store);

  write_version("..2026_b", "whsec-first\n");
  swap_data_link("..2026_b");

  EXPECT_FALSE(watcher.check_now());
  EXPECT_EQ(revealed(store), std::vector<std::string>{"whsec-first"});
}

TEST_F(SecretFileWatcherTest, EmptyFileKeepsOldSecrets) {
  verify::SecretStore store({verify::Secret("whsec-first")});
  SecretFileWatcher watcher(secret_path(), {}, store);

  write_version("..2026_b", "# no secret yet\n\n");
  swap_data_link("..2026_b");

  EXPECT_FALSE(watcher.check_now());
  EXPECT_EQ(revealed(store), std::vector<std::string>{"whsec-first"});
}

TEST_F(SecretFileWatcherTest, BrokenLinkKeepsOldSecretsThenRecovers) {
  verify::SecretStore store({verify::Secret("whsec-first")});
  SecretFileWatcher watcher(secret_path(), {}, store);

  swap_data_link("..2026_missing");
  EXPECT_FALSE(watcher.check_now());
  EXPECT_EQ(revealed(store), std::vector<std::string>{"whsec-first"});

  write_version("..2026_c", "whsec-third\n");
  swap_data_link("..2026_c");
  EXPECT_TRUE(watcher.check_now());
  EXPECT_EQ(revealed(store), std::vector<std::string>{"whsec-third"});
}

TEST_F(SecretFileWatcherTest, UnreadableFileKeepsOldSecrets) {
  if (geteuid() == 0) {
    GTEST_SKIP() << "root reads files without read permission";
  }
  verify::SecretStore store({verify::Secret("whsec-first")});
  SecretFileWatcher watcher(secret_path(), {}, store);

  write_version("..2026_b", "whsec-second\n");
  fs::permissions(dir_ / "..2026_b" / "secret", fs::perms::none);
  swap_data_link("..2026_b");

  EXPECT_FALSE(watcher.check_now());
  EXPECT_EQ(revealed(store), std::vector<std::string>{"whsec-first"});
}

TEST_F(SecretFileWatcherTest, InPlaceEditReplacesSecrets) {
  verify::SecretStore store({verify::Secret("whsec-first")});
  SecretFileWatcher watcher(secret_path(), {}, store);

  // A plain file edited in place, as outside Kubernetes; the size changes with the content.
  std::ofstream(dir_ / "..2026_a" / "secret") << "whsec-edited-in-place\n";

  EXPECT_TRUE(watcher.check_now());
  EXPECT_EQ(revealed(store), std::vector<std::string>{"whsec-edited-in-place"});
}

TEST_F(SecretFileWatcherTest, BackgroundThreadPicksUpSwap) {
  verify::SecretStore store({verify::Secret("whsec-first")});
  SecretFileWatcher watcher(secret_path(), {}, store);
  watcher.start(std::chrono::milliseconds(20));

  write_version("..2026_b", "whsec-second\n");
  swap_data_link("..2026_b");

  EXPECT_TRUE(testing::poll_until(
      [&] { return revealed(store) == std::vector<std::string>{"whsec-second"}; },
      std::chrono::seconds(10)));
}

}  // namespace
}  // namespace bridge::config
