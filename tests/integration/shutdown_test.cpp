// Lifecycle of the bridge process: SIGTERM drains and exits 0, a second signal exits at
// once, and a fatal producer error ends the process with a non-zero status.
#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <signal.h>

#include "support/fixtures.hpp"
#include "support/integration_fixture.hpp"
#include "support/load_driver.hpp"

namespace bridge::testing {
namespace {

using Shutdown = IntegrationTest;

// Kafka protocol API key of InitProducerId, the request an idempotent producer sends first.
constexpr int16_t kInitProducerIdApiKey = 22;

int readiness_status(int admin_port) {
  httplib::Client admin("127.0.0.1", admin_port);
  const auto response = admin.Get("/readyz");
  return response ? response->status : 0;
}

TEST_F(Shutdown, SigtermDrainsThenExitsZero) {
  start_bridge({"--shutdown-grace=5000"});
  const std::string body = read_fixture("record.deleted.json");
  bridge_->send_signal(SIGTERM);

  httplib::Client admin("127.0.0.1", bridge_->admin_port());
  std::string readiness_body;
  EXPECT_TRUE(poll_until(
      [&] {
        const auto response = admin.Get("/readyz");
        readiness_body = response ? response->body : "";
        return response && response->status == 503;
      },
      std::chrono::seconds(5)));
  EXPECT_NE(readiness_body.find("\"reason\":\"draining\""), std::string::npos) << readiness_body;

  // The listener stays open during the grace period, so a delivery is still accepted.
  const auto during_grace = post_signed(body, "during-grace-" + random_token());
  ASSERT_TRUE(during_grace);
  EXPECT_EQ(during_grace->status, 200);

  EXPECT_EQ(bridge_->wait_for_exit(std::chrono::seconds(60)), std::optional<int>(0))
      << bridge_->log_text();
  const std::string log = bridge_->log_text();
  EXPECT_NE(log.find("shutting down: readiness is now 503"), std::string::npos);
  EXPECT_NE(log.find("\"unacknowledged_records\":0"), std::string::npos);
}

TEST_F(Shutdown, SecondSignalExitsAtOnce) {
  start_bridge({"--shutdown-grace=60000"});
  bridge_->send_signal(SIGTERM);
  EXPECT_TRUE(poll_until([&] { return readiness_status(bridge_->admin_port()) == 503; },
                         std::chrono::seconds(5)));

  bridge_->send_signal(SIGINT);
  // Well inside the 60 s grace period: only the second signal can end it this soon.
  EXPECT_EQ(bridge_->wait_for_exit(std::chrono::seconds(20)), std::optional<int>(1));
  EXPECT_NE(bridge_->log_text().find("second shutdown signal"), std::string::npos);
}

// librdkafka's mock cluster, on 127.0.0.1 in this process, rejects the bridge's
// InitProducerId with CLUSTER_AUTHORIZATION_FAILED, which librdkafka 2.0 treats as a fatal
// error for an idempotent producer.
TEST_F(Shutdown, FatalProducerErrorExitsNonZero) {
  char error[256];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  ASSERT_EQ(rd_kafka_conf_set(conf, "log_level", "0", error, sizeof error), RD_KAFKA_CONF_OK);
  rd_kafka_t* mock_owner = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
  ASSERT_NE(mock_owner, nullptr) << error;
  rd_kafka_mock_cluster_t* cluster = rd_kafka_mock_cluster_new(mock_owner, 1);
  ASSERT_NE(cluster, nullptr);
  rd_kafka_mock_push_request_errors(cluster, kInitProducerIdApiKey, 1,
                                    RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED);

  BridgeProcess bridge({"serve", "--listen=127.0.0.1:0", "--admin-listen=127.0.0.1:0",
                        std::string("--secret=") + kFixtureSecret,
                        std::string("--kafka-brokers=") + rd_kafka_mock_cluster_bootstraps(cluster),
                        "--shutdown-grace=60000"});
  const std::optional<int> status = bridge.wait_for_exit(std::chrono::seconds(30));
  rd_kafka_mock_cluster_destroy(cluster);
  rd_kafka_destroy(mock_owner);

  EXPECT_EQ(status, std::optional<int>(1)) << bridge.log_text();
  EXPECT_NE(bridge.log_text().find("Kafka producer hit a fatal error; the bridge must restart"),
            std::string::npos);
}

}  // namespace
}  // namespace bridge::testing
