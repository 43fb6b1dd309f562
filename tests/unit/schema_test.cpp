#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/pointer.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support/schema_validator.hpp"

namespace {

namespace fs = std::filesystem;
using bridge::testing::SchemaValidator;

// Workspace and webhook shared by every fixture.
constexpr const char* kWorkspaceId = "2d6f6bf9-cf2a-43b8-9a1c-ffa08523913e";
constexpr const char* kWebhookId = "1ec9b4b0-b9e1-4eb5-93a9-1663279630cb";
constexpr const char* kOtherUuid = "0f3c8a52-6d1e-4b7a-9c21-5e8d4f6a7b90";

std::string read_text(const fs::path& path) {
  std::ifstream stream(path, std::ios::binary);
  std::stringstream text;
  text << stream.rdbuf();
  return text.str();
}

rapidjson::Document parse(const std::string& text) {
  rapidjson::Document document;
  document.Parse(text.c_str(), text.size());
  EXPECT_FALSE(document.HasParseError()) << "test JSON does not parse";
  return document;
}

std::string to_json(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return buffer.GetString();
}

// Returns `json` with the value at `pointer` replaced by the JSON text `replacement`.
std::string with_value(const std::string& json, const char* pointer,
                       const std::string& replacement) {
  rapidjson::Document document = parse(json);
  rapidjson::Document value(&document.GetAllocator());
  value.Parse(replacement.c_str(), replacement.size());
  EXPECT_FALSE(value.HasParseError()) << replacement;
  rapidjson::Pointer(pointer).Set(document, value);
  return to_json(document);
}

std::string with_string(const std::string& json, const char* pointer, const std::string& text) {
  rapidjson::Document document = parse(json);
  rapidjson::Pointer(pointer).Set(document, rapidjson::StringRef(text.c_str()));
  return to_json(document);
}

std::string without(const std::string& json, const char* pointer) {
  rapidjson::Document document = parse(json);
  EXPECT_TRUE(rapidjson::Pointer(pointer).Erase(document)) << pointer << " not in test JSON";
  return to_json(document);
}

std::vector<fs::path> fixture_files() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(BRIDGE_TEST_FIXTURES_DIR)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

fs::path fixture_path(const std::string& name) {
  return fs::path(BRIDGE_TEST_FIXTURES_DIR) / name;
}

std::string fixture_delivery(const std::string& event_type) {
  return read_text(fixture_path(event_type + ".json"));
}

// The single event of the fixture delivery for `event_type`, as compact JSON.
std::string fixture_event(const std::string& event_type) {
  rapidjson::Document delivery = parse(fixture_delivery(event_type));
  return to_json(delivery["events"][0]);
}

std::string delivery_with_event(const std::string& event_json) {
  return std::string("{\"webhook_id\":\"") + kWebhookId + "\",\"events\":[" + event_json + "]}";
}

const SchemaValidator& delivery_schema() {
  static const SchemaValidator validator("attio-delivery.schema.json");
  return validator;
}

const SchemaValidator& cloudevent_schema() {
  static const SchemaValidator validator("cloudevent.schema.json");
  return validator;
}

// Replaces each {key} of `subject_template` with the value of that key in `id`.
std::string fill_subject(const std::string& subject_template, const rapidjson::Value& id) {
  std::string subject;
  std::size_t position = 0;
  while (position < subject_template.size()) {
    const std::size_t open = subject_template.find('{', position);
    if (open == std::string::npos) {
      subject += subject_template.substr(position);
      break;
    }
    const std::size_t close = subject_template.find('}', open);
    const std::string key = subject_template.substr(open + 1, close - open - 1);
    subject += subject_template.substr(position, open - position);
    subject += id[key.c_str()].GetString();
    position = close + 1;
  }
  return subject;
}

// A CloudEvent in the shape the bridge writes, wrapping `event_json` as data.
std::string make_cloudevent(const std::string& event_json, const std::string& subject) {
  rapidjson::Document event = parse(event_json);
  rapidjson::Document cloudevent = parse("{}");
  auto& allocator = cloudevent.GetAllocator();
  const std::string type = std::string("com.attio.") + event["event_type"].GetString();
  const std::string source = std::string("urn:attio:workspace:") + kWorkspaceId;

  cloudevent.AddMember("specversion", "1.0", allocator);
  cloudevent.AddMember("id", "7f1d2c3b-idempotency-key", allocator);
  cloudevent.AddMember("source", rapidjson::Value(source.c_str(), allocator), allocator);
  cloudevent.AddMember("type", rapidjson::Value(type.c_str(), allocator), allocator);
  cloudevent.AddMember("subject", rapidjson::Value(subject.c_str(), allocator), allocator);
  cloudevent.AddMember("time", "2026-03-01T09:30:00.123Z", allocator);
  cloudevent.AddMember("datacontenttype", "application/json", allocator);
  cloudevent.AddMember("data", rapidjson::Value(event, allocator), allocator);
  cloudevent.AddMember("attiowebhookid", rapidjson::StringRef(kWebhookId), allocator);
  cloudevent.AddMember("attioworkspaceid", rapidjson::StringRef(kWorkspaceId), allocator);
  return to_json(cloudevent);
}

std::string cloudevent_for_fixture(const std::string& event_type,
                                   const std::string& subject_template) {
  const std::string event = fixture_event(event_type);
  const rapidjson::Document parsed = parse(event);
  return make_cloudevent(event, fill_subject(subject_template, parsed["id"]));
}

std::string record_created_cloudevent() {
  return cloudevent_for_fixture("record.created", "objects/{object_id}/records/{record_id}");
}

std::string unknown_event() {
  return std::string(R"({"event_type":"deal-stage.changed","id":{"workspace_id":")") +
         kWorkspaceId + R"(","deal_id":")" + kOtherUuid +
         R"("},"stage":"won","actor":{"type":"system","id":null}})";
}

// A folder under the system temp directory, removed with its content on destruction.
class TemporaryDirectory {
 public:
  TemporaryDirectory() {
    static int counter = 0;
    path_ = fs::temp_directory_path() / ("attio-bridge-schema-test-" + std::to_string(::getpid()) +
                                         "-" + std::to_string(counter++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TemporaryDirectory() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TemporaryDirectory(const TemporaryDirectory&) = delete;
  TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;

  const fs::path& path() const { return path_; }

  void write(const std::string& name, const std::string& content) const {
    std::ofstream(path_ / name, std::ios::binary) << content;
  }

 private:
  fs::path path_;
};

std::set<std::string> relative_files(const fs::path& root, const std::string& extension) {
  std::set<std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && name.size() > extension.size() &&
        name.compare(name.size() - extension.size(), extension.size(), extension) == 0) {
      files.insert(fs::relative(entry.path(), root).generic_string());
    }
  }
  return files;
}

// Generated files

TEST(SchemaFiles, MatchGeneratorOutput) {
  const TemporaryDirectory output;
  const fs::path schemas_dir = SchemaValidator::default_schemas_dir();
  const std::string command = "python3 '" + (schemas_dir / "generate.py").string() +
                              "' --output-dir '" + output.path().string() + "'";
  ASSERT_EQ(std::system(command.c_str()), 0) << "failed to run: " << command;

  const std::set<std::string> generated = relative_files(output.path(), ".schema.json");
  const std::set<std::string> committed = relative_files(schemas_dir, ".schema.json");
  EXPECT_EQ(generated.size(), 37u) << "34 event schemas plus delivery, event and CloudEvent";
  EXPECT_EQ(committed, generated) << "run python3 schemas/generate.py and commit the result";
  for (const std::string& file : generated) {
    EXPECT_EQ(read_text(schemas_dir / file), read_text(output.path() / file))
        << file << " is stale: run python3 schemas/generate.py";
  }
}

// Delivery schema

TEST(DeliverySchema, AcceptsEveryFixture) {
  const std::vector<fs::path> files = fixture_files();
  EXPECT_GE(files.size(), 35u);
  for (const fs::path& file : files) {
    EXPECT_EQ(delivery_schema().validate(read_text(file)), "") << file;
  }
}

TEST(DeliverySchema, AcceptsUnknownEventType) {
  EXPECT_EQ(delivery_schema().validate(delivery_with_event(unknown_event())), "");
}

TEST(DeliverySchema, AcceptsExtraFields) {
  std::string delivery = fixture_delivery("record.created");
  delivery = with_string(delivery, "/events/0/new_field", "value");
  delivery = with_string(delivery, "/events/0/id/new_id", kOtherUuid);
  delivery = with_value(delivery, "/events/0/actor/new_flag", "true");
  delivery = with_value(delivery, "/delivery_attempt", "1");
  EXPECT_EQ(delivery_schema().validate(delivery), "");
}

TEST(DeliverySchema, AcceptsUppercaseUuid) {
  std::string delivery = fixture_delivery("record.created");
  delivery =
      with_string(delivery, "/events/0/id/record_id", "35D9CBAE-C019-4312-879B-4E85629E2799");
  EXPECT_EQ(delivery_schema().validate(delivery), "");
}

TEST(DeliverySchema, AcceptsNullActorTypeAndId) {
  std::string delivery = fixture_delivery("task.created");
  delivery = with_value(delivery, "/events/0/actor/type", "null");
  delivery = with_value(delivery, "/events/0/actor/id", "null");
  EXPECT_EQ(delivery_schema().validate(delivery), "");
}

TEST(DeliverySchema, RejectsMissingWebhookId) {
  const std::string error =
      delivery_schema().validate(without(fixture_delivery("task.created"), "/webhook_id"));
  EXPECT_NE(error.find("keyword \"required\""), std::string::npos) << error;
  EXPECT_NE(error.find("\"webhook_id\""), std::string::npos) << error;
}

TEST(DeliverySchema, RejectsEventsThatAreNotArray) {
  const std::string delivery =
      with_value(fixture_delivery("task.created"), "/events", fixture_event("task.created"));
  const std::string error = delivery_schema().validate(delivery);
  EXPECT_NE(error.find("at /events:"), std::string::npos) << error;
  EXPECT_NE(error.find("keyword \"type\""), std::string::npos) << error;
}

TEST(DeliverySchema, RejectsKnownEventWithoutWorkspaceId) {
  const std::string delivery =
      without(fixture_delivery("record.created"), "/events/0/id/workspace_id");
  const std::string error = delivery_schema().validate(delivery);
  EXPECT_NE(error.find("at /events/0/id:"), std::string::npos) << error;
  EXPECT_NE(error.find("keyword \"required\""), std::string::npos) << error;
  EXPECT_NE(error.find("events/record.created.schema.json#/properties/id"), std::string::npos)
      << error;
  EXPECT_NE(error.find("missing property \"workspace_id\""), std::string::npos) << error;
}

TEST(DeliverySchema, RejectsUnknownEventWithoutWorkspaceId) {
  const std::string event = without(unknown_event(), "/id/workspace_id");
  const std::string error = delivery_schema().validate(delivery_with_event(event));
  EXPECT_NE(error.find("at /events/0/id:"), std::string::npos) << error;
  EXPECT_NE(error.find("attio-event.schema.json#/definitions/unknown_event"), std::string::npos)
      << error;
  EXPECT_NE(error.find("\"workspace_id\""), std::string::npos) << error;
}

TEST(DeliverySchema, RejectsUnknownEventWithoutActor) {
  const std::string event = without(unknown_event(), "/actor");
  const std::string error = delivery_schema().validate(delivery_with_event(event));
  EXPECT_NE(error.find("missing property \"actor\""), std::string::npos) << error;
}

TEST(DeliverySchema, RejectsUnknownEventWithIdNotObject) {
  const std::string event = with_string(unknown_event(), "/id", kWorkspaceId);
  const std::string error = delivery_schema().validate(delivery_with_event(event));
  EXPECT_NE(error.find("at /events/0/id:"), std::string::npos) << error;
  EXPECT_NE(error.find("keyword \"type\""), std::string::npos) << error;
}

TEST(DeliverySchema, RejectsEventTypeNotString) {
  const std::string event = with_value(unknown_event(), "/event_type", "42");
  const std::string error = delivery_schema().validate(delivery_with_event(event));
  EXPECT_NE(error.find("/events/0"), std::string::npos) << error;
  EXPECT_NE(error.find("oneOf"), std::string::npos) << error;
}

TEST(DeliverySchema, RejectsIdsThatAreNotUuids) {
  const char* pointers[] = {"/webhook_id", "/events/0/id/workspace_id", "/events/0/id/object_id",
                            "/events/0/id/record_id"};
  const char* values[] = {
      "not-a-uuid",
      "",
      "35d9cbae-c019-4312-879b-4e85629e279",    // one digit short
      "35d9cbae-c019-4312-879b-4e85629e27990",  // one digit long
      "{35d9cbae-c019-4312-879b-4e85629e2799}",
      "35d9cbae-c019-4312-879b-4e85629e2799 ",
      "35d9cbaec0194312879b4e85629e2799",
      "35d9cbae-c019-4312-879b-4e85629e279g",
  };
  for (const char* pointer : pointers) {
    for (const char* value : values) {
      const std::string delivery = with_string(fixture_delivery("record.created"), pointer, value);
      const std::string error = delivery_schema().validate(delivery);
      EXPECT_NE(error.find(std::string("at ") + pointer + ":"), std::string::npos)
          << pointer << " = \"" << value << "\": " << error;
      EXPECT_NE(error.find("keyword \"pattern\""), std::string::npos)
          << pointer << " = \"" << value << "\": " << error;
    }
  }
}

TEST(DeliverySchema, RejectsIdOfNumberType) {
  const std::string delivery =
      with_value(fixture_delivery("task.updated"), "/events/0/id/task_id", "12345");
  const std::string error = delivery_schema().validate(delivery);
  EXPECT_NE(error.find("at /events/0/id/task_id:"), std::string::npos) << error;
  EXPECT_NE(error.find("keyword \"type\""), std::string::npos) << error;
  EXPECT_NE(error.find("value is 12345"), std::string::npos) << error;
}

TEST(DeliverySchema, RejectsCommentWithoutListId) {
  const std::string delivery = without(fixture_delivery("comment.resolved"), "/events/0/list_id");
  const std::string error = delivery_schema().validate(delivery);
  EXPECT_NE(error.find("missing property \"list_id\""), std::string::npos) << error;
}

TEST(DeliverySchema, RejectsCommentEntryIdOfNumberType) {
  const std::string delivery =
      with_value(fixture_delivery("comment.created"), "/events/0/entry_id", "7");
  const std::string error = delivery_schema().validate(delivery);
  EXPECT_NE(error.find("at /events/0/entry_id:"), std::string::npos) << error;
}

TEST(DeliverySchema, RejectsNullOutsideCommentListFields) {
  const std::string delivery =
      with_value(fixture_delivery("comment.created"), "/events/0/thread_id", "null");
  const std::string error = delivery_schema().validate(delivery);
  EXPECT_NE(error.find("at /events/0/thread_id:"), std::string::npos) << error;
  EXPECT_NE(error.find("value is null"), std::string::npos) << error;
}

TEST(DeliverySchema, RejectsMissingFamilyFields) {
  struct Case {
    const char* event_type;
    const char* pointer;
    const char* missing;
  };
  const Case cases[] = {
      {"record.merged", "/events/0/duplicate_record_id", "duplicate_record_id"},
      {"record.updated", "/events/0/id/attribute_id", "attribute_id"},
      {"list-entry.created", "/events/0/parent_object_id", "parent_object_id"},
      {"note.created", "/events/0/parent_record_id", "parent_record_id"},
      {"call-recording.created", "/events/0/id/meeting_id", "meeting_id"},
      {"activity-record.deleted", "/events/0/id/activity_id", "activity_id"},
      {"workspace-member.created", "/events/0/actor", "actor"},
  };
  for (const Case& test_case : cases) {
    const std::string delivery = without(fixture_delivery(test_case.event_type), test_case.pointer);
    const std::string error = delivery_schema().validate(delivery);
    EXPECT_NE(error.find(std::string("missing property \"") + test_case.missing + "\""),
              std::string::npos)
        << test_case.event_type << ": " << error;
    EXPECT_NE(error.find(std::string("events/") + test_case.event_type + ".schema.json"),
              std::string::npos)
        << test_case.event_type << ": " << error;
  }
}

TEST(DeliverySchema, RejectsActorTypeOfNumberType) {
  const std::string delivery =
      with_value(fixture_delivery("note.deleted"), "/events/0/actor/type", "3");
  const std::string error = delivery_schema().validate(delivery);
  EXPECT_NE(error.find("at /events/0/actor/type:"), std::string::npos) << error;
}

// Event-type schemas

TEST(EventSchemas, AcceptEachSingleEventFixture) {
  const std::set<std::string> schema_files =
      relative_files(SchemaValidator::default_schemas_dir() / "events", ".schema.json");
  std::set<std::string> covered;
  for (const fs::path& file : fixture_files()) {
    const rapidjson::Document delivery = parse(read_text(file));
    if (delivery["events"].Size() != 1) {
      continue;
    }
    const rapidjson::Value& event = delivery["events"][0];
    const std::string event_type = event["event_type"].GetString();
    EXPECT_EQ(file.filename().string(), event_type + ".json");

    const std::string schema_file = event_type + ".schema.json";
    ASSERT_EQ(schema_files.count(schema_file), 1u) << "no schema for " << event_type;
    const SchemaValidator validator("events/" + schema_file);
    EXPECT_EQ(validator.validate(event), "") << file;
    covered.insert(schema_file);
  }
  EXPECT_EQ(schema_files.size(), 34u);
  EXPECT_EQ(covered, schema_files) << "every event schema needs a fixture";
}

TEST(EventSchemas, RejectEventOfAnotherType) {
  const SchemaValidator validator("events/task.created.schema.json");
  const std::string error = validator.validate(fixture_event("record.created"));
  EXPECT_NE(error.find("at /event_type:"), std::string::npos) << error;
  EXPECT_NE(error.find("keyword \"enum\""), std::string::npos) << error;
  EXPECT_NE(error.find("value is \"record.created\""), std::string::npos) << error;
}

TEST(EventSchemas, RejectBareDelivery) {
  const SchemaValidator validator("events/record.created.schema.json");
  EXPECT_NE(validator.validate(fixture_delivery("record.created")), "");
}

// CloudEvent schema

TEST(CloudEventSchema, AcceptsOneEventPerFamily) {
  struct Family {
    const char* event_type;
    const char* subject_template;
  };
  const Family families[] = {
      {"record.merged", "objects/{object_id}/records/{record_id}"},
      {"list-entry.updated", "lists/{list_id}/entries/{entry_id}"},
      {"note.created", "notes/{note_id}"},
      {"note-content.updated", "notes/{note_id}"},
      {"task.deleted", "tasks/{task_id}"},
      {"comment.resolved", "comments/{comment_id}"},
      {"list.created", "lists/{list_id}"},
      {"object-attribute.updated", "objects/{object_id}/attributes/{attribute_id}"},
      {"list-attribute.created", "lists/{list_id}/attributes/{attribute_id}"},
      {"workspace-member.created", "workspace-members/{workspace_member_id}"},
      {"call-recording.created", "meetings/{meeting_id}/call-recordings/{call_recording_id}"},
      {"activity.updated", "activities/{activity_id}"},
      {"activity-attribute.created", "activities/{activity_id}/attributes/{attribute_id}"},
      {"activity-record.created", "activities/{activity_id}/records/{record_id}"},
  };
  for (const Family& family : families) {
    const std::string cloudevent =
        cloudevent_for_fixture(family.event_type, family.subject_template);
    EXPECT_EQ(cloudevent_schema().validate(cloudevent), "") << family.event_type;
  }
}

TEST(CloudEventSchema, AcceptsUnknownEventType) {
  const std::string cloudevent =
      make_cloudevent(unknown_event(), std::string("deal_id/") + kOtherUuid);
  EXPECT_EQ(cloudevent_schema().validate(cloudevent), "");
}

TEST(CloudEventSchema, AcceptsEnrichmentExtensions) {
  std::string cloudevent = record_created_cloudevent();
  cloudevent = with_string(cloudevent, "/attioobject", "people");
  cloudevent = with_string(cloudevent, "/attiolist", "sales_pipeline");
  cloudevent = with_string(cloudevent, "/attioattribute", "email_addresses");
  EXPECT_EQ(cloudevent_schema().validate(cloudevent), "");
}

TEST(CloudEventSchema, AcceptsBoundaryTimes) {
  const char* times[] = {"2026-12-31T23:59:60.999Z", "2026-01-01T00:00:00.000Z",
                         "2026-02-28T12:00:00.500Z"};
  for (const char* time : times) {
    const std::string cloudevent = with_string(record_created_cloudevent(), "/time", time);
    EXPECT_EQ(cloudevent_schema().validate(cloudevent), "") << time;
  }
}

struct RejectedCloudEvent {
  const char* name;
  std::function<std::string(const std::string&)> change;
  std::vector<std::string> expected_parts;
};

TEST(CloudEventSchema, RejectsInvalidAttributes) {
  const std::string task_event = fixture_event("task.created");
  const std::string task_subject = std::string("tasks/") + kOtherUuid;
  const std::vector<RejectedCloudEvent> cases = {
      {"specversion 0.3",
       [](const std::string& json) { return with_string(json, "/specversion", "0.3"); },
       {"at /specversion:", "keyword \"enum\"", "value is \"0.3\""}},
      {"specversion as number",
       [](const std::string& json) { return with_value(json, "/specversion", "1.0"); },
       {"at /specversion:", "keyword \"enum\""}},
      {"missing id",
       [](const std::string& json) { return without(json, "/id"); },
       {"keyword \"required\"", "missing property \"id\""}},
      {"empty id",
       [](const std::string& json) { return with_string(json, "/id", ""); },
       {"at /id:", "keyword \"minLength\""}},
      {"time without milliseconds",
       [](const std::string& json) { return with_string(json, "/time", "2026-03-01T09:30:00Z"); },
       {"at /time:", "keyword \"pattern\""}},
      {"time with microseconds",
       [](const std::string& json) {
         return with_string(json, "/time", "2026-03-01T09:30:00.123456Z");
       },
       {"at /time:", "keyword \"pattern\""}},
      {"time with offset",
       [](const std::string& json) {
         return with_string(json, "/time", "2026-03-01T10:30:00.123+01:00");
       },
       {"at /time:", "keyword \"pattern\""}},
      {"time with space separator",
       [](const std::string& json) {
         return with_string(json, "/time", "2026-03-01 09:30:00.123Z");
       },
       {"at /time:", "keyword \"pattern\""}},
      {"time with month 13",
       [](const std::string& json) {
         return with_string(json, "/time", "2026-13-01T09:30:00.123Z");
       },
       {"at /time:", "keyword \"pattern\""}},
      {"time with lowercase z",
       [](const std::string& json) {
         return with_string(json, "/time", "2026-03-01T09:30:00.123z");
       },
       {"at /time:", "keyword \"pattern\""}},
      {"time as epoch number",
       [](const std::string& json) { return with_value(json, "/time", "1772357400123"); },
       {"at /time:", "keyword \"type\""}},
      {"source without urn prefix",
       [](const std::string& json) { return with_string(json, "/source", kWorkspaceId); },
       {"at /source:", "keyword \"pattern\""}},
      {"source with non-uuid workspace",
       [](const std::string& json) {
         return with_string(json, "/source", "urn:attio:workspace:acme");
       },
       {"at /source:", "keyword \"pattern\""}},
      {"type without prefix",
       [](const std::string& json) { return with_string(json, "/type", "record.created"); },
       {"at /type:", "keyword \"pattern\""}},
      {"datacontenttype text/plain",
       [](const std::string& json) { return with_string(json, "/datacontenttype", "text/plain"); },
       {"at /datacontenttype:", "keyword \"enum\""}},
      {"missing attiowebhookid",
       [](const std::string& json) { return without(json, "/attiowebhookid"); },
       {"missing property \"attiowebhookid\""}},
      {"attioworkspaceid not uuid",
       [](const std::string& json) { return with_string(json, "/attioworkspaceid", "acme"); },
       {"at /attioworkspaceid:", "keyword \"pattern\""}},
      {"attioobject as number",
       [](const std::string& json) { return with_value(json, "/attioobject", "5"); },
       {"at /attioobject:", "keyword \"type\""}},
      {"attiolist empty",
       [](const std::string& json) { return with_string(json, "/attiolist", ""); },
       {"at /attiolist:", "keyword \"minLength\""}},
      {"data as string",
       [](const std::string& json) { return with_string(json, "/data", "{}"); },
       {"at /data:", "keyword \"type\""}},
      {"data of another event type",
       [&task_event](const std::string& json) { return with_value(json, "/data", task_event); },
       {"at /data/event_type:", "keyword \"enum\"", "events/record.created.schema.json"}},
      {"data without record_id",
       [](const std::string& json) { return without(json, "/data/id/record_id"); },
       {"at /data/id:", "keyword \"required\"", "missing property \"record_id\"",
        "events/record.created.schema.json#/properties/id"}},
      {"data without workspace_id",
       [](const std::string& json) { return without(json, "/data/id/workspace_id"); },
       {"at /data/id:", "missing property \"workspace_id\""}},
      {"data object_id not uuid",
       [](const std::string& json) { return with_string(json, "/data/id/object_id", "people"); },
       {"at /data/id/object_id:", "keyword \"pattern\"", "value is \"people\""}},
      {"subject of another family",
       [&task_subject](const std::string& json) {
         return with_string(json, "/subject", task_subject);
       },
       {"at /subject:", "keyword \"pattern\"",
        "cloudevent.schema.json#/oneOf/0/properties/subject"}},
      {"subject with object slug",
       [](const std::string& json) {
         return with_string(json, "/subject",
                            "objects/people/records/35d9cbae-c019-4312-879b-4e85629e2799");
       },
       {"at /subject:", "keyword \"pattern\""}},
      {"empty subject",
       [](const std::string& json) { return with_string(json, "/subject", ""); },
       {"at /subject:", "keyword \"minLength\""}},
  };

  const std::string valid = record_created_cloudevent();
  ASSERT_EQ(cloudevent_schema().validate(valid), "");
  for (const RejectedCloudEvent& test_case : cases) {
    const std::string error = cloudevent_schema().validate(test_case.change(valid));
    EXPECT_NE(error, "") << test_case.name;
    for (const std::string& part : test_case.expected_parts) {
      EXPECT_NE(error.find(part), std::string::npos)
          << test_case.name << ": expected \"" << part << "\" in: " << error;
    }
  }
}

TEST(CloudEventSchema, RejectsUnknownTypeWithKnownData) {
  std::string cloudevent = make_cloudevent(unknown_event(), std::string("deal_id/") + kOtherUuid);
  cloudevent = with_value(cloudevent, "/data", fixture_event("record.created"));
  const std::string error = cloudevent_schema().validate(cloudevent);
  EXPECT_NE(error.find("at /data/event_type:"), std::string::npos) << error;
  EXPECT_NE(error.find("keyword \"not\""), std::string::npos) << error;
}

TEST(CloudEventSchema, RejectsUnknownTypeWithoutWorkspaceId) {
  std::string cloudevent = make_cloudevent(unknown_event(), std::string("deal_id/") + kOtherUuid);
  cloudevent = without(cloudevent, "/data/id/workspace_id");
  const std::string error = cloudevent_schema().validate(cloudevent);
  EXPECT_NE(error.find("at /data/id:"), std::string::npos) << error;
  EXPECT_NE(error.find("missing property \"workspace_id\""), std::string::npos) << error;
}

// Validator behaviour

TEST(SchemaValidator, ReportsInvalidJson) {
  const std::string error = delivery_schema().validate("{\"webhook_id\": ");
  EXPECT_EQ(error.rfind("not valid JSON: ", 0), 0u) << error;
  EXPECT_NE(error.find("offset"), std::string::npos) << error;
}

TEST(SchemaValidator, ThrowsOnMissingFile) {
  try {
    SchemaValidator validator("no-such.schema.json");
    FAIL() << "constructor returned for a missing file";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("no-such.schema.json"), std::string::npos)
        << error.what();
  }
}

TEST(SchemaValidator, ThrowsOnUnresolvedReference) {
  const TemporaryDirectory directory;
  directory.write("root.json", R"({"properties":{"a":{"$ref":"other.json#/definitions/b"}}})");
  directory.write("other.json", R"({"definitions":{"c":{"type":"string"}}})");
  EXPECT_THROW(SchemaValidator("root.json", directory.path()), std::runtime_error);
}

TEST(SchemaValidator, ThrowsOnRecursiveReference) {
  const TemporaryDirectory directory;
  directory.write("root.json", R"({"properties":{"child":{"$ref":"#"}}})");
  EXPECT_THROW(SchemaValidator("root.json", directory.path()), std::runtime_error);
}

TEST(SchemaValidator, ThrowsOnUnsupportedPattern) {
  const TemporaryDirectory directory;
  directory.write("root.json", R"({"properties":{"n":{"type":"string","pattern":"^\\d+$"}}})");
  try {
    SchemaValidator validator("root.json", directory.path());
    FAIL() << "constructor accepted a pattern RapidJSON would skip";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("root.json#/properties/n/pattern"), std::string::npos)
        << error.what();
  }
}

TEST(SchemaValidator, ResolvesReferencesAcrossFolders) {
  const TemporaryDirectory directory;
  fs::create_directories(directory.path() / "parts");
  directory.write("root.json", R"({"properties":{"a":{"$ref":"parts/a.json"}}})");
  directory.write("parts/a.json",
                  R"({"$ref":"#/definitions/word","definitions":{"word":{"$ref":"../w.json"}}})");
  directory.write("w.json", R"({"type":"string","pattern":"^[a-z]+$"})");
  const SchemaValidator validator("root.json", directory.path());
  EXPECT_EQ(validator.validate(R"({"a":"word"})"), "");
  const std::string error = validator.validate(R"({"a":"Word1"})");
  EXPECT_NE(error.find("at /a:"), std::string::npos) << error;
  EXPECT_NE(error.find("in w.json#:"), std::string::npos) << error;
}

TEST(SchemaValidator, ReportsSeveralMatchingOneOfBranches) {
  const TemporaryDirectory directory;
  directory.write("root.json", R"({"oneOf":[{"type":"string"},{"minLength":2},{"type":"null"}]})");
  const SchemaValidator validator("root.json", directory.path());
  const std::string error = validator.validate(R"("abc")");
  EXPECT_NE(error.find("keyword \"oneOf\""), std::string::npos) << error;
  EXPECT_NE(error.find("matches branches 0, 1"), std::string::npos) << error;
}

TEST(SchemaValidator, ReportsFailingAllOfBranch) {
  const TemporaryDirectory directory;
  directory.write("root.json",
                  R"({"allOf":[{"type":"object"},{"properties":{"n":{"maximum":3}}}]})");
  const SchemaValidator validator("root.json", directory.path());
  const std::string error = validator.validate(R"({"n":4})");
  EXPECT_NE(error.find("at /n:"), std::string::npos) << error;
  EXPECT_NE(error.find("keyword \"maximum\""), std::string::npos) << error;
  EXPECT_NE(error.find("root.json#/allOf/1/properties/n"), std::string::npos) << error;
}

}  // namespace
