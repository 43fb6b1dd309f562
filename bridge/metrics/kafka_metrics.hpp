#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include <map>
#include <mutex>
#include <string>

#include "bridge/publish/kafka_statistics.hpp"

namespace bridge::metrics {

// Producer metrics from librdkafka's statistics: queue length, broker round-trip time and
// request errors. Updated from librdkafka's statistics callback on the poll thread.
class KafkaMetrics {
 public:
  explicit KafkaMetrics(prometheus::Registry& registry);

  void update(const publish::KafkaStatistics& statistics);

 private:
  prometheus::Gauge& queued_messages_;
  prometheus::Family<prometheus::Gauge>& broker_rtt_;
  prometheus::Counter& request_errors_;
  std::mutex mutex_;
  // Last cumulative error count seen per broker, to turn librdkafka's totals into counter
  // increments.
  std::map<std::string, std::uint64_t> last_request_errors_;
};

}  // namespace bridge::metrics
