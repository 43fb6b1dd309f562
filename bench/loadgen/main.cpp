// bench_loadgen: sends generated, signed Attio deliveries to an HTTP server over
// keep-alive connections, in a closed or an open loop, and writes a JSON summary.

#include <arpa/inet.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "bench/common/delivery_set.hpp"
#include "bench/common/latency_stats.hpp"
#include "bench/common/process_stats.hpp"
#include "bench/loadgen/load_runner.hpp"

namespace bridge::bench {
namespace {

constexpr const char* kUsage = R"(Usage: bench_loadgen [options]

Generates COUNT unique signed single-event deliveries from the fixtures and sends them
as HTTP POST requests over keep-alive connections.

  --target HOST:PORT        server to load; must be a loopback address (127.0.0.0/8)
  --path PATH               request path (default /webhooks/attio)
  --fixtures DIR            folder with the delivery fixtures (*.json)
  --secret-file FILE        file whose whole content is the signing secret
  --key-prefix TEXT         Idempotency-Key prefix; keys are TEXT-0, TEXT-1, ...
  --count N                 deliveries to generate; the run stops when they are used up
  --seed N                  random seed for ids, padding and sizes (default 1)
  --mode closed|open        closed loop (default) or open loop
  --concurrency N           closed loop: connections, each with one request at a time
  --rate N                  open loop: requests started per second, on a fixed schedule
  --connections N           open loop: size of the keep-alive connection pool (default 32)
  --duration-ms N           closed: time to keep sending; open: schedule length (default 10000)
  --drain-timeout-ms N      time to wait for answers after the last send (default 15000)
  --expect-status N         status that counts as success (default 200)
  --watch-pid NAME=PID      report CPU seconds and memory of PID for the run (repeatable;
                            several PIDs with one NAME are added up)
  --summary-out FILE        write the JSON summary here (default: stdout)
  --keys-out FILE           write "TOPIC<TAB>KEY" for every delivery answered 200, with
                            TOPIC = attio.<event_type>
)";

struct Arguments {
  std::string target = "127.0.0.1:0";
  std::string path = "/webhooks/attio";
  std::string fixtures;
  std::string secret_file;
  std::string key_prefix = "bench";
  std::size_t count = 1000;
  std::uint64_t seed = 1;
  LoadMode mode = LoadMode::kClosed;
  std::size_t concurrency = 1;
  double rate = 0;
  std::size_t connections = 32;
  long duration_ms = 10000;
  long drain_timeout_ms = 15000;
  int expect_status = 200;
  std::vector<std::pair<std::string, pid_t>> watched;
  std::string summary_out;
  std::string keys_out;
};

[[noreturn]] void usage_error(const std::string& message) {
  throw std::invalid_argument(message + "\nRun bench_loadgen --help for the options.");
}

long parse_number(const std::string& flag, const std::string& text) {
  std::size_t used = 0;
  long value = 0;
  try {
    value = std::stol(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || value < 0) {
    usage_error("invalid " + flag + " value \"" + text + "\": expected a whole number >= 0");
  }
  return value;
}

Arguments parse_arguments(int argc, char** argv) {
  Arguments args;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--help" || flag == "-h") {
      std::cout << kUsage;
      std::exit(0);
    }
    if (i + 1 >= argc) {
      usage_error("missing value after " + flag);
    }
    const std::string value = argv[++i];
    if (flag == "--target") {
      args.target = value;
    } else if (flag == "--path") {
      args.path = value;
    } else if (flag == "--fixtures") {
      args.fixtures = value;
    } else if (flag == "--secret-file") {
      args.secret_file = value;
    } else if (flag == "--key-prefix") {
      args.key_prefix = value;
    } else if (flag == "--count") {
      args.count = static_cast<std::size_t>(parse_number(flag, value));
    } else if (flag == "--seed") {
      args.seed = static_cast<std::uint64_t>(parse_number(flag, value));
    } else if (flag == "--mode") {
      if (value != "closed" && value != "open") {
        usage_error("invalid --mode value \"" + value + "\": expected closed or open");
      }
      args.mode = value == "closed" ? LoadMode::kClosed : LoadMode::kOpen;
    } else if (flag == "--concurrency") {
      args.concurrency = static_cast<std::size_t>(parse_number(flag, value));
    } else if (flag == "--rate") {
      args.rate = static_cast<double>(parse_number(flag, value));
    } else if (flag == "--connections") {
      args.connections = static_cast<std::size_t>(parse_number(flag, value));
    } else if (flag == "--duration-ms") {
      args.duration_ms = parse_number(flag, value);
    } else if (flag == "--drain-timeout-ms") {
      args.drain_timeout_ms = parse_number(flag, value);
    } else if (flag == "--expect-status") {
      args.expect_status = static_cast<int>(parse_number(flag, value));
    } else if (flag == "--watch-pid") {
      const auto equals = value.find('=');
      if (equals == std::string::npos || equals == 0) {
        usage_error("invalid --watch-pid value \"" + value + "\": expected NAME=PID");
      }
      args.watched.emplace_back(value.substr(0, equals),
                                static_cast<pid_t>(parse_number(flag, value.substr(equals + 1))));
    } else if (flag == "--summary-out") {
      args.summary_out = value;
    } else if (flag == "--keys-out") {
      args.keys_out = value;
    } else {
      usage_error("unknown option " + flag);
    }
  }
  if (args.fixtures.empty() || args.secret_file.empty()) {
    usage_error("--fixtures and --secret-file are required");
  }
  if (args.count == 0) {
    usage_error("--count must be at least 1");
  }
  return args;
}

// Parses HOST:PORT and accepts only IPv4 loopback addresses, so the load never leaves
// this machine.
sockaddr_in parse_target(const std::string& target) {
  const auto colon = target.rfind(':');
  if (colon == std::string::npos) {
    usage_error("invalid --target \"" + target + "\": expected HOST:PORT");
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  if (::inet_pton(AF_INET, target.substr(0, colon).c_str(), &address.sin_addr) != 1 ||
      (ntohl(address.sin_addr.s_addr) >> 24) != 127) {
    usage_error("invalid --target \"" + target +
                "\": expected an IPv4 loopback address such as 127.0.0.1:8080");
  }
  const long port = parse_number("--target port", target.substr(colon + 1));
  if (port < 1 || port > 65535) {
    usage_error("invalid --target port in \"" + target + "\": expected 1 to 65535");
  }
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  return address;
}

std::string read_secret(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw std::runtime_error("cannot read the secret file " + path);
  }
  std::ostringstream text;
  text << in.rdbuf();
  std::string secret = text.str();
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) {
    secret.pop_back();
  }
  if (secret.empty()) {
    throw std::runtime_error("the secret file " + path + " is empty");
  }
  return secret;
}

std::string build_request(const Delivery& delivery, const std::string& host,
                          const std::string& path) {
  std::string request;
  request.reserve(delivery.body.size() + 256);
  request.append("POST ").append(path).append(" HTTP/1.1\r\n");
  request.append("Host: ").append(host).append("\r\n");
  request.append("Content-Type: application/json\r\n");
  request.append("Attio-Signature: ").append(delivery.signature).append("\r\n");
  request.append("Idempotency-Key: ").append(delivery.idempotency_key).append("\r\n");
  request.append("Content-Length: ").append(std::to_string(delivery.body.size())).append("\r\n");
  request.append("\r\n").append(delivery.body);
  return request;
}

// CPU seconds and memory of a named group of processes (e.g. nginx master + workers).
struct WatchedGroup {
  std::vector<pid_t> pids;
  double cpu_start = 0;
  double cpu_end = 0;
  long rss_kib_end = 0;
  long peak_rss_kib_end = 0;
};

void sample_group(WatchedGroup& group, bool at_end) {
  double cpu = 0;
  long rss = 0;
  long peak = 0;
  for (const pid_t pid : group.pids) {
    if (const auto sample = sample_process(pid)) {
      cpu += sample->cpu_seconds;
      rss += sample->rss_kib;
      peak += sample->peak_rss_kib;
    }
  }
  if (at_end) {
    group.cpu_end = cpu;
    group.rss_kib_end = rss;
    group.peak_rss_kib_end = peak;
  } else {
    group.cpu_start = cpu;
  }
}

using JsonWriter = rapidjson::PrettyWriter<rapidjson::StringBuffer>;

void write_latency(JsonWriter& writer, const std::optional<LatencySummary>& summary) {
  if (!summary) {
    writer.Null();
    return;
  }
  writer.StartObject();
  writer.Key("count");
  writer.Uint64(summary->count);
  writer.Key("mean");
  writer.Double(summary->mean_us);
  writer.Key("p50");
  writer.Double(summary->p50_us);
  writer.Key("p90");
  writer.Double(summary->p90_us);
  writer.Key("p99");
  writer.Double(summary->p99_us);
  writer.Key("p99_9");
  writer.Double(summary->p999_us);
  writer.Key("max");
  writer.Double(summary->max_us);
  writer.EndObject();
}

int run(int argc, char** argv) {
  const Arguments args = parse_arguments(argc, argv);
  const sockaddr_in target = parse_target(args.target);

  DeliverySetOptions set_options;
  set_options.fixtures_dir = args.fixtures;
  set_options.secret = read_secret(args.secret_file);
  set_options.key_prefix = args.key_prefix;
  set_options.count = args.count;
  set_options.seed = args.seed;
  const std::vector<Delivery> deliveries = generate_deliveries(set_options);

  std::vector<std::string> requests;
  requests.reserve(deliveries.size());
  std::size_t body_bytes_total = 0;
  std::size_t body_bytes_min = SIZE_MAX;
  std::size_t body_bytes_max = 0;
  for (const Delivery& delivery : deliveries) {
    requests.push_back(build_request(delivery, args.target, args.path));
    body_bytes_total += delivery.body.size();
    body_bytes_min = std::min(body_bytes_min, delivery.body.size());
    body_bytes_max = std::max(body_bytes_max, delivery.body.size());
  }

  LoadOptions load;
  load.mode = args.mode;
  load.target = target;
  load.connections = args.mode == LoadMode::kClosed ? args.concurrency : args.connections;
  load.rate_per_s = args.rate;
  load.duration = std::chrono::milliseconds(args.duration_ms);
  load.drain_timeout = std::chrono::milliseconds(args.drain_timeout_ms);

  std::map<std::string, WatchedGroup> groups;
  for (const auto& [name, pid] : args.watched) {
    groups[name].pids.push_back(pid);
  }
  for (auto& [name, group] : groups) {
    sample_group(group, false);
  }
  const double own_cpu_start = own_cpu_seconds();
  const LoadResult result = run_load(load, requests);
  const double own_cpu_end = own_cpu_seconds();
  for (auto& [name, group] : groups) {
    sample_group(group, true);
  }

  std::map<int, std::size_t> status_counts;
  std::vector<double> ok_latencies;
  std::size_t ok = 0;
  std::size_t transport_errors = 0;
  std::size_t not_answered = 0;
  std::size_t not_sent = 0;
  for (const RequestOutcome& outcome : result.outcomes) {
    if (outcome.status == kNotSent) {
      ++not_sent;
    } else if (outcome.status == kNotAnswered) {
      ++not_answered;
    } else if (outcome.status == kTransportError) {
      ++transport_errors;
    } else {
      ++status_counts[outcome.status];
    }
    if (outcome.status == args.expect_status) {
      ++ok;
      ok_latencies.push_back(outcome.latency_us);
    }
  }

  if (!args.keys_out.empty()) {
    std::ofstream keys(args.keys_out);
    for (std::size_t i = 0; i < result.outcomes.size(); ++i) {
      if (result.outcomes[i].status == 200) {
        keys << "attio." << deliveries[i].event_type << '\t' << deliveries[i].idempotency_key
             << '\n';
      }
    }
    if (!keys) {
      throw std::runtime_error("cannot write the keys file " + args.keys_out);
    }
  }

  rapidjson::StringBuffer buffer;
  JsonWriter writer(buffer);
  writer.StartObject();
  writer.Key("mode");
  writer.String(args.mode == LoadMode::kClosed ? "closed" : "open");
  writer.Key("connections");
  writer.Uint64(load.connections);
  writer.Key("rate_per_s");
  if (args.mode == LoadMode::kOpen) {
    writer.Double(args.rate);
  } else {
    writer.Null();
  }
  writer.Key("duration_ms");
  writer.Int64(args.duration_ms);
  writer.Key("scheduled");
  writer.Uint64(result.scheduled);
  writer.Key("sent");
  writer.Uint64(result.sent);
  writer.Key("ok");
  writer.Uint64(ok);
  writer.Key("expect_status");
  writer.Int(args.expect_status);
  writer.Key("status_counts");
  writer.StartObject();
  for (const auto& [status, count] : status_counts) {
    writer.Key(std::to_string(status));
    writer.Uint64(count);
  }
  writer.EndObject();
  writer.Key("transport_errors");
  writer.Uint64(transport_errors);
  writer.Key("not_answered");
  writer.Uint64(not_answered);
  writer.Key("not_sent");
  writer.Uint64(not_sent);
  writer.Key("reconnects");
  writer.Uint64(result.reconnects);
  writer.Key("elapsed_s");
  writer.Double(result.elapsed_s);
  writer.Key("throughput_per_s");
  writer.Double(result.elapsed_s > 0 ? static_cast<double>(ok) / result.elapsed_s : 0.0);
  writer.Key("latency_us");
  write_latency(writer, summarize_latencies(ok_latencies));
  writer.Key("body_bytes");
  writer.StartObject();
  writer.Key("min");
  writer.Uint64(body_bytes_min);
  writer.Key("mean");
  writer.Double(static_cast<double>(body_bytes_total) / static_cast<double>(deliveries.size()));
  writer.Key("max");
  writer.Uint64(body_bytes_max);
  writer.EndObject();
  writer.Key("loadgen_cpu_seconds");
  writer.Double(own_cpu_end - own_cpu_start);
  writer.Key("processes");
  writer.StartObject();
  for (const auto& [name, group] : groups) {
    const double cpu = group.cpu_end - group.cpu_start;
    writer.Key(name);
    writer.StartObject();
    writer.Key("cpu_seconds");
    writer.Double(cpu);
    writer.Key("cpu_us_per_ok");
    writer.Double(ok > 0 ? cpu * 1e6 / static_cast<double>(ok) : 0.0);
    writer.Key("rss_kib_end");
    writer.Int64(group.rss_kib_end);
    writer.Key("peak_rss_kib_end");
    writer.Int64(group.peak_rss_kib_end);
    writer.EndObject();
  }
  writer.EndObject();
  writer.EndObject();

  if (args.summary_out.empty()) {
    std::cout << buffer.GetString() << '\n';
  } else {
    std::ofstream out(args.summary_out);
    out << buffer.GetString() << '\n';
    if (!out) {
      throw std::runtime_error("cannot write the summary file " + args.summary_out);
    }
  }
  return 0;
}

}  // namespace
}  // namespace bridge::bench

int main(int argc, char** argv) {
  try {
    return bridge::bench::run(argc, argv);
  } catch (const std::invalid_argument& error) {
    std::cerr << "bench_loadgen: " << error.what() << '\n';
    return 2;
  } catch (const std::exception& error) {
    std::cerr << "bench_loadgen: error: " << error.what() << '\n';
    return 1;
  }
}
