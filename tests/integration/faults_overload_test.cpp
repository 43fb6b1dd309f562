// Overload: a small in-flight limit and a stopped broker, so that acks back up. The bridge
// sheds load with 503 at once, its memory stays bounded, and what it accepted reaches Kafka.
#include <gtest/gtest.h>

#include <iostream>
#include <thread>

#include "support/fixtures.hpp"
#include "support/integration_fixture.hpp"
#include "support/load_driver.hpp"

namespace bridge::testing {
namespace {

using FaultsOverload = IntegrationTest;

constexpr std::size_t kDeliveries = 5000;
constexpr std::size_t kFaultAfter = 500;
constexpr std::size_t kMaxInflight = 50;
// Generous: the bridge keeps at most kMaxInflight small records plus its threads' stacks.
constexpr std::size_t kMaxResidentKib = 512 * 1024;
constexpr int kRetryRounds = 30;
constexpr std::chrono::milliseconds kRetryPause{500};

TEST_F(FaultsOverload, ShedsLoadWithBoundedMemory) {
  start_bridge({"--ack-timeout=1000", "--http-threads=32",
                "--max-inflight-events=" + std::to_string(kMaxInflight)});
  const int port = bridge_->webhook_port();
  const int pid = bridge_->pid();
  LoadDriver::Options options;
  options.deliveries = kDeliveries;
  options.threads = 16;
  options.body = read_fixture("record.created.json");
  options.key_prefix = prefix_;
  LoadDriver driver(options, [port] { return port; });

  std::atomic<bool> sampling{true};
  std::atomic<std::size_t> max_resident_kib{0};
  std::thread sampler([&] {
    while (sampling) {
      const std::size_t resident = resident_set_kib(pid);
      if (resident > max_resident_kib) {
        max_resident_kib = resident;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });

  std::thread load([&] { driver.post_all_once(); });
  const bool reached = poll_until([&] { return driver.finished_first_attempts() >= kFaultAfter; },
                                  std::chrono::seconds(60));
  LocalKafka::shared().stop();
  const bool load_done = poll_until([&] { return driver.finished_first_attempts() >= kDeliveries; },
                                    std::chrono::seconds(60));
  LocalKafka::shared().start();
  load.join();
  driver.retry_until_accepted(kRetryRounds, kRetryPause);
  sampling = false;
  sampler.join();

  std::size_t overloaded = 0;
  for (const DeliveryRecord& delivery : driver.deliveries()) {
    overloaded += delivery.first_body.find("\"overloaded\"") != std::string::npos ? 1 : 0;
  }
  const FaultRunCounts counts =
      count_fault_run(driver.deliveries(), read(topic_for("record.created")));
  std::cout << "[faults] overload: " << counts.summary() << " overloaded=" << overloaded
            << " max_rss_kib=" << max_resident_kib << std::endl;

  EXPECT_TRUE(reached) << "the load did not reach " << kFaultAfter << " deliveries";
  EXPECT_TRUE(load_done) << "the bridge did not answer every delivery while Kafka was down";
  EXPECT_GT(overloaded, 0u) << "no delivery was shed by the in-flight limit";
  EXPECT_GT(max_resident_kib.load(), 0u) << "VmRSS of the bridge could not be read";
  EXPECT_LT(max_resident_kib.load(), kMaxResidentKib);
  EXPECT_EQ(counts.accepted_missing, 0u) << "a delivery answered 200 is not in Kafka";
  EXPECT_EQ(counts.accepted_final, kDeliveries) << "a retried delivery was never accepted";
  EXPECT_EQ(counts.found_in_kafka, kDeliveries);
}

}  // namespace
}  // namespace bridge::testing
