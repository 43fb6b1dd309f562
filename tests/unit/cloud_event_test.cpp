#include "bridge/normalize/cloud_event.hpp"

#include <gtest/gtest.h>

#include "support/schema_validator.hpp"

namespace bridge::normalize {
namespace {

constexpr const char* kEvent =
    R"({"event_type":"record.created","id":{"workspace_id":"2d6f6bf9-cf2a-43b8-9a1c-ffa08523913e",)"
    R"("object_id":"f4187059-10e0-408a-b6b8-9a2fec29935a","record_id":"35d9cbae-c019-4312-879b-4e85629e2799"},)"
    R"("actor":{"type":"system","id":null}})";

struct Built {
  publish::OutgoingMessage message;
  rapidjson::Document value;
};

Built build(CloudEventsMode mode, std::optional<std::string_view> key = "key-1") {
  rapidjson::Document event;
  event.Parse(kEvent);
  const CloudEventAttributes attributes{
      "key-1",
      "record.created",
      "2d6f6bf9-cf2a-43b8-9a1c-ffa08523913e",
      "1ec9b4b0-b9e1-4eb5-93a9-1663279630cb",
      "objects/f4187059-10e0-408a-b6b8-9a2fec29935a/records/35d9cbae-c019-4312-879b-4e85629e2799",
      "2026-12-04T19:47:48.123Z",
      key};
  Built built;
  write_cloud_event(attributes, event, mode, built.message);
  built.value.Parse(built.message.value.c_str());
  return built;
}

std::string header(const publish::OutgoingMessage& message, const std::string& name) {
  for (const auto& [header_name, value] : message.headers) {
    if (header_name == name) {
      return value;
    }
  }
  return "<absent>";
}

TEST(CloudEvent, StructuredHasEveryAttribute) {
  const Built built = build(CloudEventsMode::kStructured);
  ASSERT_TRUE(built.value.IsObject());
  const auto& value = built.value;
  EXPECT_STREQ(value["specversion"].GetString(), "1.0");
  EXPECT_STREQ(value["id"].GetString(), "key-1");
  EXPECT_STREQ(value["type"].GetString(), "com.attio.record.created");
  EXPECT_STREQ(value["source"].GetString(),
               "urn:attio:workspace:2d6f6bf9-cf2a-43b8-9a1c-ffa08523913e");
  EXPECT_STREQ(value["subject"].GetString(),
               "objects/f4187059-10e0-408a-b6b8-9a2fec29935a/records/"
               "35d9cbae-c019-4312-879b-4e85629e2799");
  EXPECT_STREQ(value["time"].GetString(), "2026-12-04T19:47:48.123Z");
  EXPECT_STREQ(value["datacontenttype"].GetString(), "application/json");
  EXPECT_STREQ(value["attiowebhookid"].GetString(), "1ec9b4b0-b9e1-4eb5-93a9-1663279630cb");
  EXPECT_STREQ(value["attioworkspaceid"].GetString(), "2d6f6bf9-cf2a-43b8-9a1c-ffa08523913e");
}

TEST(CloudEvent, StructuredDataIsEventAsReceived) {
  const Built built = build(CloudEventsMode::kStructured);
  rapidjson::Document event;
  event.Parse(kEvent);
  EXPECT_TRUE(built.value["data"] == event);
}

TEST(CloudEvent, StructuredHeaders) {
  const Built built = build(CloudEventsMode::kStructured);
  EXPECT_EQ(header(built.message, "content-type"), "application/cloudevents+json; charset=utf-8");
  EXPECT_EQ(header(built.message, "attio-event-type"), "record.created");
  EXPECT_EQ(header(built.message, "attio-workspace-id"), "2d6f6bf9-cf2a-43b8-9a1c-ffa08523913e");
  EXPECT_EQ(header(built.message, "attio-webhook-id"), "1ec9b4b0-b9e1-4eb5-93a9-1663279630cb");
  EXPECT_EQ(header(built.message, "idempotency-key"), "key-1");
}

TEST(CloudEvent, StructuredValidatesAgainstSchema) {
  const testing::SchemaValidator validator("cloudevent.schema.json");
  EXPECT_EQ(validator.validate(build(CloudEventsMode::kStructured).message.value), "");
}

TEST(CloudEvent, NoIdempotencyKeyHeaderWithoutKey) {
  const Built built = build(CloudEventsMode::kStructured, std::nullopt);
  EXPECT_EQ(header(built.message, "idempotency-key"), "<absent>");
}

TEST(CloudEvent, BinaryValueIsEventObject) {
  const Built built = build(CloudEventsMode::kBinary);
  rapidjson::Document event;
  event.Parse(kEvent);
  EXPECT_TRUE(built.value == event);
}

TEST(CloudEvent, BinaryHeadersCarryAttributes) {
  const Built built = build(CloudEventsMode::kBinary);
  const auto& message = built.message;
  EXPECT_EQ(header(message, "ce_specversion"), "1.0");
  EXPECT_EQ(header(message, "ce_id"), "key-1");
  EXPECT_EQ(header(message, "ce_source"), "urn:attio:workspace:2d6f6bf9-cf2a-43b8-9a1c-ffa08523913e");
  EXPECT_EQ(header(message, "ce_type"), "com.attio.record.created");
  EXPECT_EQ(header(message, "ce_subject"),
            "objects/f4187059-10e0-408a-b6b8-9a2fec29935a/records/"
            "35d9cbae-c019-4312-879b-4e85629e2799");
  EXPECT_EQ(header(message, "ce_time"), "2026-12-04T19:47:48.123Z");
  EXPECT_EQ(header(message, "ce_attiowebhookid"), "1ec9b4b0-b9e1-4eb5-93a9-1663279630cb");
  EXPECT_EQ(header(message, "ce_attioworkspaceid"), "2d6f6bf9-cf2a-43b8-9a1c-ffa08523913e");
  EXPECT_EQ(header(message, "content-type"), "application/json");
}

TEST(CloudEvent, OmitsWebhookIdWhenUnknown) {
  rapidjson::Document event;
  event.Parse(kEvent);
  CloudEventAttributes attributes{"id", "record.created", "w", "", "s", "t", std::nullopt};
  publish::OutgoingMessage message;
  write_cloud_event(attributes, event, CloudEventsMode::kStructured, message);
  rapidjson::Document value;
  value.Parse(message.value.c_str());
  EXPECT_FALSE(value.HasMember("attiowebhookid"));
  EXPECT_EQ(header(message, "attio-webhook-id"), "<absent>");
}

}  // namespace
}  // namespace bridge::normalize
