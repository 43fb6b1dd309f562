#include "bridge/metrics/bridge_metrics.hpp"

#include <algorithm>

#include "bridge/normalize/event_types.hpp"

namespace bridge::metrics {
namespace {

constexpr std::size_t kOtherEventTypeIndex = normalize::kKnownEventTypes.size();
constexpr std::size_t kNoEventTypeIndex = kOtherEventTypeIndex + 1;

// Returns the slot of `label` in the event type counter arrays, or kNoEventTypeIndex for a
// label that is neither a known event type nor "other".
std::size_t event_type_index(std::string_view label) {
  const auto* known =
      std::find(normalize::kKnownEventTypes.begin(), normalize::kKnownEventTypes.end(), label);
  if (known != normalize::kKnownEventTypes.end()) {
    return static_cast<std::size_t>(known - normalize::kKnownEventTypes.begin());
  }
  return label == "other" ? kOtherEventTypeIndex : kNoEventTypeIndex;
}

// Seconds; from 0.5 ms (a local broker) up to the default ack timeout of 10 s.
const prometheus::Histogram::BucketBoundaries kLatencyBuckets = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

}  // namespace

BridgeMetrics::BridgeMetrics(std::string_view version)
    : registry_(std::make_shared<prometheus::Registry>()),
      http_requests_(prometheus::BuildCounter()
                         .Name("attio_bridge_http_requests_total")
                         .Help("Webhook HTTP requests answered, by status code.")
                         .Register(*registry_)),
      request_duration_(prometheus::BuildHistogram()
                            .Name("attio_bridge_request_duration_seconds")
                            .Help("Time from reading a webhook request to answering it.")
                            .Register(*registry_)
                            .Add({}, kLatencyBuckets)),
      signature_failures_(prometheus::BuildCounter()
                              .Name("attio_bridge_signature_failures_total")
                              .Help("Deliveries rejected for a missing or invalid signature.")
                              .Register(*registry_)),
      events_received_(prometheus::BuildCounter()
                           .Name("attio_bridge_events_received_total")
                           .Help("Events read from verified deliveries, by event type.")
                           .Register(*registry_)),
      events_published_(prometheus::BuildCounter()
                            .Name("attio_bridge_events_published_total")
                            .Help("Events acknowledged by Kafka, by event type.")
                            .Register(*registry_)),
      events_dropped_(prometheus::BuildCounter()
                          .Name("attio_bridge_events_dropped_total")
                          .Help("Events dropped by a route rule, by event type.")
                          .Register(*registry_)),
      dead_letters_(prometheus::BuildCounter()
                        .Name("attio_bridge_dead_letters_total")
                        .Help("Verified input written to the dead-letter topic, by reason.")
                        .Register(*registry_)),
      publish_failures_(prometheus::BuildCounter()
                            .Name("attio_bridge_publish_failures_total")
                            .Help("Deliveries answered 503 because publishing failed, by reason.")
                            .Register(*registry_)),
      ack_duration_(prometheus::BuildHistogram()
                        .Name("attio_bridge_kafka_ack_duration_seconds")
                        .Help("Time from producing a delivery's records to Kafka's last ack.")
                        .Register(*registry_)
                        .Add({}, kLatencyBuckets)),
      inflight_events_(prometheus::BuildGauge()
                           .Name("attio_bridge_inflight_events")
                           .Help("Records produced and not yet acknowledged by Kafka.")
                           .Register(*registry_)
                           .Add({})),
      kafka_up_(prometheus::BuildGauge()
                    .Name("attio_bridge_kafka_up")
                    .Help("1 when the producer has broker metadata, 0 otherwise.")
                    .Register(*registry_)
                    .Add({})),
      missing_idempotency_key_(prometheus::BuildCounter()
                                   .Name("attio_bridge_missing_idempotency_key_total")
                                   .Help("Verified deliveries without an Idempotency-Key header.")
                                   .Register(*registry_)
                                   .Add({})),
      enrichment_misses_(prometheus::BuildCounter()
                             .Name("attio_bridge_enrichment_misses_total")
                             .Help("Slug lookups of enrichment that found no api slug, so the "
                                   "event went out without it, by kind.")
                             .Register(*registry_)),
      enrichment_errors_(prometheus::BuildCounter()
                             .Name("attio_bridge_enrichment_errors_total")
                             .Help("Failed requests of enrichment to Attio's API, by kind.")
                             .Register(*registry_)) {
  prometheus::BuildGauge()
      .Name("attio_bridge_build_info")
      .Help("Always 1; the version label names the running build.")
      .Register(*registry_)
      .Add({{"version", std::string(version)}})
      .Set(1);

  // Create every known label value up front so that dashboards and rate() see zeros
  // instead of missing series.
  for (const std::string_view event_type : normalize::kKnownEventTypes) {
    labelled(events_received_, "event_type", event_type);
    labelled(events_published_, "event_type", event_type);
    labelled(events_dropped_, "event_type", event_type);
  }
  for (const std::string_view reason :
       {"invalid_json", "not_an_object", "missing_events", "event_not_an_object",
        "missing_event_type", "missing_workspace_id", "duplicate_key", "invalid_topic"}) {
    labelled(dead_letters_, "reason", reason);
  }
  // librdkafka error names can appear as reasons too; these are the bridge's own.
  for (const std::string_view reason : {"ack_timeout", "inflight_limit", "message_too_large"}) {
    labelled(publish_failures_, "reason", reason);
  }
  labelled(signature_failures_, "reason", "missing");
  labelled(signature_failures_, "reason", "invalid");
  for (const std::string_view kind : {"object", "list", "attribute"}) {
    labelled(enrichment_misses_, "kind", kind);
    labelled(enrichment_errors_, "kind", kind);
  }
}

prometheus::Counter& BridgeMetrics::labelled(prometheus::Family<prometheus::Counter>& family,
                                             std::string_view label, std::string_view value) {
  return family.Add({{std::string(label), std::string(value)}});
}

prometheus::Counter& BridgeMetrics::cached(std::atomic<prometheus::Counter*>& slot,
                                           prometheus::Family<prometheus::Counter>& family,
                                           std::string_view label, std::string_view value) {
  prometheus::Counter* counter = slot.load(std::memory_order_acquire);
  if (counter == nullptr) {
    counter = &labelled(family, label, value);
    slot.store(counter, std::memory_order_release);
  }
  return *counter;
}

void BridgeMetrics::count_event(EventTypeCounters& counters,
                                prometheus::Family<prometheus::Counter>& family,
                                std::string_view event_type_label) {
  const std::size_t index = event_type_index(event_type_label);
  if (index == kNoEventTypeIndex) {
    labelled(family, "event_type", event_type_label).Increment();
    return;
  }
  cached(counters[index], family, "event_type", event_type_label).Increment();
}

void BridgeMetrics::count_http_request(int status_code) {
  if (status_code < kFirstCachedStatus || status_code > kLastCachedStatus) {
    labelled(http_requests_, "code", std::to_string(status_code)).Increment();
    return;
  }
  auto& slot = http_requests_by_code_[static_cast<std::size_t>(status_code - kFirstCachedStatus)];
  prometheus::Counter* counter = slot.load(std::memory_order_acquire);
  if (counter == nullptr) {
    counter = &cached(slot, http_requests_, "code", std::to_string(status_code));
  }
  counter->Increment();
}

void BridgeMetrics::observe_request_duration(double seconds) {
  request_duration_.Observe(seconds);
}

void BridgeMetrics::count_signature_failure(std::string_view reason) {
  labelled(signature_failures_, "reason", reason).Increment();
}

void BridgeMetrics::count_event_received(std::string_view event_type_label) {
  count_event(received_by_type_, events_received_, event_type_label);
}

void BridgeMetrics::count_event_published(std::string_view event_type_label) {
  count_event(published_by_type_, events_published_, event_type_label);
}

void BridgeMetrics::count_event_dropped(std::string_view event_type_label) {
  count_event(dropped_by_type_, events_dropped_, event_type_label);
}

void BridgeMetrics::count_dead_letter(std::string_view reason) {
  labelled(dead_letters_, "reason", reason).Increment();
}

void BridgeMetrics::count_publish_failure(std::string_view reason) {
  labelled(publish_failures_, "reason", reason).Increment();
}

void BridgeMetrics::observe_ack_duration(double seconds) {
  ack_duration_.Observe(seconds);
}

void BridgeMetrics::set_inflight_events(double count) {
  inflight_events_.Set(count);
}

void BridgeMetrics::set_kafka_up(bool up) {
  kafka_up_.Set(up ? 1 : 0);
}

void BridgeMetrics::count_missing_idempotency_key() {
  missing_idempotency_key_.Increment();
}

void BridgeMetrics::count_enrichment_miss(std::string_view kind) {
  labelled(enrichment_misses_, "kind", kind).Increment();
}

void BridgeMetrics::count_enrichment_error(std::string_view kind) {
  labelled(enrichment_errors_, "kind", kind).Increment();
}

}  // namespace bridge::metrics
