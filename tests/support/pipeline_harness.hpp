#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "bridge/metrics/bridge_metrics.hpp"
#include "bridge/pipeline/delivery_pipeline.hpp"
#include "bridge/route/router.hpp"
#include "bridge/verify/secret_store.hpp"
#include "support/recording_publisher.hpp"

namespace bridge::testing {

// The signing secrets every harness accepts: two, as during a secret rotation.
inline constexpr std::string_view kTestSecret = "whsec-test-current";
inline constexpr std::string_view kRotatedSecret = "whsec-test-previous";

// A real DeliveryPipeline with the default topic template "attio.{event_type}", the secrets
// above, and a RecordingPublisher in place of Kafka.
struct PipelineHarness {
  PipelineHarness();

  // Signs `body` with kTestSecret and runs it through the pipeline.
  pipeline::DeliveryResult deliver(std::string_view body,
                                   std::optional<std::string_view> idempotency_key = std::nullopt);
  // Runs `body` through the pipeline with the given signature header value.
  pipeline::DeliveryResult deliver_signed(
      std::string_view body, std::string_view signature,
      std::optional<std::string_view> idempotency_key = std::nullopt);

  metrics::BridgeMetrics metrics{"test"};
  verify::SecretStore secrets;
  route::Router router;
  RecordingPublisher publisher;
  pipeline::DeliveryPipeline pipeline;
};

// Returns the lowercase hex HMAC-SHA256 of `body` under `secret`.
std::string sign(std::string_view body, std::string_view secret = kTestSecret);

// Returns a delivery body with one event of `event_type` whose `id` object is `ids_json`.
std::string one_event_delivery(std::string_view event_type, std::string_view ids_json);

// A well-formed `id` object of a record event.
inline constexpr std::string_view kRecordIds =
    R"({"workspace_id":"2d6f6bf9-cf2a-43b8-9a1c-ffa08523913e",)"
    R"("object_id":"f4187059-10e0-408a-b6b8-9a2fec29935a",)"
    R"("record_id":"35d9cbae-c019-4312-879b-4e85629e2799"})";

}  // namespace bridge::testing
