// bench_kafka_baseline: produces CloudEvent-sized records with librdkafka and the
// bridge's producer settings, to measure what Kafka alone costs on this machine.

#include <librdkafka/rdkafka.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "bench/common/delivery_set.hpp"
#include "bench/common/latency_stats.hpp"
#include "bench/common/process_stats.hpp"

namespace bridge::bench {
namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kUsage = R"(Usage: bench_kafka_baseline [options]

Produces COUNT records, each a structured CloudEvent (JSON) wrapping one generated
Attio event, with the producer settings of attio-kafka-bridge: enable.idempotence=true,
acks=all, compression.type=lz4, linger.ms=5. At most INFLIGHT records wait for their
acknowledgement at any time. Prints a JSON summary.

  --brokers HOST:PORT      bootstrap servers (a broker on this machine)
  --fixtures DIR           folder with the delivery fixtures (*.json)
  --count N                records to produce (default 20000)
  --inflight N             unacknowledged records allowed at once (default 10000)
  --topic-prefix TEXT      records go to TEXT<event_type> (default baseline.)
  --key-prefix TEXT        record keys are TEXT-0, TEXT-1, ... (default baseline)
  --summary-out FILE       write the JSON summary here (default: stdout)
)";

struct Arguments {
  std::string brokers;
  std::string fixtures;
  std::size_t count = 20000;
  std::size_t inflight = 10000;
  std::string topic_prefix = "baseline.";
  std::string key_prefix = "baseline";
  std::string summary_out;
};

Arguments parse_arguments(int argc, char** argv) {
  Arguments args;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--help" || flag == "-h") {
      std::cout << kUsage;
      std::exit(0);
    }
    if (i + 1 >= argc) {
      throw std::invalid_argument("missing value after " + flag);
    }
    const std::string value = argv[++i];
    if (flag == "--brokers") {
      args.brokers = value;
    } else if (flag == "--fixtures") {
      args.fixtures = value;
    } else if (flag == "--count") {
      args.count = std::stoul(value);
    } else if (flag == "--inflight") {
      args.inflight = std::stoul(value);
    } else if (flag == "--topic-prefix") {
      args.topic_prefix = value;
    } else if (flag == "--key-prefix") {
      args.key_prefix = value;
    } else if (flag == "--summary-out") {
      args.summary_out = value;
    } else {
      throw std::invalid_argument("unknown option " + flag + "; run with --help");
    }
  }
  if (args.brokers.empty() || args.fixtures.empty()) {
    throw std::invalid_argument("--brokers and --fixtures are required; run with --help");
  }
  if (args.count == 0 || args.inflight == 0) {
    throw std::invalid_argument("--count and --inflight must be at least 1");
  }
  return args;
}

struct Record {
  std::string topic;
  std::string key;
  std::string value;
  std::string event_type;
};

// Wraps the event like the bridge's structured CloudEvents mode: the same attributes in
// the same order, with a fixed time and subject of typical length.
std::string make_cloud_event(const Delivery& delivery) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.StartObject();
  writer.Key("specversion");
  writer.String("1.0");
  writer.Key("id");
  writer.String(delivery.idempotency_key);
  writer.Key("source");
  writer.String("urn:attio:workspace:2d6f6bf9-cf2a-43b8-9a1c-ffa08523913e");
  writer.Key("type");
  writer.String("com.attio." + delivery.event_type);
  writer.Key("subject");
  writer.String(
      "objects/f4187059-10e0-408a-b6b8-9a2fec29935a/records/35d9cbae-c019-4312-879b-4e85629e2799");
  writer.Key("time");
  writer.String("2026-01-01T00:00:00.000Z");
  writer.Key("datacontenttype");
  writer.String("application/json");
  writer.Key("attiowebhookid");
  writer.String("1ec9b4b0-b9e1-4eb5-93a9-1663279630cb");
  writer.Key("attioworkspaceid");
  writer.String("2d6f6bf9-cf2a-43b8-9a1c-ffa08523913e");
  writer.Key("data");
  writer.RawValue(delivery.event_json.data(), delivery.event_json.size(), rapidjson::kObjectType);
  writer.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

struct ProduceState {
  std::vector<Clock::time_point> produced_at;
  std::vector<double> latencies_us;
  std::size_t acknowledged = 0;
  std::size_t failed = 0;
};

void delivery_report(rd_kafka_t*, const rd_kafka_message_t* message, void* opaque) {
  auto* state = static_cast<ProduceState*>(opaque);
  const auto index = reinterpret_cast<std::uintptr_t>(message->_private);
  if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    ++state->failed;
    return;
  }
  ++state->acknowledged;
  state->latencies_us.push_back(
      std::chrono::duration<double, std::micro>(Clock::now() - state->produced_at[index]).count());
}

void set_property(rd_kafka_conf_t* conf, const char* name, const std::string& value) {
  char error[512];
  if (rd_kafka_conf_set(conf, name, value.c_str(), error, sizeof error) != RD_KAFKA_CONF_OK) {
    throw std::runtime_error(std::string("invalid producer property ") + name + ": " + error);
  }
}

int run(int argc, char** argv) {
  const Arguments args = parse_arguments(argc, argv);

  DeliverySetOptions set_options;
  set_options.fixtures_dir = args.fixtures;
  set_options.secret = "unused";
  set_options.key_prefix = args.key_prefix;
  set_options.count = args.count;
  std::vector<Record> records;
  records.reserve(args.count);
  std::size_t value_bytes = 0;
  for (const Delivery& delivery : generate_deliveries(set_options)) {
    Record record{args.topic_prefix + delivery.event_type, delivery.idempotency_key,
                  make_cloud_event(delivery), delivery.event_type};
    value_bytes += record.value.size();
    records.push_back(std::move(record));
  }

  ProduceState state;
  state.produced_at.resize(records.size());
  state.latencies_us.reserve(records.size());

  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  set_property(conf, "bootstrap.servers", args.brokers);
  set_property(conf, "enable.idempotence", "true");
  set_property(conf, "acks", "all");
  set_property(conf, "compression.type", "lz4");
  set_property(conf, "linger.ms", "5");
  set_property(conf, "client.id", "bench-kafka-baseline");
  rd_kafka_conf_set_dr_msg_cb(conf, delivery_report);
  rd_kafka_conf_set_opaque(conf, &state);
  char error[512];
  rd_kafka_t* producer = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
  if (producer == nullptr) {
    rd_kafka_conf_destroy(conf);
    throw std::runtime_error(std::string("cannot create the Kafka producer: ") + error);
  }

  // Warm up: one record per topic, so metadata and topic creation are not measured.
  std::vector<std::string> topics;
  for (const Record& record : records) {
    if (std::find(topics.begin(), topics.end(), record.topic) == topics.end()) {
      topics.push_back(record.topic);
    }
  }
  for (const std::string& topic : topics) {
    rd_kafka_producev(producer, RD_KAFKA_V_TOPIC(topic.c_str()),
                      RD_KAFKA_V_VALUE(const_cast<char*>("warm-up"), 7), RD_KAFKA_V_END);
  }
  rd_kafka_flush(producer, 30000);
  state = ProduceState{std::vector<Clock::time_point>(records.size()), {}, 0, 0};
  state.latencies_us.reserve(records.size());

  const double cpu_start = own_cpu_seconds();
  const Clock::time_point started = Clock::now();
  for (std::size_t index = 0; index < records.size(); ++index) {
    while (index - state.acknowledged - state.failed >= args.inflight) {
      rd_kafka_poll(producer, 1);
    }
    const Record& record = records[index];
    state.produced_at[index] = Clock::now();
    const rd_kafka_resp_err_t result = rd_kafka_producev(
        producer, RD_KAFKA_V_TOPIC(record.topic.c_str()),
        RD_KAFKA_V_KEY(record.key.data(), record.key.size()),
        RD_KAFKA_V_VALUE(const_cast<char*>(record.value.data()), record.value.size()),
        RD_KAFKA_V_HEADER("content-type", "application/cloudevents+json; charset=utf-8", -1),
        RD_KAFKA_V_HEADER("attio-event-type", record.event_type.c_str(), -1),
        RD_KAFKA_V_HEADER("attio-workspace-id", "2d6f6bf9-cf2a-43b8-9a1c-ffa08523913e", -1),
        RD_KAFKA_V_HEADER("attio-webhook-id", "1ec9b4b0-b9e1-4eb5-93a9-1663279630cb", -1),
        RD_KAFKA_V_HEADER("idempotency-key", record.key.c_str(), -1),
        RD_KAFKA_V_OPAQUE(reinterpret_cast<void*>(static_cast<std::uintptr_t>(index))),
        RD_KAFKA_V_END);
    if (result == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      rd_kafka_poll(producer, 10);
      --index;  // retry the same record once the queue has room
      continue;
    }
    if (result != RD_KAFKA_RESP_ERR_NO_ERROR) {
      rd_kafka_destroy(producer);
      throw std::runtime_error(std::string("producing record ") + std::to_string(index) +
                               " failed: " + rd_kafka_err2str(result));
    }
    rd_kafka_poll(producer, 0);
  }
  rd_kafka_flush(producer, 60000);
  const double elapsed_s = std::chrono::duration<double>(Clock::now() - started).count();
  const double cpu_s = own_cpu_seconds() - cpu_start;
  const std::size_t acknowledged = state.acknowledged;
  const std::size_t failed = state.failed;
  const std::size_t outstanding = static_cast<std::size_t>(rd_kafka_outq_len(producer));
  rd_kafka_destroy(producer);

  std::vector<double> latencies = state.latencies_us;
  const auto latency = summarize_latencies(latencies);

  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> writer(buffer);
  writer.StartObject();
  writer.Key("records");
  writer.Uint64(records.size());
  writer.Key("inflight");
  writer.Uint64(args.inflight);
  writer.Key("acknowledged");
  writer.Uint64(acknowledged);
  writer.Key("failed");
  writer.Uint64(failed + outstanding);
  writer.Key("value_bytes_mean");
  writer.Double(static_cast<double>(value_bytes) / static_cast<double>(records.size()));
  writer.Key("elapsed_s");
  writer.Double(elapsed_s);
  writer.Key("throughput_per_s");
  writer.Double(static_cast<double>(acknowledged) / elapsed_s);
  writer.Key("cpu_seconds");
  writer.Double(cpu_s);
  writer.Key("cpu_us_per_record");
  writer.Double(acknowledged > 0 ? cpu_s * 1e6 / static_cast<double>(acknowledged) : 0.0);
  writer.Key("ack_latency_us");
  if (latency) {
    writer.StartObject();
    writer.Key("p50");
    writer.Double(latency->p50_us);
    writer.Key("p90");
    writer.Double(latency->p90_us);
    writer.Key("p99");
    writer.Double(latency->p99_us);
    writer.Key("p99_9");
    writer.Double(latency->p999_us);
    writer.Key("max");
    writer.Double(latency->max_us);
    writer.EndObject();
  } else {
    writer.Null();
  }
  writer.EndObject();

  if (args.summary_out.empty()) {
    std::cout << buffer.GetString() << '\n';
  } else {
    std::ofstream out(args.summary_out);
    out << buffer.GetString() << '\n';
  }
  return failed + outstanding == 0 ? 0 : 1;
}

}  // namespace
}  // namespace bridge::bench

int main(int argc, char** argv) {
  try {
    return bridge::bench::run(argc, argv);
  } catch (const std::invalid_argument& error) {
    std::cerr << "bench_kafka_baseline: " << error.what() << '\n';
    return 2;
  } catch (const std::exception& error) {
    std::cerr << "bench_kafka_baseline: error: " << error.what() << '\n';
    return 1;
  }
}
