#include "bridge/parse/delivery_parser.hpp"

#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <charconv>
#include <cstdint>

#include "bridge/parse/duplicate_keys.hpp"

namespace bridge::parse {
namespace {

// Numbers reach the handler as text and are converted by to_number below. RapidJSON 1.1.0's
// own full-precision conversion calls clz(0), which is undefined, for a zero with a large
// negative exponent such as 0E-315.
constexpr unsigned kParseFlags = rapidjson::kParseIterativeFlag |
                                 rapidjson::kParseValidateEncodingFlag |
                                 rapidjson::kParseNumbersAsStringsFlag;

// Stores the JSON number `text` in `document` as an exact integer when it has no fraction or
// exponent and fits in 64 bits, else as the correctly rounded double. Returns false for a
// number outside the range of double, which makes the body invalid.
// NOTE: this also rejects numbers that round to a subnormal double (below about 2.2e-308),
// because std::from_chars reports them as out of range.
bool to_number(std::string_view text, rapidjson::Document& document) {
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  if (text.find_first_of(".eE") == std::string_view::npos) {
    if (text.starts_with('-')) {
      std::int64_t value = 0;
      const auto [stop, error] = std::from_chars(begin, end, value);
      if (error == std::errc() && stop == end) {
        return document.Int64(value);
      }
    } else {
      std::uint64_t value = 0;
      const auto [stop, error] = std::from_chars(begin, end, value);
      if (error == std::errc() && stop == end) {
        return document.Uint64(value);
      }
    }
  }
  double value = 0;
  const auto [stop, error] = std::from_chars(begin, end, value);
  return error == std::errc() && stop == end && document.Double(value);
}

// Returns true when decoded text contains a UTF-16 surrogate (U+D800 to U+DFFF, encoded as ED A0
// to ED BF). RapidJSON 1.1 validates raw bytes but decodes a lone "\udc00" escape into such a
// sequence, which is not valid UTF-8 and would make every record built from it invalid.
bool has_surrogate(const char* text, rapidjson::SizeType length) {
  for (rapidjson::SizeType i = 0; i + 1 < length; ++i) {
    if (static_cast<unsigned char>(text[i]) == 0xED &&
        static_cast<unsigned char>(text[i + 1]) >= 0xA0) {
      return true;
    }
  }
  return false;
}

// Forwards SAX events to the document while counting nesting depth, and stops the parse
// when it passes kMaxJsonDepth.
class DepthLimitedHandler {
 public:
  explicit DepthLimitedHandler(rapidjson::Document& document) : document_(document) {}

  bool Null() { return document_.Null(); }
  bool Bool(bool b) { return document_.Bool(b); }
  bool Int(int i) { return document_.Int(i); }
  bool Uint(unsigned u) { return document_.Uint(u); }
  bool Int64(int64_t i) { return document_.Int64(i); }
  bool Uint64(uint64_t u) { return document_.Uint64(u); }
  bool Double(double d) { return document_.Double(d); }
  bool RawNumber(const char* str, rapidjson::SizeType length, bool) {
    return to_number({str, length}, document_);
  }
  bool String(const char* str, rapidjson::SizeType length, bool copy) {
    return !has_surrogate(str, length) && document_.String(str, length, copy);
  }
  bool StartObject() { return enter() && document_.StartObject(); }
  bool Key(const char* str, rapidjson::SizeType length, bool copy) {
    return !has_surrogate(str, length) && document_.Key(str, length, copy);
  }
  bool EndObject(rapidjson::SizeType count) {
    --depth_;
    return document_.EndObject(count);
  }
  bool StartArray() { return enter() && document_.StartArray(); }
  bool EndArray(rapidjson::SizeType count) {
    --depth_;
    return document_.EndArray(count);
  }

 private:
  bool enter() { return ++depth_ <= kMaxJsonDepth; }

  rapidjson::Document& document_;
  unsigned depth_ = 0;
};

}  // namespace

std::string_view to_reason(DeliveryError error) {
  switch (error) {
    case DeliveryError::kInvalidJson:
      return "invalid_json";
    case DeliveryError::kNotAnObject:
      return "not_an_object";
    case DeliveryError::kMissingEvents:
      return "missing_events";
    case DeliveryError::kDuplicateKey:
      return "duplicate_key";
  }
  return "invalid_json";
}

std::variant<Delivery, DeliveryError> parse_delivery(std::string_view body) {
  auto document = std::make_unique<rapidjson::Document>();
  bool parsed = false;
  auto generate = [&](rapidjson::Document& target) {
    rapidjson::MemoryStream stream(body.data(), body.size());
    rapidjson::Reader reader;
    DepthLimitedHandler handler(target);
    // A NUL byte reads as the end of the stream, so also check that every byte was consumed.
    parsed = !reader.Parse<kParseFlags>(stream, handler).IsError() && stream.Tell() == body.size();
    return parsed;
  };
  document->Populate(generate);
  if (!parsed) {
    return DeliveryError::kInvalidJson;
  }
  if (!document->IsObject()) {
    return DeliveryError::kNotAnObject;
  }
  if (has_duplicate_member(*document)) {
    return DeliveryError::kDuplicateKey;
  }

  const auto events = document->FindMember("events");
  if (events == document->MemberEnd() || !events->value.IsArray()) {
    return DeliveryError::kMissingEvents;
  }

  Delivery delivery;
  delivery.events = &events->value;
  const auto webhook_id = document->FindMember("webhook_id");
  if (webhook_id != document->MemberEnd() && webhook_id->value.IsString()) {
    delivery.webhook_id = {webhook_id->value.GetString(), webhook_id->value.GetStringLength()};
  }
  delivery.document = std::move(document);
  return delivery;
}

}  // namespace bridge::parse
