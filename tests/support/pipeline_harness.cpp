#include "support/pipeline_harness.hpp"

#include <variant>

namespace bridge::testing {
namespace {

route::TopicTemplate default_template() {
  return std::get<route::TopicTemplate>(route::TopicTemplate::parse("attio.{event_type}"));
}

verify::SecretList test_secrets() {
  verify::SecretList secrets;
  secrets.emplace_back(std::string(kTestSecret));
  secrets.emplace_back(std::string(kRotatedSecret));
  return secrets;
}

}  // namespace

PipelineHarness::PipelineHarness()
    : secrets(test_secrets()),
      router(default_template()),
      pipeline(pipeline::PipelineSettings{}, secrets, router, publisher, metrics) {}

pipeline::DeliveryResult PipelineHarness::deliver(std::string_view body,
                                                  std::optional<std::string_view> idempotency_key) {
  const std::string signature = sign(body);
  return deliver_signed(body, signature, idempotency_key);
}

pipeline::DeliveryResult PipelineHarness::deliver_signed(
    std::string_view body, std::string_view signature,
    std::optional<std::string_view> idempotency_key) {
  pipeline::DeliveryRequest request;
  request.body = body;
  request.signature = signature;
  request.idempotency_key = idempotency_key;
  request.content_type = "application/json";
  request.received_at = std::chrono::system_clock::now();
  return pipeline.handle(request);
}

std::string sign(std::string_view body, std::string_view secret) {
  return verify::compute_signature(verify::Secret(std::string(secret)), body);
}

std::string one_event_delivery(std::string_view event_type, std::string_view ids_json) {
  std::string body = R"({"webhook_id":"1ec9b4b0-b9e1-4eb5-93a9-1663279630cb","events":[)";
  body += R"({"event_type":")";
  body += event_type;
  body += R"(","id":)";
  body += ids_json;
  body += R"(,"actor":{"type":"system","id":null}}]})";
  return body;
}

}  // namespace bridge::testing
