#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <memory>
#include <string>
#include <variant>

#include "bridge/enrich/attio_slug_source.hpp"
#include "bridge/enrich/slug_resolver.hpp"
#include "bridge/pipeline/delivery_pipeline.hpp"
#include "bridge/route/routes_file.hpp"
#include "support/enrich_support.hpp"
#include "support/fake_attio_server.hpp"
#include "support/pipeline_harness.hpp"
#include "support/recording_publisher.hpp"

namespace bridge::testing {
namespace {

constexpr const char* kWorkspaceId = "2d6f6bf9-cf2a-43b8-9a1c-ffa08523913e";
constexpr const char* kDealsId = "088cae00-d899-4262-8751-8b9a7626918e";
constexpr const char* kStageId = "41252299-f8c7-4b5e-99c9-4ff8321d2f96";
constexpr const char* kSalesListId = "33ebdbe9-e529-47c9-b894-0ba25e9c15c0";
constexpr const char* kPeopleId = "f4187059-10e0-408a-b6b8-9a2fec29935a";

std::string deal_updated_ids() {
  return std::string(R"({"workspace_id":")") + kWorkspaceId + R"(","object_id":")" + kDealsId +
         R"(","record_id":"35d9cbae-c019-4312-879b-4e85629e2799","attribute_id":")" + kStageId +
         R"("})";
}

std::string list_entry_delivery() {
  return std::string(R"({"webhook_id":"1ec9b4b0-b9e1-4eb5-93a9-1663279630cb","events":[)") +
         R"({"event_type":"list-entry.updated","id":{"workspace_id":")" + kWorkspaceId +
         R"(","list_id":")" + kSalesListId +
         R"(","entry_id":"5b5ee9d8-2a84-4e5f-a1b1-4c1c3b2bc1a2","attribute_id":")" + kStageId +
         R"("},"parent_object_id":")" + kPeopleId +
         R"(","parent_record_id":"35d9cbae-c019-4312-879b-4e85629e2799",)" +
         R"("actor":{"type":"system","id":null}}]})";
}

route::TopicTemplate slug_template(const std::string& text) {
  return std::get<route::TopicTemplate>(route::TopicTemplate::parse(text, /*allow_slugs=*/true));
}

verify::SecretList test_secrets() {
  verify::SecretList secrets;
  secrets.emplace_back(std::string(kTestSecret));
  return secrets;
}

// A DeliveryPipeline whose router resolves slugs through a fake Attio API.
struct EnrichedPipeline {
  explicit EnrichedPipeline(
      normalize::CloudEventsMode mode = normalize::CloudEventsMode::kStructured,
      std::vector<route::RouteRule> rules = {}) {
    server.add_object(kDealsId, "deals");
    server.add_object(kPeopleId, "people");
    server.add_list(kSalesListId, "sales");
    server.add_attribute("objects", kDealsId, kStageId, "stage");
    server.add_attribute("lists", kSalesListId, kStageId, "list_stage");
    enrich::ResolverSettings settings;
    settings.warm_up = false;
    resolver = std::make_unique<enrich::SlugResolver>(
        settings, std::make_unique<enrich::AttioSlugSource>(fake_api_settings(server.base_url())),
        metrics);
    router = std::make_unique<route::Router>(slug_template("crm.{object}.{event_type}"),
                                             std::move(rules), resolver.get());
    pipeline::PipelineSettings pipeline_settings;
    pipeline_settings.cloudevents_mode = mode;
    pipeline = std::make_unique<pipeline::DeliveryPipeline>(pipeline_settings, secrets, *router,
                                                            publisher, metrics);
  }

  pipeline::DeliveryResult deliver(const std::string& body) {
    const std::string signature = sign(body);
    pipeline::DeliveryRequest request;
    request.body = body;
    request.signature = signature;
    request.idempotency_key = "delivery-1";
    request.content_type = "application/json";
    request.received_at = std::chrono::system_clock::now();
    return pipeline->handle(request);
  }

  test::FakeAttioServer server{"test-key"};
  metrics::BridgeMetrics metrics{"test"};
  verify::SecretStore secrets{test_secrets()};
  RecordingPublisher publisher;
  std::unique_ptr<enrich::SlugResolver> resolver;
  std::unique_ptr<route::Router> router;
  std::unique_ptr<pipeline::DeliveryPipeline> pipeline;
};

rapidjson::Document value_of(const publish::OutgoingMessage& message) {
  rapidjson::Document document;
  document.Parse(message.value.c_str());
  return document;
}

TEST(EnrichedPipeline, FirstEventWithoutSlugLaterWithSlug) {
  EnrichedPipeline enriched;
  const std::string body = one_event_delivery("record.updated", deal_updated_ids());

  ASSERT_EQ(enriched.deliver(body).outcome, pipeline::Outcome::kAccepted);
  ASSERT_EQ(enriched.publisher.messages().size(), 1u);
  const publish::OutgoingMessage first = enriched.publisher.messages()[0];
  EXPECT_EQ(first.topic, std::string("crm.") + kDealsId + ".record.updated");
  const rapidjson::Document first_value = value_of(first);
  EXPECT_FALSE(first_value.HasMember("attioobject"));
  EXPECT_FALSE(first_value.HasMember("attioattribute"));

  ASSERT_TRUE(eventually([&] { return enriched.resolver->completed_fetches() == 2; }));
  ASSERT_EQ(enriched.deliver(body).outcome, pipeline::Outcome::kAccepted);
  ASSERT_EQ(enriched.publisher.messages().size(), 2u);
  const publish::OutgoingMessage second = enriched.publisher.messages()[1];
  EXPECT_EQ(second.topic, "crm.deals.record.updated");
  const rapidjson::Document second_value = value_of(second);
  ASSERT_TRUE(second_value.HasMember("attioobject"));
  EXPECT_STREQ(second_value["attioobject"].GetString(), "deals");
  ASSERT_TRUE(second_value.HasMember("attioattribute"));
  EXPECT_STREQ(second_value["attioattribute"].GetString(), "stage");
  EXPECT_FALSE(second_value.HasMember("attiolist"));
}

TEST(EnrichedPipeline, BinaryModeHeaders) {
  EnrichedPipeline enriched(normalize::CloudEventsMode::kBinary);
  const std::string body = list_entry_delivery();
  ASSERT_EQ(enriched.deliver(body).outcome, pipeline::Outcome::kAccepted);
  // parent_object_id, list_id and the list attribute.
  ASSERT_TRUE(eventually([&] { return enriched.resolver->completed_fetches() == 3; }));
  ASSERT_EQ(enriched.deliver(body).outcome, pipeline::Outcome::kAccepted);

  ASSERT_EQ(enriched.publisher.messages().size(), 2u);
  const publish::OutgoingMessage first = enriched.publisher.messages()[0];
  EXPECT_EQ(header_value(first, "ce_attiolist"), "");
  const publish::OutgoingMessage message = enriched.publisher.messages()[1];
  EXPECT_EQ(message.topic, "crm.people.list-entry.updated");
  EXPECT_EQ(header_value(message, "ce_attioobject"), "people");
  EXPECT_EQ(header_value(message, "ce_attiolist"), "sales");
  EXPECT_EQ(header_value(message, "ce_attioattribute"), "list_stage");
}

TEST(EnrichedPipeline, HangingApiDoesNotDelayPublishing) {
  EnrichedPipeline enriched;
  enriched.server.block_requests();
  const std::string body = one_event_delivery("record.updated", deal_updated_ids());

  ASSERT_EQ(enriched.deliver(body).outcome, pipeline::Outcome::kAccepted);
  ASSERT_TRUE(eventually([&] { return enriched.server.held_requests() == 1; }));
  // Attio delays the fetch, yet the next delivery is published at once without slugs.
  ASSERT_EQ(enriched.deliver(body).outcome, pipeline::Outcome::kAccepted);
  EXPECT_EQ(enriched.server.held_requests(), 1u);
  ASSERT_EQ(enriched.publisher.messages().size(), 2u);
  EXPECT_FALSE(value_of(enriched.publisher.messages()[1]).HasMember("attioobject"));
  EXPECT_EQ(
      counter_value(enriched.metrics, "attio_bridge_enrichment_misses_total", "kind", "object"), 2);
  enriched.server.unblock_requests();
}

TEST(EnrichedPipeline, RouteMatchesObjectSlug) {
  const std::vector<route::RouteRule> rules = route::parse_routes(
      "routes:\n"
      "  - match: {object: deals, attribute: stage}\n"
      "    topic: \"crm.deal-stages\"\n",
      "routes.yaml", /*slug_lookup_available=*/true);
  EnrichedPipeline enriched(normalize::CloudEventsMode::kStructured, rules);
  const std::string body = one_event_delivery("record.updated", deal_updated_ids());

  ASSERT_EQ(enriched.deliver(body).outcome, pipeline::Outcome::kAccepted);
  ASSERT_TRUE(eventually([&] { return enriched.resolver->completed_fetches() == 2; }));
  ASSERT_EQ(enriched.deliver(body).outcome, pipeline::Outcome::kAccepted);

  ASSERT_EQ(enriched.publisher.messages().size(), 2u);
  // Before the slugs are known the rule cannot match, so the default template applies.
  EXPECT_EQ(enriched.publisher.messages()[0].topic,
            std::string("crm.") + kDealsId + ".record.updated");
  EXPECT_EQ(enriched.publisher.messages()[1].topic, "crm.deal-stages");
}

}  // namespace
}  // namespace bridge::testing
