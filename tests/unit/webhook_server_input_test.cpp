#include <gtest/gtest.h>
#include <httplib.h>

#include <memory>
#include <string>

#include "bridge/http/webhook_server.hpp"
#include "support/pipeline_harness.hpp"
#include "support/raw_http_connection.hpp"

namespace bridge::http {
namespace {

using testing::kRecordIds;
using testing::one_event_delivery;
using testing::RawHttpConnection;
using testing::sign;

constexpr std::size_t kMaxBodyBytes = 4096;
constexpr const char* kPath = "/webhooks/attio";
// Deadline for a raw read. The server's read timeout is longer, so a response that arrives
// before it was not caused by the server giving up on a body it waited for.
constexpr std::chrono::milliseconds kReadDeadline{10000};

// A real WebhookServer on 127.0.0.1 and an ephemeral port, in front of a real pipeline whose
// publisher records messages instead of producing them.
class WebhookServerInput : public ::testing::Test {
 protected:
  void SetUp() override {
    WebhookServerSettings settings;
    settings.listen = {"127.0.0.1", 0};
    settings.webhook_path = kPath;
    settings.max_body_bytes = kMaxBodyBytes;
    settings.worker_threads = 4;
    settings.read_timeout = std::chrono::seconds(60);
    server_ = std::make_unique<WebhookServer>(settings, harness_.pipeline, harness_.metrics);
    port_ = server_->bind();
    server_->start();
    client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
    client_->set_read_timeout(10, 0);
  }

  void TearDown() override { server_->stop(); }

  httplib::Headers signed_headers(const std::string& body) {
    return {{"Attio-Signature", sign(body)}};
  }

  httplib::Result post(const std::string& body, httplib::Headers headers) {
    return client_->Post(kPath, headers, body, "application/json");
  }

  // Returns the request line and headers of a signed POST of `body` with `extra_headers`.
  std::string raw_head(const std::string& body, const std::string& extra_headers) {
    return std::string("POST ") + kPath + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
           "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\nAttio-Signature: " + sign(body) + "\r\n" + extra_headers + "\r\n";
  }

  testing::PipelineHarness harness_;
  std::unique_ptr<WebhookServer> server_;
  std::unique_ptr<httplib::Client> client_;
  int port_ = 0;
};

// Returns a valid delivery padded with trailing spaces to exactly `size` bytes.
std::string delivery_of_size(std::size_t size) {
  std::string body = one_event_delivery("record.created", kRecordIds);
  body.resize(size, ' ');
  return body;
}

TEST_F(WebhookServerInput, ValidDeliveryAccepted) {
  const std::string body = one_event_delivery("record.created", kRecordIds);
  const auto response = post(body, signed_headers(body));

  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, R"({"status":"accepted","events":1})");
  EXPECT_EQ(harness_.publisher.messages().size(), 1U);
}

TEST_F(WebhookServerInput, EmptyEventsAnswers200) {
  const std::string body = R"({"events":[]})";
  const auto response = post(body, signed_headers(body));

  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, R"({"status":"accepted","events":0})");
  EXPECT_TRUE(harness_.publisher.messages().empty());
}

TEST_F(WebhookServerInput, EmptyBodyDeadLettered) {
  const auto response = post("", signed_headers(""));

  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 202);
  EXPECT_EQ(response->body, R"({"status":"dead-lettered"})");
  const auto messages = harness_.publisher.messages();
  ASSERT_EQ(messages.size(), 1U);
  EXPECT_EQ(testing::header_value(messages[0], "error"), "invalid_json");
}

TEST_F(WebhookServerInput, BodyAtLimitAccepted) {
  const std::string body = delivery_of_size(kMaxBodyBytes);
  const auto response = post(body, signed_headers(body));

  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(harness_.publisher.messages().size(), 1U);
}

TEST_F(WebhookServerInput, BodyOverLimitRejected) {
  const std::string body = delivery_of_size(kMaxBodyBytes + 1);
  const auto response = post(body, signed_headers(body));

  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
  EXPECT_TRUE(harness_.publisher.messages().empty());
}

TEST_F(WebhookServerInput, OversizeRejectedBeforeBodySent) {
  RawHttpConnection connection(port_);
  const std::string body = delivery_of_size(kMaxBodyBytes + 1);
  connection.send(raw_head(body, ""));  // the body is never sent

  const auto response = connection.read_response(kReadDeadline);

  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
  EXPECT_NE(response->body.find("payload_too_large"), std::string::npos);
}

TEST_F(WebhookServerInput, ChunkedUnderLimitAccepted) {
  const std::string body = one_event_delivery("record.created", kRecordIds);
  const auto response = client_->Post(
      kPath, signed_headers(body),
      [&body](std::size_t offset, httplib::DataSink& sink) {
        if (offset < body.size()) {
          sink.write(body.data() + offset, std::min<std::size_t>(100, body.size() - offset));
        } else {
          sink.done();
        }
        return true;
      },
      "application/json");

  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(harness_.publisher.messages().size(), 1U);
}

TEST_F(WebhookServerInput, ChunkedOverLimitRejected) {
  const std::string body = delivery_of_size(kMaxBodyBytes + 1);
  const auto response = client_->Post(
      kPath, signed_headers(body),
      [&body](std::size_t offset, httplib::DataSink& sink) {
        if (offset < body.size()) {
          sink.write(body.data() + offset, std::min<std::size_t>(1000, body.size() - offset));
        } else {
          sink.done();
        }
        return true;
      },
      "application/json");

  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
  EXPECT_TRUE(harness_.publisher.messages().empty());
}

TEST_F(WebhookServerInput, ExpectContinueAccepted) {
  RawHttpConnection connection(port_);
  const std::string body = one_event_delivery("record.created", kRecordIds);
  connection.send(raw_head(body, "Expect: 100-continue\r\n"));

  const auto interim = connection.read_response(kReadDeadline);
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100);

  connection.send(body);
  const auto response = connection.read_response(kReadDeadline);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(harness_.publisher.messages().size(), 1U);
}

TEST_F(WebhookServerInput, ExpectContinueWithoutSignatureRejected) {
  RawHttpConnection connection(port_);
  const std::string body = one_event_delivery("record.created", kRecordIds);
  connection.send(std::string("POST ") + kPath +
                  " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  "Content-Length: " +
                  std::to_string(body.size()) + "\r\nExpect: 100-continue\r\n\r\n");

  const auto response = connection.read_response(kReadDeadline);

  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 401);
  EXPECT_EQ(response->body, R"({"error":"missing_signature"})");
}

TEST_F(WebhookServerInput, MissingSignatureRejectedBeforeBodySent) {
  RawHttpConnection connection(port_);
  connection.send(std::string("POST ") + kPath +
                  " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n");

  const auto response = connection.read_response(kReadDeadline);

  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 401);
}

TEST_F(WebhookServerInput, GzipEncodingRejected) {
  const std::string body = one_event_delivery("record.created", kRecordIds);
  httplib::Headers headers = signed_headers(body);
  headers.emplace("Content-Encoding", "gzip");

  const auto response = post(body, headers);

  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 415);
  EXPECT_EQ(response->body, R"({"error":"unsupported_content_encoding"})");
  EXPECT_TRUE(harness_.publisher.messages().empty());
}

TEST_F(WebhookServerInput, IdentityEncodingAccepted) {
  const std::string body = one_event_delivery("record.created", kRecordIds);
  httplib::Headers headers = signed_headers(body);
  headers.emplace("Content-Encoding", "identity");

  const auto response = post(body, headers);

  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
}

TEST_F(WebhookServerInput, GetRejectedWithAllow) {
  const auto response = client_->Get(kPath);

  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 405);
  EXPECT_EQ(response->get_header_value("Allow"), "POST");
}

TEST_F(WebhookServerInput, LongIdempotencyKeyRejected) {
  const std::string body = one_event_delivery("record.created", kRecordIds);
  httplib::Headers headers = signed_headers(body);
  headers.emplace("Idempotency-Key", std::string(201, 'k'));

  const auto response = post(body, headers);

  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_EQ(response->body, R"({"error":"invalid_idempotency_key"})");
  EXPECT_TRUE(harness_.publisher.messages().empty());
}

TEST_F(WebhookServerInput, ControlCharacterKeyRejected) {
  RawHttpConnection connection(port_);
  const std::string body = one_event_delivery("record.created", kRecordIds);
  connection.send(raw_head(body,
                           "Idempotency-Key: abc\x01"
                           "def\r\n") +
                  body);

  const auto response = connection.read_response(kReadDeadline);

  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_TRUE(harness_.publisher.messages().empty());
}

TEST_F(WebhookServerInput, NonAsciiKeyRejected) {
  RawHttpConnection connection(port_);
  const std::string body = one_event_delivery("record.created", kRecordIds);
  connection.send(raw_head(body, "Idempotency-Key: caf\xc3\xa9\r\n") + body);

  const auto response = connection.read_response(kReadDeadline);

  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_TRUE(harness_.publisher.messages().empty());
}

TEST_F(WebhookServerInput, ValidKeyBecomesEventId) {
  const std::string body = one_event_delivery("record.created", kRecordIds);
  httplib::Headers headers = signed_headers(body);
  headers.emplace("Idempotency-Key", "a1b2c3");

  const auto response = post(body, headers);

  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  const auto messages = harness_.publisher.messages();
  ASSERT_EQ(messages.size(), 1U);
  EXPECT_EQ(messages[0].key, "a1b2c3");
}

TEST_F(WebhookServerInput, SeveralEventsGetIndexedKeys) {
  std::string body = R"({"events":[)";
  body += R"({"event_type":"record.created","id":)" + std::string(kRecordIds) + "},";
  body += R"({"event_type":"record.updated","id":)" + std::string(kRecordIds) + "}]}";
  httplib::Headers headers = signed_headers(body);
  headers.emplace("Idempotency-Key", "a1b2c3");

  const auto response = post(body, headers);

  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  const auto messages = harness_.publisher.messages();
  ASSERT_EQ(messages.size(), 2U);
  EXPECT_EQ(messages[0].key, "a1b2c3:0");
  EXPECT_EQ(messages[1].key, "a1b2c3:1");
}

TEST_F(WebhookServerInput, LegacySignatureHeaderAccepted) {
  const std::string body = one_event_delivery("record.created", kRecordIds);
  const auto response = post(body, {{"X-Attio-Signature", sign(body)}});

  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
}

TEST_F(WebhookServerInput, UppercaseSignatureAccepted) {
  const std::string body = one_event_delivery("record.created", kRecordIds);
  std::string signature = sign(body);
  for (char& c : signature) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }

  const auto response = post(body, {{"Attio-Signature", signature}});

  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
}

TEST_F(WebhookServerInput, RotatedSecretAccepted) {
  const std::string body = one_event_delivery("record.created", kRecordIds);
  const auto response = post(body, {{"Attio-Signature", sign(body, testing::kRotatedSecret)}});

  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
}

TEST_F(WebhookServerInput, WrongSignatureRejected) {
  const std::string body = one_event_delivery("record.created", kRecordIds);
  const auto response = post(body, {{"Attio-Signature", sign(body, "another-secret")}});

  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 401);
  EXPECT_EQ(response->body, R"({"error":"invalid_signature"})");
  EXPECT_TRUE(harness_.publisher.messages().empty());
}

}  // namespace
}  // namespace bridge::http
