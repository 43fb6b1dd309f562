#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "support/bridge_process.hpp"
#include "support/kafka_reader.hpp"

namespace bridge::testing {

// Base of the integration tests: a real Kafka broker (LocalKafka::shared()) and helpers to
// start the bridge binary against it. Every test uses its own topic prefix, so tests do not
// see each other's records even on a reused broker.
class IntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override;
  // Prints the bridge's log when the test failed, so a CI log shows why.
  void TearDown() override;

  // Starts the bridge with the fixture secret, the test's topic template and `extra_args`;
  // waits until it is ready (Kafka metadata received).
  BridgeProcess& start_bridge(const std::vector<std::string>& extra_args = {},
                              const std::map<std::string, std::string>& environment = {});

  // Posts `body` signed with the fixture secret to the webhook path.
  httplib::Result post_signed(const std::string& body, const std::string& idempotency_key,
                              const httplib::Headers& extra_headers = {});
  httplib::Result post(const std::string& body, const httplib::Headers& headers);

  std::vector<KafkaRecord> read(const std::string& topic) const;
  std::string topic_for(const std::string& event_type) const { return prefix_ + event_type; }
  const std::string& brokers() const { return LocalKafka::shared().brokers(); }

  std::string prefix_;  // e.g. "it.3f9a1c.AllFixturesArePublished."
  std::string dead_letter_topic_;
  std::unique_ptr<BridgeProcess> bridge_;
};

// A random lowercase hex string, for unique keys and topic names.
std::string random_token(std::size_t length = 10);

}  // namespace bridge::testing
