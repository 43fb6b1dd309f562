#pragma once

#include <utility>
#include <variant>

namespace bridge::attio {

// Wraps an error value so that Expected can tell it apart from a value of the same type.
template <typename E>
struct Unexpected {
  E error;
};

template <typename E>
Unexpected<E> make_unexpected(E error) {
  return Unexpected<E>{std::move(error)};
}

// Either a value or the error that prevented it; C++20 has no std::expected.
template <typename T, typename E>
class Expected {
 public:
  Expected(T value) : state_(std::in_place_index<0>, std::move(value)) {}
  Expected(Unexpected<E> unexpected)
      : state_(std::in_place_index<1>, std::move(unexpected.error)) {}

  bool has_value() const { return state_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() { return std::get<0>(state_); }
  const T& value() const { return std::get<0>(state_); }
  E& error() { return std::get<1>(state_); }
  const E& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, E> state_;
};

}  // namespace bridge::attio
