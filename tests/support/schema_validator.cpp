#include "support/schema_validator.hpp"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/internal/regex.h>
#include <rapidjson/pointer.h>
#include <rapidjson/schema.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <stdexcept>
#include <utility>
#include <vector>

namespace bridge::testing {

namespace {

using Allocator = rapidjson::Document::AllocatorType;

// Maximum depth of nested oneOf/anyOf/allOf that `describe_failure` descends into.
constexpr int kMaxCombinatorDepth = 16;
constexpr std::size_t kMaxQuotedValueLength = 60;

// Link from a place in the bundled schema back to the file and pointer it was copied from.
struct Origin {
  std::string bundle_pointer;
  std::string location;
};

std::string escape_pointer_token(std::string_view token) {
  std::string escaped;
  for (char c : token) {
    if (c == '~') {
      escaped += "~0";
    } else if (c == '/') {
      escaped += "~1";
    } else {
      escaped += c;
    }
  }
  return escaped;
}

std::string pointer_to_string(const rapidjson::Pointer& pointer) {
  rapidjson::StringBuffer buffer;
  pointer.Stringify(buffer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

const rapidjson::Value* find_by_pointer(const rapidjson::Value& root, const std::string& pointer) {
  rapidjson::Pointer parsed(pointer.c_str(), pointer.size());
  if (!parsed.IsValid()) {
    return nullptr;
  }
  return parsed.Get(root);
}

// Inliner that copies a schema file into one document. It replaces each `$ref`
// object by a copy of its target, so RapidJSON never has to resolve a reference.
class Bundler {
 public:
  explicit Bundler(std::filesystem::path schemas_dir) : schemas_dir_(std::move(schemas_dir)) {}

  void bundle(const std::string& file, rapidjson::Document& out) {
    const rapidjson::Document& source = load(file);
    origins_.push_back({"", file + "#"});
    std::string bundle_pointer;
    copy(source, file, bundle_pointer, out, out.GetAllocator());
  }

  std::vector<Origin> take_origins() { return std::move(origins_); }

 private:
  const rapidjson::Document& load(const std::string& file) {
    auto found = documents_.find(file);
    if (found != documents_.end()) {
      return *found->second;
    }

    const std::filesystem::path path = schemas_dir_ / file;
    std::ifstream stream(path, std::ios::binary);
    if (!stream) {
      throw std::runtime_error("schema file not found: " + path.string() +
                               " (check the name and the schemas directory)");
    }
    std::stringstream text;
    text << stream.rdbuf();
    const std::string content = text.str();

    auto document = std::make_unique<rapidjson::Document>();
    document->Parse(content.c_str(), content.size());
    if (document->HasParseError()) {
      throw std::runtime_error("schema file " + path.string() + " is not valid JSON: " +
                               rapidjson::GetParseError_En(document->GetParseError()) +
                               " at offset " + std::to_string(document->GetErrorOffset()));
    }
    return *documents_.emplace(file, std::move(document)).first->second;
  }

  void copy(const rapidjson::Value& source, const std::string& file, std::string& bundle_pointer,
            rapidjson::Value& out, Allocator& allocator) {
    if (source.IsObject()) {
      auto ref = source.FindMember("$ref");
      if (ref != source.MemberEnd() && ref->value.IsString()) {
        copy_reference(ref->value.GetString(), file, bundle_pointer, out, allocator);
        return;
      }

      out.SetObject();
      for (const auto& member : source.GetObject()) {
        const std::size_t length = bundle_pointer.size();
        bundle_pointer += "/" + escape_pointer_token(member.name.GetString());
        rapidjson::Value child;
        copy(member.value, file, bundle_pointer, child, allocator);
        out.AddMember(rapidjson::Value(member.name, allocator), child, allocator);
        bundle_pointer.resize(length);
      }
      return;
    }

    if (source.IsArray()) {
      out.SetArray();
      for (rapidjson::SizeType i = 0; i < source.Size(); ++i) {
        const std::size_t length = bundle_pointer.size();
        bundle_pointer += "/" + std::to_string(i);
        rapidjson::Value child;
        copy(source[i], file, bundle_pointer, child, allocator);
        out.PushBack(child, allocator);
        bundle_pointer.resize(length);
      }
      return;
    }

    out.CopyFrom(source, allocator);
  }

  // Resolves `reference` ("other.json#/pointer", "other.json" or "#/pointer")
  // relative to the folder of `file` and copies its target into `out`.
  void copy_reference(const std::string& reference, const std::string& file,
                      std::string& bundle_pointer, rapidjson::Value& out, Allocator& allocator) {
    const std::size_t hash = reference.find('#');
    const std::string file_part = reference.substr(0, hash);
    const std::string fragment = hash == std::string::npos ? "" : reference.substr(hash + 1);

    std::string target_file = file;
    if (!file_part.empty()) {
      target_file = (std::filesystem::path(file).parent_path() / file_part)
                        .lexically_normal()
                        .generic_string();
    }
    const std::string location = target_file + "#" + fragment;

    for (const std::string& active : active_references_) {
      if (active == location) {
        throw std::runtime_error("recursive $ref to " + location + " in " + file +
                                 " cannot be inlined; restructure the schema without recursion");
      }
    }

    const rapidjson::Document& target_document = load(target_file);
    const rapidjson::Value* target = find_by_pointer(target_document, fragment);
    if (target == nullptr) {
      throw std::runtime_error("$ref \"" + reference + "\" in " + file + " at " +
                               (bundle_pointer.empty() ? "the root" : bundle_pointer) +
                               " does not resolve: " + location + " not found");
    }

    origins_.push_back({bundle_pointer, location});
    active_references_.push_back(location);
    copy(*target, target_file, bundle_pointer, out, allocator);
    active_references_.pop_back();
  }

  std::filesystem::path schemas_dir_;
  std::map<std::string, std::unique_ptr<rapidjson::Document>> documents_;
  std::vector<Origin> origins_;
  std::vector<std::string> active_references_;
};

// Compiles every pattern and throws for one that RapidJSON's regex engine cannot
// compile, because RapidJSON treats such a pattern as absent and accepts every string.
void check_patterns(const rapidjson::Value& schema, std::string& pointer,
                    const std::function<std::string(const std::string&)>& location_of) {
  auto check_one = [&location_of](const rapidjson::Value& pattern, const std::string& at) {
    rapidjson::internal::Regex regex(pattern.GetString());
    if (!regex.IsValid()) {
      throw std::runtime_error(std::string("pattern \"") + pattern.GetString() + "\" at " +
                               location_of(at) +
                               " uses regex syntax RapidJSON 1.1.0 cannot compile; use only "
                               "literals, [ranges], groups, | and {n,m} quantifiers");
    }
  };

  if (schema.IsObject()) {
    for (const auto& member : schema.GetObject()) {
      const std::size_t length = pointer.size();
      pointer += "/" + escape_pointer_token(member.name.GetString());
      if (std::strcmp(member.name.GetString(), "pattern") == 0 && member.value.IsString()) {
        check_one(member.value, pointer);
      }
      if (std::strcmp(member.name.GetString(), "patternProperties") == 0 &&
          member.value.IsObject()) {
        for (const auto& property : member.value.GetObject()) {
          check_one(property.name, pointer);
        }
      }
      check_patterns(member.value, pointer, location_of);
      pointer.resize(length);
    }
  } else if (schema.IsArray()) {
    for (rapidjson::SizeType i = 0; i < schema.Size(); ++i) {
      const std::size_t length = pointer.size();
      pointer += "/" + std::to_string(i);
      check_patterns(schema[i], pointer, location_of);
      pointer.resize(length);
    }
  }
}

std::string describe_value(const rapidjson::Value* value) {
  if (value == nullptr) {
    return "";
  }
  if (value->IsObject()) {
    return "value is an object";
  }
  if (value->IsArray()) {
    return "value is an array of " + std::to_string(value->Size()) + " items";
  }
  if (value->IsNull()) {
    return "value is null";
  }
  if (value->IsBool()) {
    return std::string("value is ") + (value->GetBool() ? "true" : "false");
  }
  if (value->IsNumber()) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    value->Accept(writer);
    return std::string("value is ") + buffer.GetString();
  }
  std::string text(value->GetString(), value->GetStringLength());
  if (text.size() > kMaxQuotedValueLength) {
    text = text.substr(0, kMaxQuotedValueLength) + "...";
  }
  return "value is \"" + text + "\"";
}

std::string describe_missing(const rapidjson::Value* schema, const rapidjson::Value* instance) {
  if (schema == nullptr || instance == nullptr || !instance->IsObject()) {
    return "";
  }
  auto required = schema->FindMember("required");
  if (required == schema->MemberEnd() || !required->value.IsArray()) {
    return "";
  }
  std::string missing;
  for (const auto& name : required->value.GetArray()) {
    if (name.IsString() && !instance->HasMember(name)) {
      missing += (missing.empty() ? "" : ", ") + std::string("\"") + name.GetString() + "\"";
    }
  }
  return missing.empty() ? "" : "missing property " + missing;
}

// Returns true when `instance` is valid against the self-contained `schema`.
bool accepts(const rapidjson::Value& schema, const rapidjson::Value& instance) {
  rapidjson::SchemaDocument compiled(schema);
  rapidjson::SchemaValidator validator(compiled);
  instance.Accept(validator);
  return validator.IsValid();
}

}  // namespace

struct SchemaValidator::State {
  std::string schema_file;
  rapidjson::Document bundle;
  std::vector<Origin> origins;
  std::unique_ptr<rapidjson::SchemaDocument> compiled;

  std::string location_of(const std::string& bundle_pointer) const;
  std::string describe_failure(const rapidjson::Value& schema,
                               const rapidjson::SchemaDocument& compiled_schema,
                               const rapidjson::Value& instance, const std::string& schema_prefix,
                               const std::string& instance_prefix, int depth) const;
  std::string describe_combinator(const std::string& keyword, const rapidjson::Value& schema,
                                  const rapidjson::Value& instance,
                                  const std::string& schema_pointer,
                                  const std::string& instance_pointer, int depth) const;
  std::string describe_branch(const rapidjson::Value& branch, const rapidjson::Value& instance,
                              const std::string& branch_pointer,
                              const std::string& instance_pointer, int depth) const;
};

std::string SchemaValidator::State::location_of(const std::string& bundle_pointer) const {
  const Origin* best = nullptr;
  for (const Origin& origin : origins) {
    const std::string& prefix = origin.bundle_pointer;
    const bool matches =
        bundle_pointer.compare(0, prefix.size(), prefix) == 0 &&
        (bundle_pointer.size() == prefix.size() || bundle_pointer[prefix.size()] == '/');
    // Later origins are nested inside earlier ones, so an equal length wins too.
    if (matches && (best == nullptr || prefix.size() >= best->bundle_pointer.size())) {
      best = &origin;
    }
  }
  if (best == nullptr) {
    return schema_file + "#" + bundle_pointer;
  }
  return best->location + bundle_pointer.substr(best->bundle_pointer.size());
}

std::string SchemaValidator::State::describe_failure(
    const rapidjson::Value& schema, const rapidjson::SchemaDocument& compiled_schema,
    const rapidjson::Value& instance, const std::string& schema_prefix,
    const std::string& instance_prefix, int depth) const {
  rapidjson::SchemaValidator validator(compiled_schema);
  instance.Accept(validator);
  if (validator.IsValid()) {
    return "";
  }

  const char* keyword_text = validator.GetInvalidSchemaKeyword();
  const std::string keyword = keyword_text == nullptr ? "unknown" : keyword_text;
  const std::string schema_pointer = pointer_to_string(validator.GetInvalidSchemaPointer());
  const std::string instance_pointer = pointer_to_string(validator.GetInvalidDocumentPointer());
  const rapidjson::Value* failing_schema = find_by_pointer(schema, schema_pointer);
  const rapidjson::Value* failing_instance = find_by_pointer(instance, instance_pointer);
  const std::string full_schema_pointer = schema_prefix + schema_pointer;
  const std::string full_instance_pointer = instance_prefix + instance_pointer;

  const bool combinator = keyword == "oneOf" || keyword == "anyOf" || keyword == "allOf";
  if (combinator && depth < kMaxCombinatorDepth && failing_schema != nullptr &&
      failing_instance != nullptr) {
    return describe_combinator(keyword, *failing_schema, *failing_instance, full_schema_pointer,
                               full_instance_pointer, depth);
  }

  std::string detail = keyword == "required" ? describe_missing(failing_schema, failing_instance)
                                             : describe_value(failing_instance);
  std::string message = "at " + (full_instance_pointer.empty() ? "(root)" : full_instance_pointer) +
                        ": keyword \"" + keyword + "\" failed in " +
                        location_of(full_schema_pointer);
  if (!detail.empty()) {
    message += ": " + detail;
  }
  return message;
}

std::string SchemaValidator::State::describe_branch(const rapidjson::Value& branch,
                                                    const rapidjson::Value& instance,
                                                    const std::string& branch_pointer,
                                                    const std::string& instance_pointer,
                                                    int depth) const {
  rapidjson::SchemaDocument compiled_branch(branch);
  return describe_failure(branch, compiled_branch, instance, branch_pointer, instance_pointer,
                          depth + 1);
}

std::string SchemaValidator::State::describe_combinator(
    const std::string& keyword, const rapidjson::Value& schema, const rapidjson::Value& instance,
    const std::string& schema_pointer, const std::string& instance_pointer, int depth) const {
  const std::string summary = "at " + (instance_pointer.empty() ? "(root)" : instance_pointer) +
                              ": keyword \"" + keyword + "\" failed in " +
                              location_of(schema_pointer);
  auto branches_member = schema.FindMember(keyword.c_str());
  if (branches_member == schema.MemberEnd() || !branches_member->value.IsArray()) {
    return summary;
  }
  const rapidjson::Value& branches = branches_member->value;
  auto branch_pointer = [&](rapidjson::SizeType i) {
    return schema_pointer + "/" + keyword + "/" + std::to_string(i);
  };

  if (keyword == "allOf") {
    for (rapidjson::SizeType i = 0; i < branches.Size(); ++i) {
      if (!accepts(branches[i], instance)) {
        return describe_branch(branches[i], instance, branch_pointer(i), instance_pointer, depth);
      }
    }
    return summary;
  }

  // A discriminator names the property whose value selects one branch, so the
  // error of that branch is the one worth reporting.
  const rapidjson::Value* property_name = find_by_pointer(schema, "/discriminator/propertyName");
  if (property_name != nullptr && property_name->IsString() && instance.IsObject()) {
    auto selector = instance.FindMember(*property_name);
    if (selector == instance.MemberEnd()) {
      return summary + ": missing property \"" + property_name->GetString() +
             "\" that selects the branch";
    }
    std::vector<rapidjson::SizeType> selected;
    for (rapidjson::SizeType i = 0; i < branches.Size(); ++i) {
      const std::string selector_pointer =
          "/properties/" + escape_pointer_token(property_name->GetString());
      const rapidjson::Value* selector_schema = find_by_pointer(branches[i], selector_pointer);
      if (selector_schema != nullptr && accepts(*selector_schema, selector->value)) {
        selected.push_back(i);
      }
    }
    if (selected.size() == 1) {
      std::string inner =
          describe_branch(branches[selected.front()], instance, branch_pointer(selected.front()),
                          instance_pointer, depth);
      if (!inner.empty()) {
        return inner;
      }
    }
  }

  std::vector<rapidjson::SizeType> matching;
  for (rapidjson::SizeType i = 0; i < branches.Size(); ++i) {
    if (accepts(branches[i], instance)) {
      matching.push_back(i);
    }
  }
  if (matching.size() > 1) {
    std::string branch_list;
    for (rapidjson::SizeType i : matching) {
      branch_list += (branch_list.empty() ? "" : ", ") + std::to_string(i);
    }
    return summary + ": value matches branches " + branch_list + ", exactly one expected";
  }
  if (branches.Size() == 1) {
    return describe_branch(branches[0], instance, branch_pointer(0), instance_pointer, depth);
  }
  return summary + ": value matches none of the " + std::to_string(branches.Size()) + " branches";
}

SchemaValidator::SchemaValidator(const std::string& schema_file,
                                 const std::filesystem::path& schemas_dir)
    : state_(std::make_unique<State>()) {
  state_->schema_file = schema_file;

  Bundler bundler(schemas_dir);
  bundler.bundle(schema_file, state_->bundle);
  state_->origins = bundler.take_origins();

  std::string pointer;
  check_patterns(state_->bundle, pointer,
                 [this](const std::string& at) { return state_->location_of(at); });

  state_->compiled = std::make_unique<rapidjson::SchemaDocument>(state_->bundle);
}

SchemaValidator::~SchemaValidator() = default;
SchemaValidator::SchemaValidator(SchemaValidator&&) noexcept = default;
SchemaValidator& SchemaValidator::operator=(SchemaValidator&&) noexcept = default;

std::string SchemaValidator::validate(std::string_view json_text) const {
  rapidjson::Document document;
  document.Parse(json_text.data(), json_text.size());
  if (document.HasParseError()) {
    return std::string("not valid JSON: ") + rapidjson::GetParseError_En(document.GetParseError()) +
           " at offset " + std::to_string(document.GetErrorOffset());
  }
  return validate(static_cast<const rapidjson::Value&>(document));
}

std::string SchemaValidator::validate(const rapidjson::Value& value) const {
  return state_->describe_failure(state_->bundle, *state_->compiled, value, "", "", 0);
}

std::filesystem::path SchemaValidator::default_schemas_dir() {
  return std::filesystem::path(BRIDGE_SOURCE_DIR) / "schemas";
}

}  // namespace bridge::testing
