#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <array>
#include <atomic>
#include <memory>
#include <string>
#include <string_view>

#include "bridge/normalize/event_types.hpp"

namespace bridge::metrics {

// Every metric the bridge exports, declared in one place. Label values are bounded: HTTP
// status codes, the 34 known event types plus "other", and fixed reason codes.
//
// prometheus::Family::Add locks a mutex and hashes the label map on every call, so the
// counters that each request touches (by status code and by event type) are looked up once
// and kept in arrays.
class BridgeMetrics {
 public:
  explicit BridgeMetrics(std::string_view version);

  prometheus::Registry& registry() { return *registry_; }

  void count_http_request(int status_code);
  void observe_request_duration(double seconds);
  void count_signature_failure(std::string_view reason);
  void count_event_received(std::string_view event_type_label);
  void count_event_published(std::string_view event_type_label);
  void count_event_dropped(std::string_view event_type_label);
  void count_dead_letter(std::string_view reason);
  void count_publish_failure(std::string_view reason);
  void observe_ack_duration(double seconds);
  void set_inflight_events(double count);
  void set_kafka_up(bool up);
  void count_missing_idempotency_key();
  // `kind` is "object", "list" or "attribute".
  void count_enrichment_miss(std::string_view kind);
  void count_enrichment_error(std::string_view kind);

 private:
  // One slot per known event type, in the order of kKnownEventTypes, then "other". A slot
  // is filled on first use. Family::Add returns the same counter for the same labels, so
  // two threads that fill one slot at once store the same pointer.
  using EventTypeCounters =
      std::array<std::atomic<prometheus::Counter*>, normalize::kKnownEventTypes.size() + 1>;

  // HTTP status codes 100 to 599 get a cached counter; others go through Family::Add.
  static constexpr int kFirstCachedStatus = 100;
  static constexpr int kLastCachedStatus = 599;

  prometheus::Counter& labelled(prometheus::Family<prometheus::Counter>& family,
                                std::string_view label, std::string_view value);
  prometheus::Counter& cached(std::atomic<prometheus::Counter*>& slot,
                              prometheus::Family<prometheus::Counter>& family,
                              std::string_view label, std::string_view value);
  void count_event(EventTypeCounters& counters, prometheus::Family<prometheus::Counter>& family,
                   std::string_view event_type_label);

  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>& http_requests_;
  prometheus::Histogram& request_duration_;
  prometheus::Family<prometheus::Counter>& signature_failures_;
  prometheus::Family<prometheus::Counter>& events_received_;
  prometheus::Family<prometheus::Counter>& events_published_;
  prometheus::Family<prometheus::Counter>& events_dropped_;
  prometheus::Family<prometheus::Counter>& dead_letters_;
  prometheus::Family<prometheus::Counter>& publish_failures_;
  prometheus::Histogram& ack_duration_;
  prometheus::Gauge& inflight_events_;
  prometheus::Gauge& kafka_up_;
  prometheus::Counter& missing_idempotency_key_;
  prometheus::Family<prometheus::Counter>& enrichment_misses_;
  prometheus::Family<prometheus::Counter>& enrichment_errors_;

  EventTypeCounters received_by_type_{};
  EventTypeCounters published_by_type_{};
  EventTypeCounters dropped_by_type_{};
  // Filled on first use of each status code, like the event type slots.
  std::array<std::atomic<prometheus::Counter*>, kLastCachedStatus - kFirstCachedStatus + 1>
      http_requests_by_code_{};
};

}  // namespace bridge::metrics
