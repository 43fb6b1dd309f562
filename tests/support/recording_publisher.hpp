#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "bridge/publish/publisher.hpp"

namespace bridge::testing {

// A Publisher that keeps every message it is given instead of producing it, and returns a
// result the test chooses (acknowledged by default). Safe to use from many threads, so it
// can stand behind a running WebhookServer.
class RecordingPublisher : public publish::Publisher {
 public:
  publish::PublishResult publish(const std::vector<publish::OutgoingMessage>& messages,
                                 std::chrono::milliseconds timeout) override;
  bool connected() const override { return true; }

  // Sets what later publish calls return; kAcknowledged also records their messages.
  void set_result(publish::PublishResult result);

  // Returns a copy of every message recorded so far, in the order received.
  std::vector<publish::OutgoingMessage> messages() const;
  // Returns how many times publish was called, including calls with no message.
  std::size_t publish_calls() const;

 private:
  mutable std::mutex mutex_;
  publish::PublishResult result_;
  std::vector<publish::OutgoingMessage> messages_;
  std::size_t publish_calls_ = 0;
};

// Returns the value of header `name` of `message`, or an empty string when it has none.
std::string header_value(const publish::OutgoingMessage& message, std::string_view name);

}  // namespace bridge::testing
