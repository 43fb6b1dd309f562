// Fault injection against the real broker: thousands of unique signed deliveries while the
// broker is stopped and started again, and a run without faults for producer duplicates.
#include <gtest/gtest.h>

#include <iostream>
#include <thread>

#include "support/fixtures.hpp"
#include "support/integration_fixture.hpp"
#include "support/load_driver.hpp"

namespace bridge::testing {
namespace {

using FaultsBrokerRestart = IntegrationTest;

constexpr std::size_t kDeliveries = 5000;
constexpr std::size_t kFaultAfter = 1000;
constexpr int kRetryRounds = 30;
constexpr std::chrono::milliseconds kRetryPause{500};

LoadDriver::Options load_options(const std::string& key_prefix) {
  LoadDriver::Options options;
  options.deliveries = kDeliveries;
  options.threads = 16;
  options.body = read_fixture("record.created.json");
  options.key_prefix = key_prefix;
  return options;
}

// Returns the value of the attio_bridge_kafka_up gauge, or an empty string.
std::string kafka_up_gauge(httplib::Client& admin) {
  const auto metrics = admin.Get("/metrics");
  if (!metrics) {
    return "";
  }
  const std::string name = "\nattio_bridge_kafka_up ";
  const std::size_t found = metrics->body.find(name);
  if (found == std::string::npos) {
    return "";
  }
  const std::size_t start = found + name.size();
  return metrics->body.substr(start, metrics->body.find('\n', start) - start);
}

// Returns the warn and error lines of a bridge log.
std::string warnings_and_errors(const std::string& log) {
  std::string selected;
  std::size_t start = 0;
  while (start < log.size()) {
    const std::size_t end = std::min(log.find('\n', start), log.size());
    const std::string_view line(log.data() + start, end - start);
    if (line.find("\"level\":\"warn\"") != std::string_view::npos ||
        line.find("\"level\":\"error\"") != std::string_view::npos) {
      selected.append(line).append("\n");
    }
    start = end + 1;
  }
  return selected;
}

TEST_F(FaultsBrokerRestart, AcceptedDeliveriesSurviveBrokerRestart) {
  start_bridge({"--ack-timeout=2000", "--http-threads=32"});
  const int port = bridge_->webhook_port();
  LoadDriver driver(load_options(prefix_), [port] { return port; });

  std::thread load([&] { driver.post_all_once(); });
  const bool reached = poll_until([&] { return driver.finished_first_attempts() >= kFaultAfter; },
                                  std::chrono::seconds(60));
  LocalKafka::shared().stop();
  // Let the outage last until the bridge reports it, so that deliveries meet it.
  httplib::Client admin("127.0.0.1", bridge_->admin_port());
  std::string readiness_body;
  const bool noticed = poll_until(
      [&] {
        const auto readiness = admin.Get("/readyz");
        readiness_body = readiness ? readiness->body : "";
        return readiness && readiness->status == 503;
      },
      std::chrono::seconds(30), std::chrono::milliseconds(200));
  const bool gauge_down = poll_until([&] { return kafka_up_gauge(admin) == "0"; },
                                     std::chrono::seconds(30), std::chrono::milliseconds(200));
  LocalKafka::shared().start();
  const bool recovered = poll_until(
      [&] {
        const auto readiness = admin.Get("/readyz");
        return readiness && readiness->status == 200 && kafka_up_gauge(admin) == "1";
      },
      std::chrono::seconds(60), std::chrono::milliseconds(200));
  load.join();
  driver.retry_until_accepted(kRetryRounds, kRetryPause);

  const FaultRunCounts counts =
      count_fault_run(driver.deliveries(), read(topic_for("record.created")));
  std::cout << "[faults] broker restart: " << counts.summary() << std::endl;
  EXPECT_TRUE(reached) << "the load did not reach " << kFaultAfter << " deliveries";
  EXPECT_TRUE(noticed) << "readiness did not turn 503 while the broker was stopped";
  EXPECT_NE(readiness_body.find("\"reason\":\"kafka_unreachable\""), std::string::npos)
      << readiness_body;
  EXPECT_TRUE(gauge_down) << "attio_bridge_kafka_up did not drop to 0";
  EXPECT_TRUE(recovered) << "the bridge did not turn ready again without a restart";
  EXPECT_EQ(counts.posted, kDeliveries);
  EXPECT_GT(counts.answered_503_first + counts.failed_first, 0u) << "no delivery met the outage";
  EXPECT_EQ(counts.accepted_missing, 0u) << "a delivery answered 200 is not in Kafka";
  EXPECT_EQ(counts.accepted_final, kDeliveries) << "a retried delivery was never accepted";
  EXPECT_EQ(counts.found_in_kafka, kDeliveries);
}

TEST_F(FaultsBrokerRestart, NoDuplicatesWithoutFaults) {
  start_bridge({"--http-threads=32"});
  const int port = bridge_->webhook_port();
  LoadDriver driver(load_options(prefix_), [port] { return port; });
  const auto started = std::chrono::steady_clock::now();
  driver.post_all_once();
  const auto posting_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::steady_clock::now() - started)
                              .count();

  const FaultRunCounts counts =
      count_fault_run(driver.deliveries(), read(topic_for("record.created")));
  std::cout << "[faults] no fault: " << counts.summary() << " posting_ms=" << posting_ms
            << std::endl;
  // NOTE: one run of eight on a loaded 2-core machine had 2 of 5000 first attempts end in
  // a client read error (connection closed without a response); the cause is not known.
  // Such deliveries are not accepted, so they do not weaken the guarantee checked here.
  EXPECT_EQ(counts.answered_503_first, 0u) << warnings_and_errors(bridge_->log_text());
  EXPECT_LE(counts.failed_first, kDeliveries / 1000) << warnings_and_errors(bridge_->log_text());
  EXPECT_EQ(counts.answered_200_first + counts.failed_first, kDeliveries);
  EXPECT_EQ(counts.accepted_missing, 0u) << "a delivery answered 200 is not in Kafka";
  EXPECT_GE(counts.found_in_kafka, counts.answered_200_first);
  EXPECT_EQ(counts.once_accepted_duplicated, 0u) << "the idempotent producer wrote a record twice";
  EXPECT_EQ(counts.duplicates, 0u);
}

}  // namespace
}  // namespace bridge::testing
