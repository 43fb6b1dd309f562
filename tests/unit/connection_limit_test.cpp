// Slow and idle clients against the webhook listener: they hold a worker for a bounded time
// only, connections beyond --max-connections get 503 at once, and a signed
// delivery from a normal client still gets 200.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "bridge/http/webhook_server.hpp"
#include "support/load_driver.hpp"
#include "support/pipeline_harness.hpp"
#include "support/raw_http_connection.hpp"

namespace bridge::http {
namespace {

using testing::kRecordIds;
using testing::one_event_delivery;
using testing::RawHttpConnection;
using testing::sign;

constexpr const char* kPath = "/webhooks/attio";
constexpr std::size_t kWorkers = 2;
constexpr std::size_t kMaxConnections = 6;

class ConnectionLimit : public ::testing::Test {
 protected:
  void SetUp() override {
    WebhookServerSettings settings;
    settings.listen = {"127.0.0.1", 0};
    settings.webhook_path = kPath;
    settings.worker_threads = kWorkers;
    settings.max_connections = kMaxConnections;
    settings.read_timeout = std::chrono::seconds(1);
    settings.keep_alive_timeout = std::chrono::seconds(2);
    settings.request_read_deadline = std::chrono::seconds(2);
    server_ = std::make_unique<WebhookServer>(settings, harness_.pipeline, harness_.metrics);
    port_ = server_->bind();
    server_->start();
  }

  void TearDown() override { server_->stop(); }

  // Posts a signed delivery on a new connection; returns its status, 0 when none came.
  int post_signed_delivery() {
    httplib::Client client("127.0.0.1", port_);
    client.set_read_timeout(std::chrono::seconds(30));
    const std::string body = one_event_delivery("record.created", kRecordIds);
    const auto response =
        client.Post(kPath, {{"Attio-Signature", sign(body)}}, body, "application/json");
    return response ? response->status : 0;
  }

  testing::PipelineHarness harness_;
  std::unique_ptr<WebhookServer> server_;
  int port_ = 0;
};

TEST_F(ConnectionLimit, HalfHeaderClientsDoNotStarveDelivery) {
  // Twice as many slow clients as workers, all within the connection limit.
  std::vector<std::unique_ptr<RawHttpConnection>> slow_clients;
  for (std::size_t i = 0; i < 2 * kWorkers; ++i) {
    slow_clients.push_back(std::make_unique<RawHttpConnection>(port_));
    slow_clients.back()->send(std::string("POST ") + kPath +
                              " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: appl");
  }

  EXPECT_EQ(post_signed_delivery(), 200);
  EXPECT_EQ(harness_.publisher.messages().size(), 1U);
}

TEST_F(ConnectionLimit, TricklingClientsAreCutAtDeadline) {
  // One client per worker sends a header byte every 100 ms, well within the per-read
  // timeout, for up to 15 s. Only the request deadline (2 s) frees the workers sooner.
  constexpr int kTrickleBytes = 150;
  std::atomic<bool> answered{false};
  std::atomic<std::size_t> started{0};
  std::atomic<std::size_t> ran_to_the_end{0};
  std::vector<std::thread> slow_clients;
  for (std::size_t i = 0; i < kWorkers; ++i) {
    slow_clients.emplace_back([&] {
      RawHttpConnection connection(port_);
      try {
        connection.send(std::string("POST ") + kPath + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
        started.fetch_add(1);
        for (int sent = 0; sent < kTrickleBytes && !answered; ++sent) {
          connection.send("a");
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        ran_to_the_end.fetch_add(answered ? 0 : 1);
      } catch (const std::runtime_error&) {
        // The server closed the connection: the expected end.
      }
    });
  }
  EXPECT_TRUE(
      testing::poll_until([&] { return started.load() == kWorkers; }, std::chrono::seconds(10)));

  const int status = post_signed_delivery();
  answered = true;
  for (std::thread& thread : slow_clients) {
    thread.join();
  }
  EXPECT_EQ(status, 200);
  EXPECT_EQ(ran_to_the_end.load(), 0U)
      << "a trickling client kept its worker until it stopped by itself";
}

TEST_F(ConnectionLimit, ConnectionsBeyondLimitAnswered503) {
  std::vector<std::unique_ptr<RawHttpConnection>> idle_clients;
  for (std::size_t i = 0; i < kMaxConnections; ++i) {
    idle_clients.push_back(std::make_unique<RawHttpConnection>(port_));
  }

  RawHttpConnection rejected(port_);
  const auto response = rejected.read_response(std::chrono::seconds(10));
  ASSERT_TRUE(response) << "the connection over the limit got no answer";
  EXPECT_EQ(response->status, 503);
  EXPECT_NE(response->head.find("Retry-After: 1"), std::string::npos);
  EXPECT_EQ(response->body, R"({"error":"too_many_connections"})");

  // The idle connections time out, and a normal client is served again, as Attio's retry
  // would be.
  int status = 0;
  const bool accepted = testing::poll_until(
      [&] {
        status = post_signed_delivery();
        return status == 200;
      },
      std::chrono::seconds(30), std::chrono::milliseconds(200));
  EXPECT_TRUE(accepted) << "last status " << status;
}

}  // namespace
}  // namespace bridge::http
