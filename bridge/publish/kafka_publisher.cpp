#include "bridge/publish/kafka_publisher.hpp"

#include <algorithm>
#include <cstring>
#include <memory>
#include <string_view>

#include "bridge/log/logger.hpp"
#include "bridge/publish/kafka_statistics.hpp"

namespace bridge::publish {
namespace {

// Acknowledgement state of the records of one publish() call. Shared between the waiting
// request thread and the delivery reports, which may arrive after the request gave up.
struct PendingBatch {
  std::mutex mutex;
  std::condition_variable all_acknowledged;
  std::size_t remaining = 0;
  rd_kafka_resp_err_t first_error = RD_KAFKA_RESP_ERR_NO_ERROR;
};

// The per-record opaque handed to librdkafka and returned in its delivery report. It owns
// copies of the labels because the report can arrive after publish() returned (ack
// timeout) and the caller freed its messages.
struct DeliveryTicket {
  std::shared_ptr<PendingBatch> batch;
  std::string event_type_label;
  std::string dead_letter_reason;
  bool dead_letter = false;
};

constexpr std::chrono::milliseconds kProbeInterval{1000};
constexpr int kProbeTimeoutMs = 2000;
constexpr int kPollTimeoutMs = 100;
constexpr int kPurgeWaitMs = 1000;

void delivery_report_callback(rd_kafka_t* /*producer*/, const rd_kafka_message_t* message,
                              void* opaque) {
  static_cast<KafkaPublisher*>(opaque)->on_delivery_report(*message);
}

void error_callback(rd_kafka_t* /*producer*/, int error, const char* reason, void* opaque) {
  static_cast<KafkaPublisher*>(opaque)->on_error(static_cast<rd_kafka_resp_err_t>(error), reason);
}

int statistics_callback(rd_kafka_t* /*producer*/, char* json, size_t length, void* opaque) {
  static_cast<KafkaPublisher*>(opaque)->on_statistics(std::string_view(json, length));
  return 0;  // librdkafka frees the JSON buffer
}

void log_callback(const rd_kafka_t* /*producer*/, int level, const char* facility,
                  const char* text) {
  // librdkafka uses syslog levels: 0-3 errors, 4 warnings, 5-6 notices, 7 debug.
  const log::Level mapped = level <= 3   ? log::Level::kError
                            : level == 4 ? log::Level::kWarn
                            : level <= 6 ? log::Level::kInfo
                                         : log::Level::kDebug;
  log::write(mapped, "librdkafka", {{"facility", facility}, {"detail", text}});
}

void set_property(rd_kafka_conf_t* conf, const std::string& name, const std::string& value) {
  char error[512];
  if (rd_kafka_conf_set(conf, name.c_str(), value.c_str(), error, sizeof error) !=
      RD_KAFKA_CONF_OK) {
    throw KafkaConfigError("Kafka property " + name + " was rejected by librdkafka: " + error);
  }
}

std::size_t read_size_property(const rd_kafka_conf_t* conf, const char* name,
                               std::size_t fallback) {
  char value[64];
  std::size_t size = sizeof value;
  if (rd_kafka_conf_get(conf, name, value, &size) != RD_KAFKA_CONF_OK) {
    return fallback;
  }
  return static_cast<std::size_t>(std::strtoull(value, nullptr, 10));
}

std::size_t record_size(const OutgoingMessage& message) {
  std::size_t size = message.key.size() + message.value.size();
  for (const Header& header : message.headers) {
    size += header.first.size() + header.second.size();
  }
  return size;
}

KafkaHeaders make_headers(const OutgoingMessage& message) {
  KafkaHeaders headers(rd_kafka_headers_new(message.headers.size()));
  for (const Header& header : message.headers) {
    rd_kafka_header_add(headers.get(), header.first.data(),
                        static_cast<ssize_t>(header.first.size()), header.second.data(),
                        static_cast<ssize_t>(header.second.size()));
  }
  return headers;
}

std::string lowercase_error_name(rd_kafka_resp_err_t error) {
  std::string name = rd_kafka_err2name(error);
  name.erase(0, name.find_first_not_of('_'));
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return name;
}

}  // namespace

KafkaPublisher::KafkaPublisher(const KafkaSettings& settings, metrics::BridgeMetrics& metrics,
                               FatalErrorHandler on_fatal_error)
    : metrics_(metrics),
      kafka_metrics_(metrics.registry()),
      on_fatal_error_(std::move(on_fatal_error)),
      max_inflight_events_(settings.max_inflight_events) {
  KafkaConf conf(rd_kafka_conf_new());
  for (const auto& [name, value] : default_producer_properties()) {
    set_property(conf.get(), name, value);
  }
  set_property(conf.get(), "bootstrap.servers", settings.brokers);
  for (const auto& [name, value] : settings.properties) {
    set_property(conf.get(), name, value);
  }
  max_message_bytes_ = read_size_property(conf.get(), "message.max.bytes", max_message_bytes_);

  // librdkafka's own queue must never fill before the bridge's in-flight limit does. The
  // bounds depend on message.max.bytes, so they are set after the user's properties, unless
  // the user set them.
  const ProducerQueueLimits required =
      required_queue_limits(max_inflight_events_, max_message_bytes_);
  if (!settings.properties.contains("queue.buffering.max.messages")) {
    set_property(conf.get(), "queue.buffering.max.messages", std::to_string(required.max_messages));
  }
  if (!settings.properties.contains("queue.buffering.max.kbytes")) {
    set_property(conf.get(), "queue.buffering.max.kbytes", std::to_string(required.max_kbytes));
  }
  for (const std::string& warning : unsafe_queue_overrides(settings.properties, required)) {
    log::warn("unsafe Kafka queue property", {{"detail", warning}});
  }

  rd_kafka_conf_set_opaque(conf.get(), this);
  rd_kafka_conf_set_dr_msg_cb(conf.get(), delivery_report_callback);
  rd_kafka_conf_set_error_cb(conf.get(), error_callback);
  rd_kafka_conf_set_log_cb(conf.get(), log_callback);
  rd_kafka_conf_set_stats_cb(conf.get(), statistics_callback);

  char error[512];
  producer_.reset(rd_kafka_new(RD_KAFKA_PRODUCER, conf.get(), error, sizeof error));
  if (!producer_) {
    throw KafkaConfigError(std::string("cannot create the Kafka producer: ") + error);
  }
  conf.release();  // rd_kafka_new took ownership

  poll_thread_ = std::thread([this] { poll_loop(); });
  probe_thread_ = std::thread([this] { probe_loop(); });
}

KafkaPublisher::~KafkaPublisher() {
  stopping_ = true;
  stop_signal_.notify_all();
  probe_thread_.join();
  poll_thread_.join();
  // Fail what is still queued so that every delivery report, and its ticket, is served
  // before the handle goes away. Callers flush first when they want records delivered.
  rd_kafka_purge(producer_.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
  rd_kafka_flush(producer_.get(), kPurgeWaitMs);
}

PublishResult KafkaPublisher::publish(const std::vector<OutgoingMessage>& messages,
                                      std::chrono::milliseconds timeout) {
  if (messages.empty()) {
    return {};
  }
  if (fatal_) {
    return {PublishStatus::kUnavailable, "producer_fatal", "the Kafka producer hit a fatal error"};
  }
  for (const OutgoingMessage& message : messages) {
    if (record_size(message) > max_message_bytes_) {
      return {PublishStatus::kMessageTooLarge, "message_too_large",
              "record for topic " + message.topic + " has " + std::to_string(record_size(message)) +
                  " bytes; message.max.bytes is " + std::to_string(max_message_bytes_)};
    }
  }

  const std::size_t count = messages.size();
  std::size_t inflight = inflight_events_.load();
  do {
    if (inflight + count > max_inflight_events_) {
      return {PublishStatus::kOverloaded, "inflight_limit",
              std::to_string(inflight) + " records are waiting for Kafka acks"};
    }
  } while (!inflight_events_.compare_exchange_weak(inflight, inflight + count));
  metrics_.set_inflight_events(static_cast<double>(inflight + count));

  auto batch = std::make_shared<PendingBatch>();
  batch->remaining = count;
  const auto started = std::chrono::steady_clock::now();

  for (std::size_t i = 0; i < count; ++i) {
    const OutgoingMessage& message = messages[i];
    KafkaHeaders headers = make_headers(message);
    auto ticket = std::make_unique<DeliveryTicket>(DeliveryTicket{
        batch, message.event_type_label, message.dead_letter_reason, message.dead_letter});
    const rd_kafka_resp_err_t error = rd_kafka_producev(
        producer_.get(), RD_KAFKA_V_TOPIC(message.topic.c_str()),
        RD_KAFKA_V_KEY(message.key.data(), message.key.size()),
        RD_KAFKA_V_VALUE(const_cast<char*>(message.value.data()), message.value.size()),
        RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_HEADERS(headers.get()),
        RD_KAFKA_V_OPAQUE(ticket.get()), RD_KAFKA_V_END);
    if (error != RD_KAFKA_RESP_ERR_NO_ERROR) {
      // The records produced so far stay queued and are acknowledged on their own.
      release_inflight(count - i);
      return {PublishStatus::kUnavailable, lowercase_error_name(error),
              std::string("producing to topic ") + message.topic +
                  " failed: " + rd_kafka_err2str(error)};
    }
    headers.release();  // owned by the queued record now
    ticket.release();   // freed by on_delivery_report
  }

  std::unique_lock lock(batch->mutex);
  const bool acknowledged =
      batch->all_acknowledged.wait_for(lock, timeout, [&] { return batch->remaining == 0; });
  if (!acknowledged) {
    return {PublishStatus::kUnavailable, "ack_timeout",
            std::to_string(batch->remaining) + " of " + std::to_string(count) +
                " records not acknowledged within " + std::to_string(timeout.count()) + " ms"};
  }
  if (batch->first_error != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return {PublishStatus::kUnavailable, lowercase_error_name(batch->first_error),
            rd_kafka_err2str(batch->first_error)};
  }
  metrics_.observe_ack_duration(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  return {};
}

void KafkaPublisher::on_delivery_report(const rd_kafka_message_t& message) {
  std::unique_ptr<DeliveryTicket> ticket(static_cast<DeliveryTicket*>(message._private));
  release_inflight(1);
  if (message.err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    if (ticket->dead_letter) {
      metrics_.count_dead_letter(ticket->dead_letter_reason);
    } else {
      metrics_.count_event_published(ticket->event_type_label);
    }
  }

  PendingBatch& batch = *ticket->batch;
  const std::lock_guard lock(batch.mutex);
  if (message.err != RD_KAFKA_RESP_ERR_NO_ERROR &&
      batch.first_error == RD_KAFKA_RESP_ERR_NO_ERROR) {
    batch.first_error = message.err;
  }
  if (--batch.remaining == 0) {
    batch.all_acknowledged.notify_all();
  }
}

void KafkaPublisher::on_error(rd_kafka_resp_err_t error, const char* reason) {
  if (error != RD_KAFKA_RESP_ERR__FATAL) {
    log::warn("Kafka client error", {{"error", rd_kafka_err2name(error)}, {"detail", reason}});
    if (error == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN) {
      connected_ = false;
      metrics_.set_kafka_up(false);
    }
    return;
  }

  char fatal_reason[512];
  const rd_kafka_resp_err_t fatal_error =
      rd_kafka_fatal_error(producer_.get(), fatal_reason, sizeof fatal_reason);
  if (fatal_.exchange(true)) {
    return;
  }
  log::error("Kafka producer hit a fatal error; the bridge must restart",
             {{"error", rd_kafka_err2name(fatal_error)}, {"detail", fatal_reason}});
  if (on_fatal_error_) {
    on_fatal_error_(fatal_reason);
  }
}

void KafkaPublisher::on_statistics(std::string_view json) {
  if (const auto statistics = parse_kafka_statistics(json)) {
    kafka_metrics_.update(*statistics);
  }
}

int KafkaPublisher::flush(std::chrono::milliseconds timeout) {
  rd_kafka_flush(producer_.get(), static_cast<int>(timeout.count()));
  return rd_kafka_outq_len(producer_.get());
}

void KafkaPublisher::poll_loop() {
  while (!stopping_) {
    rd_kafka_poll(producer_.get(), kPollTimeoutMs);
  }
}

void KafkaPublisher::probe_loop() {
  while (!stopping_) {
    const rd_kafka_metadata_t* raw = nullptr;
    const rd_kafka_resp_err_t error =
        rd_kafka_metadata(producer_.get(), 0, nullptr, &raw, kProbeTimeoutMs);
    const KafkaMetadata metadata(raw);
    const bool up = error == RD_KAFKA_RESP_ERR_NO_ERROR && metadata && metadata->broker_cnt > 0;
    if (up != connected_.exchange(up)) {
      log::info(up ? "Kafka cluster reachable" : "Kafka cluster unreachable",
                {{"error", rd_kafka_err2name(error)}});
    }
    metrics_.set_kafka_up(up);

    std::unique_lock lock(stop_mutex_);
    stop_signal_.wait_for(lock, kProbeInterval, [this] { return stopping_.load(); });
  }
}

void KafkaPublisher::release_inflight(std::size_t count) {
  const std::size_t before = inflight_events_.fetch_sub(count);
  metrics_.set_inflight_events(static_cast<double>(before - count));
}

}  // namespace bridge::publish
