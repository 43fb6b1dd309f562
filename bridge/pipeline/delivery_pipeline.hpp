#pragma once

#include <chrono>
#include <string>

#include "bridge/metrics/bridge_metrics.hpp"
#include "bridge/normalize/cloud_event.hpp"
#include "bridge/pipeline/delivery_request.hpp"
#include "bridge/publish/publisher.hpp"
#include "bridge/route/router.hpp"
#include "bridge/verify/secret_store.hpp"

namespace bridge::pipeline {

enum class PartitionKey { kEventId, kSubject };

struct PipelineSettings {
  std::string dead_letter_topic = "attio.dead-letter";
  PartitionKey partition_key = PartitionKey::kEventId;
  normalize::CloudEventsMode cloudevents_mode = normalize::CloudEventsMode::kStructured;
  std::chrono::milliseconds ack_timeout{10000};
};

// Takes one webhook delivery through verify → parse → normalize → route → publish and
// returns how it ended. Knows nothing of HTTP. Safe to call from many threads.
class DeliveryPipeline {
 public:
  DeliveryPipeline(PipelineSettings settings, const verify::SecretStore& secrets,
                   const route::Router& router, publish::Publisher& publisher,
                   metrics::BridgeMetrics& metrics)
      : settings_(std::move(settings)),
        secrets_(secrets),
        router_(router),
        publisher_(publisher),
        metrics_(metrics) {}

  DeliveryResult handle(const DeliveryRequest& request) const;

 private:
  DeliveryResult publish(const std::vector<publish::OutgoingMessage>& messages,
                         DeliveryResult result) const;

  PipelineSettings settings_;
  const verify::SecretStore& secrets_;
  const route::Router& router_;
  publish::Publisher& publisher_;
  metrics::BridgeMetrics& metrics_;
};

}  // namespace bridge::pipeline
