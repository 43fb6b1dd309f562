#include "bridge/normalize/cloud_event.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace bridge::normalize {
namespace {

constexpr std::string_view kTypePrefix = "com.attio.";
constexpr std::string_view kSourcePrefix = "urn:attio:workspace:";

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

void write_string(JsonWriter& writer, std::string_view text) {
  writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

void write_member(JsonWriter& writer, std::string_view name, std::string_view value) {
  write_string(writer, name);
  write_string(writer, value);
}

std::string concat(std::string_view prefix, std::string_view rest) {
  std::string text;
  text.reserve(prefix.size() + rest.size());
  text.append(prefix).append(rest);
  return text;
}

// Calls `add(name, slug)` for each known slug, with the extension name without prefix.
template <typename Add>
void for_each_slug(const std::optional<ResourceSlugs>& slugs, Add add) {
  if (!slugs) {
    return;
  }
  if (!slugs->object.empty()) {
    add("attioobject", slugs->object);
  }
  if (!slugs->list.empty()) {
    add("attiolist", slugs->list);
  }
  if (!slugs->attribute.empty()) {
    add("attioattribute", slugs->attribute);
  }
}

// Buffers above this size are freed after use, so that one large event does not stay
// allocated in every HTTP thread.
constexpr std::size_t kMaxKeptBufferBytes = 64 * 1024;

// A StringBuffer per thread, cleared before each use. Clear() keeps the capacity, so after
// the first few events a thread writes JSON without growing a fresh buffer.
rapidjson::StringBuffer& thread_buffer() {
  thread_local rapidjson::StringBuffer buffer;
  buffer.Clear();
  return buffer;
}

std::string take_text(rapidjson::StringBuffer& buffer) {
  std::string text(buffer.GetString(), buffer.GetSize());
  if (buffer.GetSize() > kMaxKeptBufferBytes) {
    buffer.Clear();
    buffer.ShrinkToFit();
  }
  return text;
}

std::string to_compact_json(const rapidjson::Value& value) {
  rapidjson::StringBuffer& buffer = thread_buffer();
  JsonWriter writer(buffer);
  value.Accept(writer);
  return take_text(buffer);
}

std::string to_structured_json(const CloudEventAttributes& attributes,
                               const rapidjson::Value& event) {
  rapidjson::StringBuffer& buffer = thread_buffer();
  JsonWriter writer(buffer);
  writer.StartObject();
  write_member(writer, "specversion", "1.0");
  write_member(writer, "id", attributes.id);
  write_member(writer, "source", concat(kSourcePrefix, attributes.workspace_id));
  write_member(writer, "type", concat(kTypePrefix, attributes.event_type));
  if (!attributes.subject.empty()) {
    write_member(writer, "subject", attributes.subject);
  }
  write_member(writer, "time", attributes.time);
  write_member(writer, "datacontenttype", "application/json");
  if (!attributes.webhook_id.empty()) {
    write_member(writer, "attiowebhookid", attributes.webhook_id);
  }
  write_member(writer, "attioworkspaceid", attributes.workspace_id);
  for_each_slug(attributes.slugs, [&writer](std::string_view name, std::string_view slug) {
    write_member(writer, name, slug);
  });
  write_string(writer, "data");
  event.Accept(writer);
  writer.EndObject();
  return take_text(buffer);
}

}  // namespace

void write_cloud_event(const CloudEventAttributes& attributes, const rapidjson::Value& event,
                       CloudEventsMode mode, publish::OutgoingMessage& message) {
  auto& headers = message.headers;
  if (mode == CloudEventsMode::kStructured) {
    message.value = to_structured_json(attributes, event);
    headers.emplace_back("content-type", "application/cloudevents+json; charset=utf-8");
    headers.emplace_back("attio-event-type", attributes.event_type);
    headers.emplace_back("attio-workspace-id", attributes.workspace_id);
    if (!attributes.webhook_id.empty()) {
      headers.emplace_back("attio-webhook-id", attributes.webhook_id);
    }
  } else {
    message.value = to_compact_json(event);
    headers.emplace_back("ce_specversion", "1.0");
    headers.emplace_back("ce_id", attributes.id);
    headers.emplace_back("ce_source", concat(kSourcePrefix, attributes.workspace_id));
    headers.emplace_back("ce_type", concat(kTypePrefix, attributes.event_type));
    if (!attributes.subject.empty()) {
      headers.emplace_back("ce_subject", attributes.subject);
    }
    headers.emplace_back("ce_time", attributes.time);
    if (!attributes.webhook_id.empty()) {
      headers.emplace_back("ce_attiowebhookid", attributes.webhook_id);
    }
    headers.emplace_back("ce_attioworkspaceid", attributes.workspace_id);
    for_each_slug(attributes.slugs, [&headers](std::string_view name, std::string_view slug) {
      headers.emplace_back(concat("ce_", name), slug);
    });
    headers.emplace_back("content-type", "application/json");
  }
  if (attributes.idempotency_key) {
    headers.emplace_back("idempotency-key", *attributes.idempotency_key);
  }
}

}  // namespace bridge::normalize
