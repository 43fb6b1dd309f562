// Fault injection on the bridge process: SIGTERM or SIGKILL in the middle of a load of
// unique signed deliveries, then a new bridge process takes over.
#include <gtest/gtest.h>
#include <signal.h>

#include <iostream>
#include <thread>

#include "support/fixtures.hpp"
#include "support/integration_fixture.hpp"
#include "support/load_driver.hpp"

namespace bridge::testing {
namespace {

constexpr std::size_t kDeliveries = 5000;
constexpr std::size_t kFaultAfter = 1000;
constexpr int kRetryRounds = 30;
constexpr std::chrono::milliseconds kRetryPause{500};
const std::vector<std::string> kBridgeArgs = {"--ack-timeout=2000", "--http-threads=32",
                                              "--shutdown-grace=500"};

LoadDriver::Options load_options(const std::string& key_prefix) {
  LoadDriver::Options options;
  options.deliveries = kDeliveries;
  options.threads = 16;
  options.body = read_fixture("record.created.json");
  options.key_prefix = key_prefix;
  return options;
}

class FaultsBridgeRestart : public IntegrationTest {
 protected:
  FaultRunCounts run_with_bridge_signal(int signal_number, std::optional<int>& exit_status,
                                        bool& reached);
};

// Runs the load, sends `signal_number` to the bridge after kFaultAfter deliveries, starts a
// new bridge once the old one exited, and retries what was not accepted. Returns the
// counts, and the old bridge's exit status through `exit_status`.
FaultRunCounts FaultsBridgeRestart::run_with_bridge_signal(int signal_number,
                                                           std::optional<int>& exit_status,
                                                           bool& reached) {
  start_bridge(kBridgeArgs);
  std::atomic<int> port{bridge_->webhook_port()};
  LoadDriver driver(load_options(prefix_), [&port] { return port.load(); });

  std::thread load([&] { driver.post_all_once(); });
  reached = poll_until([&] { return driver.finished_first_attempts() >= kFaultAfter; },
                       std::chrono::seconds(60));
  bridge_->send_signal(signal_number);
  exit_status = bridge_->wait_for_exit(std::chrono::seconds(60));
  if (!exit_status) {
    ADD_FAILURE() << "the bridge did not exit after the signal; its log:\n" << bridge_->log_text();
  }
  start_bridge(kBridgeArgs);
  port = bridge_->webhook_port();
  load.join();
  driver.retry_until_accepted(kRetryRounds, kRetryPause);
  return count_fault_run(driver.deliveries(), read(topic_for("record.created")));
}

TEST_F(FaultsBridgeRestart, SigtermDrainsAndRestartAcceptsRest) {
  std::optional<int> exit_status;
  bool reached = false;
  const FaultRunCounts counts = run_with_bridge_signal(SIGTERM, exit_status, reached);
  std::cout << "[faults] bridge SIGTERM: " << counts.summary() << std::endl;

  EXPECT_TRUE(reached) << "the load did not reach " << kFaultAfter << " deliveries";
  EXPECT_EQ(exit_status, std::optional<int>(0)) << "a drained shutdown exits 0";
  EXPECT_GT(counts.answered_503_first + counts.failed_first, 0u) << "no delivery met the shutdown";
  EXPECT_EQ(counts.accepted_missing, 0u) << "a delivery answered 200 is not in Kafka";
  EXPECT_EQ(counts.accepted_final, kDeliveries) << "a retried delivery was never accepted";
  EXPECT_EQ(counts.found_in_kafka, kDeliveries);
}

TEST_F(FaultsBridgeRestart, SigkillLosesNoAcceptedDelivery) {
  std::optional<int> exit_status;
  bool reached = false;
  const FaultRunCounts counts = run_with_bridge_signal(SIGKILL, exit_status, reached);
  std::cout << "[faults] bridge SIGKILL: " << counts.summary() << std::endl;

  EXPECT_TRUE(reached) << "the load did not reach " << kFaultAfter << " deliveries";
  EXPECT_EQ(exit_status, std::optional<int>(128 + SIGKILL));
  EXPECT_EQ(counts.accepted_missing, 0u) << "a delivery answered 200 is not in Kafka";
  EXPECT_EQ(counts.accepted_final, kDeliveries) << "a retried delivery was never accepted";
  EXPECT_EQ(counts.found_in_kafka, kDeliveries);
}

}  // namespace
}  // namespace bridge::testing
