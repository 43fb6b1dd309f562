#include "support/integration_fixture.hpp"

#include <cstdio>
#include <random>

#include "bridge/verify/signature.hpp"
#include "support/fixtures.hpp"

namespace bridge::testing {

std::string random_token(std::size_t length) {
  static thread_local std::mt19937_64 generator{std::random_device{}()};
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string token;
  for (std::size_t i = 0; i < length; ++i) {
    token.push_back(kDigits[generator() % 16]);
  }
  return token;
}

void IntegrationTest::SetUp() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  prefix_ = "it." + random_token(6) + "." + info->name() + ".";
  dead_letter_topic_ = prefix_ + "dead-letter";
}

void IntegrationTest::TearDown() {
  if (HasFailure() && bridge_) {
    const std::string log = bridge_->log_text();
    constexpr std::size_t kTailBytes = 8000;
    std::fprintf(stderr, "--- last %zu bytes of the bridge log:\n%s\n", kTailBytes,
                 log.substr(log.size() > kTailBytes ? log.size() - kTailBytes : 0).c_str());
  }
}

BridgeProcess& IntegrationTest::start_bridge(const std::vector<std::string>& extra_args,
                                             const std::map<std::string, std::string>& environment) {
  std::vector<std::string> args = {"serve",
                                   "--listen=127.0.0.1:0",
                                   "--admin-listen=127.0.0.1:0",
                                   std::string("--secret=") + kFixtureSecret,
                                   "--kafka-brokers=" + brokers(),
                                   "--topic-template=" + prefix_ + "{event_type}",
                                   "--dead-letter-topic=" + dead_letter_topic_,
                                   "--shutdown-grace=0"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  bridge_ = std::make_unique<BridgeProcess>(args, environment);
  if (!bridge_->wait_until_started()) {
    ADD_FAILURE() << "the bridge did not start; its log:\n" << bridge_->log_text();
  } else if (!bridge_->wait_until_ready()) {
    ADD_FAILURE() << "the bridge did not become ready; its log:\n" << bridge_->log_text();
  }
  return *bridge_;
}

httplib::Result IntegrationTest::post(const std::string& body, const httplib::Headers& headers) {
  httplib::Client client("127.0.0.1", bridge_->webhook_port());
  client.set_read_timeout(30);
  return client.Post("/webhooks/attio", headers, body, "application/json");
}

httplib::Result IntegrationTest::post_signed(const std::string& body,
                                             const std::string& idempotency_key,
                                             const httplib::Headers& extra_headers) {
  httplib::Headers headers = extra_headers;
  headers.emplace("Attio-Signature", verify::compute_signature(verify::Secret(kFixtureSecret), body));
  if (!idempotency_key.empty()) {
    headers.emplace("Idempotency-Key", idempotency_key);
  }
  return post(body, headers);
}

std::vector<KafkaRecord> IntegrationTest::read(const std::string& topic) const {
  return read_topic(brokers(), topic);
}

}  // namespace bridge::testing
