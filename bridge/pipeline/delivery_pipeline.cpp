#include "bridge/pipeline/delivery_pipeline.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <variant>

#include "bridge/log/logger.hpp"
#include "bridge/normalize/event_id.hpp"
#include "bridge/normalize/event_types.hpp"
#include "bridge/normalize/subject.hpp"
#include "bridge/parse/delivery_parser.hpp"
#include "bridge/parse/event_fields.hpp"
#include "bridge/util/time_format.hpp"

namespace bridge::pipeline {
namespace {

std::string to_compact_json(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return {buffer.GetString(), buffer.GetSize()};
}

// Builds a dead letter: the unusable input unchanged, with the reason in the `error` header.
publish::OutgoingMessage make_dead_letter(const std::string& topic, std::string key,
                                          std::string value, std::string_view reason,
                                          std::string_view webhook_id,
                                          std::optional<std::string_view> idempotency_key,
                                          std::string_view content_type) {
  publish::OutgoingMessage message;
  message.topic = topic;
  message.key = std::move(key);
  message.value = std::move(value);
  message.dead_letter = true;
  message.dead_letter_reason = reason;
  message.headers.emplace_back("error", reason);
  if (!webhook_id.empty()) {
    message.headers.emplace_back("attio-webhook-id", webhook_id);
  }
  if (idempotency_key) {
    message.headers.emplace_back("idempotency-key", *idempotency_key);
  }
  if (!content_type.empty()) {
    message.headers.emplace_back("content-type", content_type);
  }
  return message;
}

}  // namespace

DeliveryResult DeliveryPipeline::handle(const DeliveryRequest& request) const {
  // Verify: nothing unverified is parsed or published.
  const auto secrets = secrets_.snapshot();
  switch (verify::check_signature(secrets, request.body, request.signature)) {
    case verify::SignatureCheck::kMissing:
      metrics_.count_signature_failure("missing");
      return {Outcome::kMissingSignature, 0, 0, 0, "missing_signature"};
    case verify::SignatureCheck::kInvalid:
      metrics_.count_signature_failure("invalid");
      return {Outcome::kInvalidSignature, 0, 0, 0, "invalid_signature"};
    case verify::SignatureCheck::kValid:
      break;
  }

  if (request.idempotency_key && !normalize::is_valid_idempotency_key(*request.idempotency_key)) {
    return {Outcome::kInvalidIdempotencyKey, 0, 0, 0, "invalid_idempotency_key"};
  }
  if (!request.idempotency_key) {
    metrics_.count_missing_idempotency_key();
  }

  // Parse: a verified body that is not a delivery goes to the dead-letter topic unchanged.
  auto parsed = parse::parse_delivery(request.body);
  if (auto* error = std::get_if<parse::DeliveryError>(&parsed)) {
    const std::string_view reason = parse::to_reason(*error);
    std::string key = request.idempotency_key
                          ? std::string(*request.idempotency_key)
                          : normalize::make_event_id(std::nullopt, 0, 1, request.received_at);
    log::warn("delivery is not usable; writing it to the dead-letter topic",
              {{"reason", reason}, {"key", key}, {"bytes", request.body.size()}});
    std::vector<publish::OutgoingMessage> messages;
    messages.push_back(make_dead_letter(settings_.dead_letter_topic, std::move(key),
                                        std::string(request.body), reason, {},
                                        request.idempotency_key, request.content_type));
    DeliveryResult result =
        publish(messages, {Outcome::kDeadLettered, 0, 1, 0, std::string(reason)});
    return result;
  }
  const parse::Delivery& delivery = std::get<parse::Delivery>(parsed);

  // Normalize and route each event.
  const std::size_t event_count = delivery.event_count();
  const std::string time = util::format_rfc3339_millis(request.received_at);
  std::vector<publish::OutgoingMessage> messages;
  messages.reserve(event_count);
  DeliveryResult result{Outcome::kAccepted, event_count, 0, 0, {}};

  for (std::size_t index = 0; index < event_count; ++index) {
    const rapidjson::Value& event = delivery.event(index);
    std::string event_id =
        normalize::make_event_id(request.idempotency_key, index, event_count, request.received_at);

    const auto fields_or_error = parse::read_event_fields(event);
    if (const auto* error = std::get_if<parse::EventError>(&fields_or_error)) {
      const std::string_view reason = parse::to_reason(*error);
      metrics_.count_event_received("other");
      log::warn("event is not usable; writing it to the dead-letter topic",
                {{"reason", reason}, {"event_id", event_id}, {"webhook_id", delivery.webhook_id}});
      messages.push_back(make_dead_letter(settings_.dead_letter_topic, std::move(event_id),
                                          to_compact_json(event), reason, delivery.webhook_id,
                                          request.idempotency_key, "application/json"));
      ++result.dead_lettered;
      continue;
    }
    const parse::EventFields& fields = std::get<parse::EventFields>(fields_or_error);
    const std::string_view label = normalize::event_type_label(fields.event_type);
    metrics_.count_event_received(label);

    route::RouteDecision decision = router_.route(fields);
    if (decision.drop) {
      metrics_.count_event_dropped(label);
      ++result.dropped;
      continue;
    }

    if (!route::is_valid_topic_name(decision.topic)) {
      log::warn(
          "topic name built for an event is not valid in Kafka; writing the event to "
          "the dead-letter topic",
          {{"reason", "invalid_topic"}, {"event_id", event_id}, {"topic", decision.topic}});
      messages.push_back(make_dead_letter(
          settings_.dead_letter_topic, std::move(event_id), to_compact_json(event), "invalid_topic",
          delivery.webhook_id, request.idempotency_key, "application/json"));
      ++result.dead_lettered;
      continue;
    }

    normalize::CloudEventAttributes attributes{
        std::move(event_id),
        fields.event_type,
        fields.workspace_id,
        delivery.webhook_id,
        normalize::build_subject(fields.event_type, *fields.ids),
        time,
        request.idempotency_key,
        std::nullopt};
    if (!decision.object_slug.empty() || !decision.list_slug.empty() ||
        !decision.attribute_slug.empty()) {
      attributes.slugs =
          normalize::ResourceSlugs{std::move(decision.object_slug), std::move(decision.list_slug),
                                   std::move(decision.attribute_slug)};
    }

    publish::OutgoingMessage message;
    message.topic = std::move(decision.topic);
    message.key = settings_.partition_key == PartitionKey::kSubject && !attributes.subject.empty()
                      ? attributes.subject
                      : attributes.id;
    message.event_type_label = label;
    normalize::write_cloud_event(attributes, event, settings_.cloudevents_mode, message);
    messages.push_back(std::move(message));
  }

  return publish(messages, std::move(result));
}

DeliveryResult DeliveryPipeline::publish(const std::vector<publish::OutgoingMessage>& messages,
                                         DeliveryResult result) const {
  const publish::PublishResult published = publisher_.publish(messages, settings_.ack_timeout);
  switch (published.status) {
    case publish::PublishStatus::kAcknowledged:
      return result;
    case publish::PublishStatus::kOverloaded:
      result.outcome = Outcome::kOverloaded;
      break;
    case publish::PublishStatus::kMessageTooLarge:
      result.outcome = Outcome::kMessageTooLarge;
      break;
    case publish::PublishStatus::kUnavailable:
      result.outcome = Outcome::kUnavailable;
      break;
  }
  metrics_.count_publish_failure(published.reason);
  log::warn(
      "publishing a delivery failed; answering so that Attio retries",
      {{"reason", published.reason}, {"detail", published.detail}, {"records", messages.size()}});
  result.reason = published.reason;
  return result;
}

}  // namespace bridge::pipeline
