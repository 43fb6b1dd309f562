// The bridge binary against a real Kafka broker: signed fixture deliveries in, CloudEvents
// read back from their topics.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <cstdio>
#include <regex>
#include <set>

#include "bridge/verify/signature.hpp"
#include "support/fixtures.hpp"
#include "support/integration_fixture.hpp"
#include "support/schema_validator.hpp"

namespace bridge::testing {
namespace {

rapidjson::Document parse_json(const std::string& text) {
  rapidjson::Document document;
  document.Parse(text.c_str(), text.size());
  return document;
}

std::vector<KafkaRecord> records_with_key(const std::vector<KafkaRecord>& records,
                                          const std::string& key) {
  std::vector<KafkaRecord> found;
  for (const KafkaRecord& record : records) {
    if (record.key == key) {
      found.push_back(record);
    }
  }
  return found;
}

using WebhookToKafka = IntegrationTest;

TEST_F(WebhookToKafka, EveryFixtureIsPublishedAsCloudEvent) {
  start_bridge();
  const SchemaValidator validator("cloudevent.schema.json");
  const std::string run = random_token();
  const std::vector<std::string> fixtures = single_event_fixture_names();
  ASSERT_EQ(fixtures.size(), 34u);

  for (const std::string& fixture : fixtures) {
    const auto response = post_signed(read_fixture(fixture), run + "-" + fixture);
    ASSERT_TRUE(response) << fixture;
    EXPECT_EQ(response->status, 200) << fixture << ": " << response->body;
    EXPECT_EQ(response->body, R"({"status":"accepted","events":1})") << fixture;
  }

  std::vector<std::string> topics;
  for (const std::string& fixture : fixtures) {
    topics.push_back(topic_for(fixture.substr(0, fixture.size() - std::string(".json").size())));
  }
  const std::vector<KafkaRecord> all_records = read_topics(brokers(), topics);

  int validated = 0;
  for (const std::string& fixture : fixtures) {
    const rapidjson::Document delivery = parse_json(read_fixture(fixture));
    const rapidjson::Value& event = delivery["events"][0];
    const std::string event_type = event["event_type"].GetString();
    const std::string workspace_id = event["id"]["workspace_id"].GetString();
    const std::string key = run + "-" + fixture;

    const auto records = records_with_key(all_records, key);
    ASSERT_EQ(records.size(), 1u) << fixture << " in topic " << topic_for(event_type);
    const KafkaRecord& record = records.front();
    EXPECT_EQ(record.topic, topic_for(event_type));
    EXPECT_EQ(record.header("content-type"), "application/cloudevents+json; charset=utf-8");
    EXPECT_EQ(record.header("attio-event-type"), event_type);
    EXPECT_EQ(record.header("attio-workspace-id"), workspace_id);
    EXPECT_EQ(record.header("attio-webhook-id"), delivery["webhook_id"].GetString());
    EXPECT_EQ(record.header("idempotency-key"), key);

    const rapidjson::Document cloud_event = parse_json(record.value);
    ASSERT_TRUE(cloud_event.IsObject()) << fixture;
    EXPECT_STREQ(cloud_event["specversion"].GetString(), "1.0");
    EXPECT_EQ(cloud_event["id"].GetString(), key);
    EXPECT_EQ(cloud_event["type"].GetString(), "com.attio." + event_type);
    EXPECT_EQ(cloud_event["source"].GetString(), "urn:attio:workspace:" + workspace_id);
    EXPECT_TRUE(cloud_event["data"] == event) << fixture;
    EXPECT_EQ(validator.validate(record.value), "") << fixture;
    ++validated;
  }
  EXPECT_EQ(validated, 34);
  std::printf("schema-validated CloudEvents: %d\n", validated);
}

TEST_F(WebhookToKafka, BatchDeliveryPublishesEachEventWithIndexedKey) {
  start_bridge();
  const std::string key = "batch-" + random_token();
  const auto response = post_signed(read_fixture("batch-3-events.json"), key);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, R"({"status":"accepted","events":3})");

  EXPECT_EQ(records_with_key(read(topic_for("record.created")), key + ":0").size(), 1u);
  EXPECT_EQ(records_with_key(read(topic_for("list-entry.created")), key + ":1").size(), 1u);
  EXPECT_EQ(records_with_key(read(topic_for("record.updated")), key + ":2").size(), 1u);
}

TEST_F(WebhookToKafka, BadSignaturePublishesNothing) {
  start_bridge();
  const std::string body = read_fixture("record.created.json");
  const auto wrong = post(body, {{"Attio-Signature", std::string(64, 'a')},
                                 {"Idempotency-Key", "wrong-signature"}});
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 401);
  EXPECT_EQ(wrong->body, R"({"error":"invalid_signature"})");

  const auto missing = post(body, {{"Idempotency-Key", "missing-signature"}});
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 401);
  EXPECT_EQ(missing->body, R"({"error":"missing_signature"})");

  // A good delivery afterwards proves the topic is read correctly.
  const auto good = post_signed(body, "good-signature");
  ASSERT_TRUE(good);
  EXPECT_EQ(good->status, 200);
  const auto records = read(topic_for("record.created"));
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records.front().key, "good-signature");
  EXPECT_TRUE(read(dead_letter_topic_).empty());
}

TEST_F(WebhookToKafka, LegacySignatureHeaderIsAccepted) {
  start_bridge();
  const std::string body = read_fixture("task.created.json");
  const auto response = post(body, {{"X-Attio-Signature", read_fixture("signed/record.created.sig")}});
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 401);
  const auto signed_response =
      post(body, httplib::Headers{
                     {"X-Attio-Signature",
                      verify::compute_signature(verify::Secret(kFixtureSecret), body)},
                     {"Idempotency-Key", "legacy-header"}});
  ASSERT_TRUE(signed_response);
  EXPECT_EQ(signed_response->status, 200);
  EXPECT_EQ(records_with_key(read(topic_for("task.created")), "legacy-header").size(), 1u);
}

TEST_F(WebhookToKafka, DeliveryWithoutKeyGetsUuidV7) {
  start_bridge();
  const auto response = post_signed(read_fixture("note.created.json"), "");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  const auto records = read(topic_for("note.created"));
  ASSERT_EQ(records.size(), 1u);
  static const std::regex kUuidV7("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  EXPECT_TRUE(std::regex_match(records.front().key, kUuidV7)) << records.front().key;
  EXPECT_EQ(records.front().header("idempotency-key"), "");
}

TEST_F(WebhookToKafka, BinaryModeCarriesAttributesInHeaders) {
  start_bridge({"--cloudevents-mode=binary"});
  const std::string body = read_fixture("list-entry.updated.json");
  const auto response = post_signed(body, "binary-1");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  const auto records = records_with_key(read(topic_for("list-entry.updated")), "binary-1");
  ASSERT_EQ(records.size(), 1u);
  const KafkaRecord& record = records.front();
  const rapidjson::Document delivery = parse_json(body);
  EXPECT_TRUE(parse_json(record.value) == delivery["events"][0]);
  EXPECT_EQ(record.header("ce_specversion"), "1.0");
  EXPECT_EQ(record.header("ce_id"), "binary-1");
  EXPECT_EQ(record.header("ce_type"), "com.attio.list-entry.updated");
  EXPECT_EQ(record.header("ce_subject"),
            std::string("lists/") + delivery["events"][0]["id"]["list_id"].GetString() +
                "/entries/" + delivery["events"][0]["id"]["entry_id"].GetString());
  EXPECT_EQ(record.header("content-type"), "application/json");
}

TEST_F(WebhookToKafka, SubjectPartitionKeyKeysBySubject) {
  start_bridge({"--partition-key=subject"});
  const std::string body = read_fixture("task.updated.json");
  const auto response = post_signed(body, "subject-key");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  const auto records = read(topic_for("task.updated"));
  ASSERT_EQ(records.size(), 1u);
  const rapidjson::Document delivery = parse_json(body);
  EXPECT_EQ(records.front().key,
            std::string("tasks/") + delivery["events"][0]["id"]["task_id"].GetString());
}

TEST_F(WebhookToKafka, InvalidJsonIsDeadLetteredUnchanged) {
  start_bridge();
  const std::string body = "{\"webhook_id\": \"w\", \"events\": [";
  const auto response = post_signed(body, "dead-letter-1");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 202);
  EXPECT_EQ(response->body, R"({"status":"dead-lettered"})");
  const auto records = read(dead_letter_topic_);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records.front().value, body);
  EXPECT_EQ(records.front().key, "dead-letter-1");
  EXPECT_EQ(records.front().header("error"), "invalid_json");
  EXPECT_EQ(records.front().header("idempotency-key"), "dead-letter-1");
}

TEST_F(WebhookToKafka, MetricsScrapePassesPromtool) {
  start_bridge();
  ASSERT_EQ(post_signed(read_fixture("record.created.json"), "metrics-1")->status, 200);
  ASSERT_EQ(post(read_fixture("record.created.json"), {{"Attio-Signature", "00"}})->status, 401);

  httplib::Client admin("127.0.0.1", bridge_->admin_port());
  const auto metrics = admin.Get("/metrics");
  ASSERT_TRUE(metrics);
  ASSERT_EQ(metrics->status, 200);
  EXPECT_NE(metrics->body.find("attio_bridge_http_requests_total{code=\"200\"} 1"),
            std::string::npos);
  EXPECT_NE(metrics->body.find("attio_bridge_events_published_total{event_type=\"record.created\"} 1"),
            std::string::npos);
  EXPECT_NE(metrics->body.find("attio_bridge_signature_failures_total{reason=\"invalid\"} 1"),
            std::string::npos);

  const std::string path = ::testing::TempDir() + "metrics-" + random_token() + ".txt";
  std::FILE* file = std::fopen(path.c_str(), "w");
  std::fwrite(metrics->body.data(), 1, metrics->body.size(), file);
  std::fclose(file);
  const int status = std::system(("promtool check metrics < " + path + " 2>&1").c_str());
  EXPECT_EQ(status, 0) << "promtool check metrics failed on the live scrape";
  std::remove(path.c_str());
}

}  // namespace
}  // namespace bridge::testing
