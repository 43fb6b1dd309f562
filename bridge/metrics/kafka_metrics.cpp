#include "bridge/metrics/kafka_metrics.hpp"

namespace bridge::metrics {

KafkaMetrics::KafkaMetrics(prometheus::Registry& registry)
    : queued_messages_(prometheus::BuildGauge()
                           .Name("attio_bridge_kafka_producer_queue_messages")
                           .Help("Records in the producer's queues, waiting to be sent or acked.")
                           .Register(registry)
                           .Add({})),
      broker_rtt_(prometheus::BuildGauge()
                      .Name("attio_bridge_kafka_broker_rtt_seconds")
                      .Help("Average request round-trip time to each broker, in seconds.")
                      .Register(registry)),
      request_errors_(prometheus::BuildCounter()
                          .Name("attio_bridge_kafka_request_errors_total")
                          .Help("Kafka requests that failed to send, failed to read or timed out.")
                          .Register(registry)
                          .Add({})) {}

void KafkaMetrics::update(const publish::KafkaStatistics& statistics) {
  const std::lock_guard lock(mutex_);
  queued_messages_.Set(static_cast<double>(statistics.queued_messages));
  for (const auto& broker : statistics.brokers) {
    broker_rtt_.Add({{"broker", broker.name}}).Set(broker.rtt_average_seconds);
    std::uint64_t& last = last_request_errors_[broker.name];
    if (broker.request_errors > last) {
      request_errors_.Increment(static_cast<double>(broker.request_errors - last));
    }
    last = broker.request_errors;
  }
}

}  // namespace bridge::metrics
