#include "support/recording_publisher.hpp"

namespace bridge::testing {

publish::PublishResult RecordingPublisher::publish(
    const std::vector<publish::OutgoingMessage>& messages, std::chrono::milliseconds) {
  const std::lock_guard lock(mutex_);
  ++publish_calls_;
  if (result_.status == publish::PublishStatus::kAcknowledged) {
    messages_.insert(messages_.end(), messages.begin(), messages.end());
  }
  return result_;
}

void RecordingPublisher::set_result(publish::PublishResult result) {
  const std::lock_guard lock(mutex_);
  result_ = std::move(result);
}

std::vector<publish::OutgoingMessage> RecordingPublisher::messages() const {
  const std::lock_guard lock(mutex_);
  return messages_;
}

std::size_t RecordingPublisher::publish_calls() const {
  const std::lock_guard lock(mutex_);
  return publish_calls_;
}

std::string header_value(const publish::OutgoingMessage& message, std::string_view name) {
  for (const auto& [key, value] : message.headers) {
    if (key == name) {
      return value;
    }
  }
  return {};
}

}  // namespace bridge::testing
