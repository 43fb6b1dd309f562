#pragma once

#include <rapidjson/fwd.h>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace bridge::testing {

// Validator for JSON documents against one schema file of the `schemas/` folder.
//
// RapidJSON 1.1.0 implements JSON Schema draft-04 only, passes a truncated URI to
// its remote-document provider and reports no schema location inside another
// file. The constructor therefore inlines every `$ref` (local or to another
// file) into one self-contained schema before compiling it, and rejects
// recursive references. RapidJSON names only the combinator when a value fails
// inside `oneOf`, `anyOf` or `allOf`, so `validate` then checks the branches
// itself to report the innermost failure. A `oneOf` or `anyOf` whose schema
// carries the annotation `"discriminator": {"propertyName": NAME}` is narrowed
// to the branch that accepts the value of NAME.
class SchemaValidator {
 public:
  // Loads `schema_file`, a path relative to `schemas_dir`, and every file it
  // references. Throws std::runtime_error when a file is missing or not valid
  // JSON, a `$ref` does not resolve, or a pattern uses regex syntax that
  // RapidJSON 1.1.0 cannot compile (it would skip such a pattern silently).
  explicit SchemaValidator(const std::string& schema_file,
                           const std::filesystem::path& schemas_dir = default_schemas_dir());
  ~SchemaValidator();
  SchemaValidator(SchemaValidator&&) noexcept;
  SchemaValidator& operator=(SchemaValidator&&) noexcept;

  // Returns an empty string when `json_text` is valid. Otherwise returns one line
  // with the JSON pointer of the failing value, the failing keyword and the
  // schema location as `file#pointer`. Values are quoted only when they are
  // scalars, shortened to 60 characters.
  std::string validate(std::string_view json_text) const;
  std::string validate(const rapidjson::Value& value) const;

  // The `schemas/` folder of this source tree.
  static std::filesystem::path default_schemas_dir();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace bridge::testing
