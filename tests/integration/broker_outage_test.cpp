// Kafka stopped under the bridge: deliveries get 503 with Retry-After, readiness turns 503,
// and after the broker comes back the same delivery is accepted without restarting the bridge.
#include <gtest/gtest.h>

#include <thread>

#include "support/fixtures.hpp"
#include "support/integration_fixture.hpp"

namespace bridge::testing {
namespace {

using BrokerOutage = IntegrationTest;

constexpr int kMaxAttempts = 60;

TEST_F(BrokerOutage, Answers503ThenAcceptsSameDeliveryAfterRestart) {
  start_bridge({"--ack-timeout=3000"});
  const std::string body = read_fixture("record.deleted.json");
  // The first record creates the topic, which can take longer than the ack timeout on a
  // loaded machine; Attio would retry, and so does the test (bounded).
  int first_status = 0;
  for (int attempt = 0; attempt < 10 && first_status != 200; ++attempt) {
    const auto first = post_signed(body, "before-outage");
    first_status = first ? first->status : 0;
  }
  ASSERT_EQ(first_status, 200);

  LocalKafka::shared().stop();
  const auto during = post_signed(body, "during-outage");
  ASSERT_TRUE(during);
  EXPECT_EQ(during->status, 503);
  EXPECT_TRUE(during->has_header("Retry-After"));
  EXPECT_GT(std::stoi(during->get_header_value("Retry-After")), 0);
  EXPECT_NE(during->body.find("\"error\":\"kafka_unavailable\""), std::string::npos);

  httplib::Client admin("127.0.0.1", bridge_->admin_port());
  int readiness = 0;
  for (int attempt = 0; attempt < kMaxAttempts && readiness != 503; ++attempt) {
    readiness = admin.Get("/readyz")->status;
    if (readiness != 503) {
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
  }
  EXPECT_EQ(readiness, 503);

  LocalKafka::shared().start();
  // Retry like Attio does until the bridge returns 200; bounded by kMaxAttempts.
  int status = 0;
  std::size_t attempts = 1;
  for (int attempt = 0; attempt < kMaxAttempts && status != 200; ++attempt) {
    ++attempts;
    const auto retry = post_signed(body, "during-outage");
    status = retry ? retry->status : 0;
    if (status != 200) {
      EXPECT_EQ(status, 503) << "only 503 may come before the broker is back";
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
  }
  EXPECT_EQ(status, 200);

  // Records produced by attempts that got 503 stay queued in the producer and may arrive
  // too: each has the same key, and consumers deduplicate by key.
  std::size_t found = 0;
  for (const KafkaRecord& record : read(topic_for("record.deleted"))) {
    found += record.key == "during-outage" ? 1 : 0;
  }
  EXPECT_GE(found, 1u);
  EXPECT_LE(found, attempts);
}

}  // namespace
}  // namespace bridge::testing
