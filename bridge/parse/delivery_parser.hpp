#pragma once

#include <rapidjson/document.h>

#include <memory>
#include <string>
#include <string_view>
#include <variant>

namespace bridge::parse {

// Maximum nesting of arrays and objects in a delivery body. Attio's events nest three levels
// deep; the limit stops hostile input from exhausting memory or the stack.
inline constexpr unsigned kMaxJsonDepth = 64;

// Reason a verified body cannot be split into events. The names are the `error` header of the
// dead letter and the `reason` label of attio_bridge_dead_letters_total.
enum class DeliveryError {
  kInvalidJson,    // not JSON, invalid UTF-8, trailing bytes, or too deep
  kNotAnObject,    // valid JSON, but not an object
  kMissingEvents,  // an object without an `events` array
  kDuplicateKey,   // the top-level object names a member twice, e.g. two `events` arrays
};

std::string_view to_reason(DeliveryError error);

// A parsed delivery body: `{"webhook_id": "...", "events": [...]}`. The document owns every
// value, so the events stay valid while the delivery lives.
struct Delivery {
  std::unique_ptr<rapidjson::Document> document;
  std::string_view webhook_id;               // empty when absent or not a string
  const rapidjson::Value* events = nullptr;  // always an array

  std::size_t event_count() const { return events->Size(); }
  const rapidjson::Value& event(std::size_t index) const {
    return (*events)[static_cast<rapidjson::SizeType>(index)];
  }
};

// Parses a verified body. The parse is iterative (no recursion on nesting), validates UTF-8,
// rejects trailing bytes and nesting deeper than kMaxJsonDepth.
std::variant<Delivery, DeliveryError> parse_delivery(std::string_view body);

}  // namespace bridge::parse
