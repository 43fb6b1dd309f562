#include "bridge/publish/kafka_statistics.hpp"

#include <rapidjson/document.h>

namespace bridge::publish {
namespace {

std::uint64_t read_count(const rapidjson::Value& object, const char* name) {
  const auto member = object.FindMember(name);
  if (member == object.MemberEnd() || !member->value.IsNumber()) {
    return 0;
  }
  const double value = member->value.GetDouble();
  return value > 0 ? static_cast<std::uint64_t>(value) : 0;
}

}  // namespace

std::optional<KafkaStatistics> parse_kafka_statistics(std::string_view json) {
  rapidjson::Document document;
  document.Parse(json.data(), json.size());
  if (document.HasParseError() || !document.IsObject()) {
    return std::nullopt;
  }

  KafkaStatistics statistics;
  statistics.queued_messages = read_count(document, "msg_cnt");

  const auto brokers = document.FindMember("brokers");
  if (brokers == document.MemberEnd() || !brokers->value.IsObject()) {
    return statistics;
  }
  for (const auto& entry : brokers->value.GetObject()) {
    const rapidjson::Value& broker = entry.value;
    if (!broker.IsObject()) {
      continue;
    }
    const auto node_id = broker.FindMember("nodeid");
    if (node_id == broker.MemberEnd() || !node_id->value.IsInt() || node_id->value.GetInt() < 0) {
      continue;
    }
    KafkaStatistics::Broker parsed;
    parsed.name.assign(entry.name.GetString(), entry.name.GetStringLength());
    const auto rtt = broker.FindMember("rtt");
    if (rtt != broker.MemberEnd() && rtt->value.IsObject()) {
      // librdkafka reports round-trip times in microseconds.
      parsed.rtt_average_seconds = static_cast<double>(read_count(rtt->value, "avg")) / 1e6;
    }
    parsed.request_errors = read_count(broker, "txerrs") + read_count(broker, "rxerrs") +
                            read_count(broker, "req_timeouts");
    statistics.brokers.push_back(std::move(parsed));
  }
  return statistics;
}

}  // namespace bridge::publish
