#include "bench/common/delivery_set.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <stdexcept>

namespace bridge::bench {
namespace {

struct Fixture {
  std::string event_type;
  rapidjson::Document document;
};

bool is_uuid(std::string_view text) {
  if (text.size() != 36) {
    return false;
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') {
        return false;
      }
    } else if (!std::isxdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return true;
}

std::string random_uuid_v4(std::mt19937_64& random) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text(36, '-');
  const std::uint64_t high = random();
  const std::uint64_t low = random();
  int bit = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      continue;
    }
    const std::uint64_t word = bit < 64 ? high : low;
    text[i] = kHex[(word >> (bit % 64)) & 0xf];
    bit += 4;
  }
  text[14] = '4';                    // version 4
  text[19] = kHex[8 + (low & 0x3)];  // variant 10xx
  return text;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw std::runtime_error("cannot read fixture " + path.string());
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Loads the fixtures that hold exactly one event, sorted by file name.
std::vector<Fixture> load_fixtures(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") {
      paths.push_back(entry.path());
    }
  }
  std::sort(paths.begin(), paths.end());

  std::vector<Fixture> fixtures;
  for (const auto& path : paths) {
    Fixture fixture;
    const std::string text = read_file(path);
    fixture.document.Parse(text.c_str(), text.size());
    if (fixture.document.HasParseError() || !fixture.document.IsObject()) {
      continue;
    }
    const auto events = fixture.document.FindMember("events");
    if (events == fixture.document.MemberEnd() || !events->value.IsArray() ||
        events->value.Size() != 1 || !events->value[0].IsObject()) {
      continue;
    }
    const auto type = events->value[0].FindMember("event_type");
    if (type == events->value[0].MemberEnd() || !type->value.IsString()) {
      continue;
    }
    fixture.event_type = type->value.GetString();
    fixtures.push_back(std::move(fixture));
  }
  if (fixtures.empty()) {
    throw std::runtime_error("no single-event delivery fixture (*.json) found in " + dir.string() +
                             "; pass the tests/fixtures folder of the repository");
  }
  return fixtures;
}

// Replaces every UUID string below value with a new one, except workspace ids, so that
// each delivery names new records, entries and notes inside the same workspace.
void replace_uuids(rapidjson::Value& value, const char* member_name,
                   std::map<std::string, std::string>& replaced, std::mt19937_64& random,
                   rapidjson::Document::AllocatorType& allocator) {
  if (value.IsObject()) {
    for (auto& member : value.GetObject()) {
      replace_uuids(member.value, member.name.GetString(), replaced, random, allocator);
    }
    return;
  }
  if (value.IsArray()) {
    for (auto& element : value.GetArray()) {
      replace_uuids(element, member_name, replaced, random, allocator);
    }
    return;
  }
  if (!value.IsString() || !is_uuid(value.GetString()) ||
      (member_name != nullptr && std::string_view(member_name) == "workspace_id")) {
    return;
  }
  auto [slot, inserted] = replaced.try_emplace(value.GetString());
  if (inserted) {
    slot->second = random_uuid_v4(random);
  }
  value.SetString(slot->second, allocator);
}

template <typename Value>
std::string to_json(const Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return {buffer.GetString(), buffer.GetSize()};
}

std::string make_padding(std::size_t bytes, std::mt19937_64& random) {
  static constexpr std::string_view kLetters = "abcdefghijklmnopqrstuvwxyz     ";
  std::string text(bytes, ' ');
  for (char& c : text) {
    c = kLetters[random() % kLetters.size()];
  }
  return text;
}

}  // namespace

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_size = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest,
           &digest_size) == nullptr) {
    throw std::runtime_error("HMAC-SHA256 failed in OpenSSL");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(digest_size * 2);
  for (unsigned int i = 0; i < digest_size; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0xf]);
  }
  return hex;
}

std::vector<Delivery> generate_deliveries(const DeliverySetOptions& options) {
  if (options.min_body_bytes > options.max_body_bytes) {
    throw std::runtime_error("minimum body size is above the maximum body size");
  }
  std::vector<Fixture> fixtures = load_fixtures(options.fixtures_dir);
  std::mt19937_64 random(options.seed);
  std::uniform_int_distribution<std::size_t> body_size(options.min_body_bytes,
                                                       options.max_body_bytes);

  std::vector<Delivery> deliveries;
  deliveries.reserve(options.count);
  for (std::size_t index = 0; index < options.count; ++index) {
    const Fixture& fixture = fixtures[index % fixtures.size()];
    rapidjson::Document document;
    document.CopyFrom(fixture.document, document.GetAllocator());
    auto& allocator = document.GetAllocator();
    rapidjson::Value& event = document["events"][0];

    std::map<std::string, std::string> replaced;
    replace_uuids(event, nullptr, replaced, random, allocator);
    event.AddMember("padding", rapidjson::Value(rapidjson::kStringType), allocator);

    const std::size_t unpadded = to_json(document).size();
    const std::size_t target = body_size(random);
    const std::string padding = make_padding(target > unpadded ? target - unpadded : 0, random);
    event["padding"].SetString(padding, allocator);

    Delivery delivery;
    delivery.event_type = fixture.event_type;
    delivery.idempotency_key = options.key_prefix + "-" + std::to_string(index);
    delivery.event_json = to_json(event);
    delivery.body = to_json(document);
    delivery.signature = hmac_sha256_hex(options.secret, delivery.body);
    deliveries.push_back(std::move(delivery));
  }
  return deliveries;
}

}  // namespace bridge::bench
