#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <rapidjson/document.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "bridge/attio/retry_after.hpp"
#include "bridge/attio/webhooks_command.hpp"
#include "support/fake_attio_server.hpp"
#include "support/test_certificate.hpp"

namespace bridge::attio {
namespace {

using bridge::test::FakeAttioServer;
using bridge::test::RecordedRequest;

constexpr const char* kApiKey = "test-api-key-5f1c0e9a7b3d";
constexpr const char* kTarget = "https://bridge.example.com/webhooks/attio";

struct CommandResult {
  int exit_status = -1;
  std::string out;
  std::string err;
};

std::string read_file(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

class AttioWebhooksCommand : public ::testing::Test {
 protected:
  AttioWebhooksCommand() {
    env_["ATTIO_API_KEY"] = kApiKey;
    env_["ATTIO_API_BASE_URL"] = server_.base_url();
    char pattern[] = "/tmp/attio-webhooks-test-XXXXXX";
    const char* created = ::mkdtemp(pattern);
    EXPECT_NE(created, nullptr);
    directory_ = created != nullptr ? created : "/tmp";
  }

  ~AttioWebhooksCommand() override { std::filesystem::remove_all(directory_); }

  // Runs the command with a recording sleep and a fixed clock, and checks that the API key
  // appears in neither output stream.
  CommandResult run(const std::vector<std::string>& args) {
    std::ostringstream out;
    std::ostringstream err;
    ApiHooks hooks;
    hooks.sleep = [this](std::chrono::milliseconds delay) { sleeps_.push_back(delay); };
    hooks.now = [] { return *parse_http_date("Wed, 21 Oct 2026 07:28:00 GMT"); };
    const auto env = [this](const std::string& name) -> std::optional<std::string> {
      const auto found = env_.find(name);
      if (found == env_.end()) {
        return std::nullopt;
      }
      return found->second;
    };
    CommandResult result;
    result.exit_status = run_webhooks_command(args, out, err, env, hooks);
    result.out = out.str();
    result.err = err.str();
    EXPECT_EQ(result.out.find(kApiKey), std::string::npos) << result.out;
    EXPECT_EQ(result.err.find(kApiKey), std::string::npos) << result.err;
    return result;
  }

  std::string write_yaml(const std::string& name, const std::string& text) {
    const std::filesystem::path path = directory_ / name;
    std::ofstream(path) << text;
    return path.string();
  }

  FakeAttioServer server_{kApiKey};
  std::map<std::string, std::string> env_;
  std::vector<std::chrono::milliseconds> sleeps_;
  std::filesystem::path directory_;
};

// --- list, get -------------------------------------------------------------------------

TEST_F(AttioWebhooksCommand, ListPrintsTable) {
  const std::string first = server_.add_webhook(
      kTarget,
      R"([{"event_type":"record.created","filter":null},{"event_type":"note.created","filter":null}])");
  const std::string second =
      server_.add_webhook("https://other.example.com/hook",
                          R"([{"event_type":"task.created","filter":null}])", "degraded");

  const CommandResult result = run({"list"});

  EXPECT_EQ(result.exit_status, 0) << result.err;
  EXPECT_NE(result.out.find("ID"), std::string::npos);
  EXPECT_NE(result.out.find(first + "  active    " + kTarget), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("2: record.created, note.created"), std::string::npos);
  EXPECT_NE(result.out.find(second + "  degraded  https://other.example.com/hook"),
            std::string::npos)
      << result.out;
  const auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "GET");
  EXPECT_EQ(requests[0].path, "/v2/webhooks?limit=100&offset=0");
  EXPECT_EQ(requests[0].authorization, std::string("Bearer ") + kApiKey);
}

TEST_F(AttioWebhooksCommand, ListReadsAllPagesAsJson) {
  for (int i = 0; i < 205; ++i) {
    server_.add_webhook("https://hook.example.com/" + std::to_string(i),
                        R"([{"event_type":"record.created","filter":null}])");
  }

  const CommandResult result = run({"list", "--json"});

  ASSERT_EQ(result.exit_status, 0) << result.err;
  rapidjson::Document document;
  document.Parse(result.out);
  ASSERT_FALSE(document.HasParseError());
  ASSERT_TRUE(document.IsArray());
  ASSERT_EQ(document.Size(), 205u);
  EXPECT_STREQ(document[204]["target_url"].GetString(), "https://hook.example.com/204");
  EXPECT_TRUE(document[0]["id"]["webhook_id"].IsString());
  const auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].path, "/v2/webhooks?limit=100&offset=0");
  EXPECT_EQ(requests[1].path, "/v2/webhooks?limit=100&offset=100");
  EXPECT_EQ(requests[2].path, "/v2/webhooks?limit=100&offset=200");
}

TEST_F(AttioWebhooksCommand, ListFullLastPageReadsOneMore) {
  for (int i = 0; i < 200; ++i) {
    server_.add_webhook("https://hook.example.com/" + std::to_string(i),
                        R"([{"event_type":"record.created","filter":null}])");
  }
  const CommandResult result = run({"list", "--json"});
  ASSERT_EQ(result.exit_status, 0) << result.err;
  EXPECT_EQ(server_.requests().size(), 3u);
}

TEST_F(AttioWebhooksCommand, ListEmptyWorkspace) {
  const CommandResult empty_table = run({"list"});
  EXPECT_EQ(empty_table.exit_status, 0);
  EXPECT_EQ(empty_table.out, "No webhooks.\n");
  const CommandResult empty_json = run({"list", "--json"});
  EXPECT_EQ(empty_json.out, "[]\n");
}

TEST_F(AttioWebhooksCommand, GetShowsDetailsAndJson) {
  const std::string filter =
      R"({"$and":[{"field":"actor.type","operator":"not_equals","value":"api-token"}]})";
  const std::string id =
      server_.add_webhook(kTarget, R"([{"event_type":"record.updated","filter":)" + filter + "}]");

  const CommandResult details = run({"get", id});
  EXPECT_EQ(details.exit_status, 0) << details.err;
  EXPECT_NE(details.out.find("id:            " + id), std::string::npos) << details.out;
  EXPECT_NE(details.out.find("  record.updated  filter " + filter), std::string::npos)
      << details.out;

  const CommandResult json = run({"get", id, "--json"});
  EXPECT_EQ(json.exit_status, 0);
  rapidjson::Document document;
  document.Parse(json.out);
  ASSERT_TRUE(document.IsObject());
  EXPECT_EQ(std::string(document["id"]["webhook_id"].GetString()), id);
  EXPECT_EQ(server_.requests().back().path, "/v2/webhooks/" + id);
}

TEST_F(AttioWebhooksCommand, GetUnknownIdNamesIt) {
  const std::string id = "0f2a6c1e-6a1b-4c1d-9a3e-5b6c7d8e9f00";
  const CommandResult result = run({"get", id});
  EXPECT_EQ(result.exit_status, 1);
  EXPECT_NE(result.err.find("webhook " + id + " not found (HTTP 404"), std::string::npos)
      << result.err;
  EXPECT_EQ(server_.requests().size(), 1u);
}

TEST_F(AttioWebhooksCommand, InvalidIdSendsNothing) {
  for (const std::string bad_id : {"../v2/objects", "a?b", ""}) {
    const CommandResult result = run({"get", bad_id});
    EXPECT_EQ(result.exit_status, 2) << bad_id;
    EXPECT_NE(result.err.find("is invalid"), std::string::npos) << result.err;
  }
  EXPECT_EQ(run({"delete"}).exit_status, 2);
  EXPECT_TRUE(server_.requests().empty());
}

// --- create, update, delete ------------------------------------------------------------

TEST_F(AttioWebhooksCommand, CreatePrintsSecretOnce) {
  const CommandResult result = run(
      {"create", "--target-url", kTarget, "--subscription", "record.created", "--subscription",
       R"(record.updated={"$and":[{"field":"actor.type","operator":"not_equals","value":"api-token"}]})"});

  ASSERT_EQ(result.exit_status, 0) << result.err;
  const auto writes = server_.write_requests();
  ASSERT_EQ(writes.size(), 1u);
  EXPECT_EQ(writes[0].method, "POST");
  EXPECT_EQ(writes[0].path, "/v2/webhooks");
  EXPECT_EQ(
      writes[0].body,
      std::string(R"({"data":{"target_url":")") + kTarget +
          R"(","subscriptions":[{"event_type":"record.created","filter":null},{"event_type":"record.updated","filter":{"$and":[{"field":"actor.type","operator":"not_equals","value":"api-token"}]}}]}})");

  const std::string id = "00000000-0000-4000-8000-000000000001";
  const auto secret = server_.secret_of(id);
  ASSERT_TRUE(secret.has_value());
  EXPECT_NE(result.out.find("created webhook " + id), std::string::npos) << result.out;
  EXPECT_NE(result.out.find(std::string("secret of ") + kTarget + ": " + *secret),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.err.find("will not be shown again"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find(*secret), std::string::npos);
}

TEST_F(AttioWebhooksCommand, CreateWritesSecretFileWithMode0600) {
  const std::string secret_path = (directory_ / "secret").string();
  const CommandResult result = run({"create", "--target-url", kTarget, "--subscription",
                                    "record.created", "--secret-out", secret_path});

  ASSERT_EQ(result.exit_status, 0) << result.err;
  const auto secret = server_.secret_of("00000000-0000-4000-8000-000000000001");
  ASSERT_TRUE(secret.has_value());
  EXPECT_EQ(read_file(secret_path), *secret + "\n");
  struct stat status {};
  ASSERT_EQ(::stat(secret_path.c_str(), &status), 0);
  EXPECT_EQ(status.st_mode & 0777, 0600u);
  EXPECT_EQ(result.out.find(*secret), std::string::npos) << result.out;
  EXPECT_EQ(result.err.find(*secret), std::string::npos) << result.err;
}

TEST_F(AttioWebhooksCommand, CreateNeverOverwritesSecretFile) {
  const std::string secret_path = (directory_ / "secret").string();
  std::ofstream(secret_path) << "earlier-secret\n";

  const CommandResult result = run({"create", "--target-url", kTarget, "--subscription",
                                    "record.created", "--secret-out", secret_path});

  EXPECT_EQ(result.exit_status, 2);
  EXPECT_NE(result.err.find("already exists"), std::string::npos) << result.err;
  EXPECT_EQ(read_file(secret_path), "earlier-secret\n");
  EXPECT_TRUE(server_.requests().empty());
}

TEST_F(AttioWebhooksCommand, CreateFailureLeavesNoSecretFile) {
  const std::string secret_path = (directory_ / "secret").string();
  server_.inject(
      {400,
       R"({"status_code":400,"type":"invalid_request_error","code":"validation_type","message":"Unknown list"})",
       {},
       ""});

  const CommandResult result = run({"create", "--target-url", kTarget, "--subscription",
                                    "record.created", "--secret-out", secret_path});

  EXPECT_EQ(result.exit_status, 1);
  EXPECT_NE(result.err.find("validation_type: Unknown list"), std::string::npos) << result.err;
  EXPECT_FALSE(std::filesystem::exists(secret_path));
}

TEST_F(AttioWebhooksCommand, CreateValidatesBeforeSending) {
  const CommandResult http_target = run({"create", "--target-url", "http://bridge.example.com/x",
                                         "--subscription", "record.created"});
  EXPECT_EQ(http_target.exit_status, 2);
  EXPECT_NE(http_target.err.find("must start with https://"), std::string::npos);

  const CommandResult unknown_type =
      run({"create", "--target-url", kTarget, "--subscription", "task.completed"});
  EXPECT_EQ(unknown_type.exit_status, 2);
  EXPECT_NE(unknown_type.err.find("\"task.completed\" is not a known Attio event type"),
            std::string::npos);

  const CommandResult bad_filter =
      run({"create", "--target-url", kTarget, "--subscription",
           R"(record.updated={"$and":[{"field":"x","operator":"contains","value":"y"}]})"});
  EXPECT_EQ(bad_filter.exit_status, 2);
  EXPECT_NE(bad_filter.err.find("--subscription[0].filter.$and[0].operator: \"contains\" is not "
                                "supported; use equals or not_equals"),
            std::string::npos)
      << bad_filter.err;

  const CommandResult no_subscription = run({"create", "--target-url", kTarget});
  EXPECT_EQ(no_subscription.exit_status, 2);

  EXPECT_TRUE(server_.requests().empty());
}

TEST_F(AttioWebhooksCommand, AllowFlagsRelaxValidation) {
  server_.accept_http_targets(true);
  const CommandResult result =
      run({"create", "--target-url", "http://127.0.0.1:9/hook", "--allow-http-target",
           "--subscription", "record.restored", "--allow-unknown-event-types"});
  EXPECT_EQ(result.exit_status, 0) << result.err;
  EXPECT_EQ(server_.webhook_count(), 1u);

  env_["ATTIO_WEBHOOKS_ALLOW_UNKNOWN_EVENT_TYPES"] = "true";
  const CommandResult from_env =
      run({"create", "--target-url", kTarget, "--subscription", "record.restored"});
  EXPECT_EQ(from_env.exit_status, 0) << from_env.err;
}

TEST_F(AttioWebhooksCommand, UpdateReplacesSubscriptions) {
  const std::string id = server_.add_webhook(
      kTarget,
      R"([{"event_type":"record.created","filter":null},{"event_type":"task.created","filter":null}])");

  const CommandResult result =
      run({"update", id, "--subscription", "note.created", "--subscription", "record.deleted"});

  ASSERT_EQ(result.exit_status, 0) << result.err;
  const auto writes = server_.write_requests();
  ASSERT_EQ(writes.size(), 1u);
  EXPECT_EQ(writes[0].method, "PATCH");
  EXPECT_EQ(writes[0].path, "/v2/webhooks/" + id);
  EXPECT_EQ(
      writes[0].body,
      R"({"data":{"subscriptions":[{"event_type":"note.created","filter":null},{"event_type":"record.deleted","filter":null}]}})");
  EXPECT_NE(server_.webhook_json(id)->find("note.created"), std::string::npos);
  EXPECT_EQ(server_.webhook_json(id)->find("task.created"), std::string::npos);
}

TEST_F(AttioWebhooksCommand, UpdateTargetUrlOnly) {
  const std::string id =
      server_.add_webhook(kTarget, R"([{"event_type":"record.created","filter":null}])");
  const CommandResult result =
      run({"update", id, "--target-url", "https://moved.example.com/hook"});
  ASSERT_EQ(result.exit_status, 0) << result.err;
  EXPECT_EQ(server_.write_requests().at(0).body,
            R"({"data":{"target_url":"https://moved.example.com/hook"}})");
}

TEST_F(AttioWebhooksCommand, UpdateNeedsAChange) {
  const CommandResult result = run({"update", "00000000-0000-4000-8000-000000000001"});
  EXPECT_EQ(result.exit_status, 2);
  EXPECT_NE(result.err.find("nothing to update"), std::string::npos);
  EXPECT_TRUE(server_.requests().empty());
}

TEST_F(AttioWebhooksCommand, UpdateUnknownIdIs404) {
  const CommandResult result =
      run({"update", "00000000-0000-4000-8000-00000000abcd", "--subscription", "note.created"});
  EXPECT_EQ(result.exit_status, 1);
  EXPECT_NE(result.err.find("webhook 00000000-0000-4000-8000-00000000abcd not found"),
            std::string::npos)
      << result.err;
}

TEST_F(AttioWebhooksCommand, DeleteRemovesWebhook) {
  const std::string id =
      server_.add_webhook(kTarget, R"([{"event_type":"record.created","filter":null}])");
  const CommandResult result = run({"delete", id});
  EXPECT_EQ(result.exit_status, 0) << result.err;
  EXPECT_EQ(result.out, "deleted webhook " + id + "\n");
  EXPECT_EQ(server_.webhook_count(), 0u);
  const auto writes = server_.write_requests();
  ASSERT_EQ(writes.size(), 1u);
  EXPECT_EQ(writes[0].method, "DELETE");
  EXPECT_EQ(writes[0].path, "/v2/webhooks/" + id);

  const CommandResult again = run({"delete", id});
  EXPECT_EQ(again.exit_status, 1);
  EXPECT_NE(again.err.find("webhook " + id + " not found"), std::string::npos);
}

// --- apply ---------------------------------------------------------------------------

constexpr const char* kDesiredYaml = R"(
webhooks:
  - target_url: https://new.example.com/hook
    subscriptions:
      - event_type: record.created
  - target_url: https://changed.example.com/hook
    subscriptions:
      - event_type: record.updated
        filter:
          $and:
            - {field: id.object_id, operator: equals, value: "7572f6e2-9369-4605-b87d-1c9176e33843"}
            - {field: actor.type, operator: not_equals, value: api-token}
      - event_type: note.created
  - target_url: https://same.example.com/hook
    subscriptions:
      - event_type: task.created
      - event_type: task.deleted
        filter: null
)";

class AttioWebhooksApply : public AttioWebhooksCommand {
 protected:
  void SetUp() override {
    changed_id_ = server_.add_webhook("https://changed.example.com/hook",
                                      R"([{"event_type":"record.updated","filter":null}])");
    // Same subscriptions in another order and without the filter key: still unchanged.
    same_id_ = server_.add_webhook(
        "https://same.example.com/hook",
        R"([{"event_type":"task.deleted","filter":null},{"event_type":"task.created","filter":null}])");
    stale_id_ = server_.add_webhook("https://stale.example.com/hook",
                                    R"([{"event_type":"list.created","filter":null}])");
    file_ = write_yaml("webhooks.yaml", kDesiredYaml);
  }

  std::string changed_id_;
  std::string same_id_;
  std::string stale_id_;
  std::string file_;
};

TEST_F(AttioWebhooksApply, PlansThenAppliesWithFewestCalls) {
  const CommandResult result = run({"apply", "-f", file_});

  ASSERT_EQ(result.exit_status, 0) << result.err;
  const std::string expected_plan =
      "create    https://new.example.com/hook  subscriptions: record.created\n"
      "update    https://changed.example.com/hook  id " +
      changed_id_ +
      "  change filter of record.updated to "
      R"({"$and":[{"field":"id.object_id","operator":"equals","value":"7572f6e2-9369-4605-b87d-1c9176e33843"},{"field":"actor.type","operator":"not_equals","value":"api-token"}]})"
      "; add note.created\n"
      "unchanged https://same.example.com/hook  id " +
      same_id_ +
      "\n"
      "Plan: 1 to create, 1 to update, 0 to delete, 1 unchanged.\n"
      "1 webhook(s) in Attio are not in " +
      file_ + " and stay; --prune deletes them.\n";
  EXPECT_TRUE(result.out.starts_with(expected_plan)) << result.out;
  EXPECT_NE(result.out.find("Applied: 1 created, 1 updated, 0 deleted."), std::string::npos);

  const auto writes = server_.write_requests();
  ASSERT_EQ(writes.size(), 2u);
  EXPECT_EQ(writes[0].method, "POST");
  EXPECT_EQ(
      writes[0].body,
      R"({"data":{"target_url":"https://new.example.com/hook","subscriptions":[{"event_type":"record.created","filter":null}]}})");
  EXPECT_EQ(writes[1].method, "PATCH");
  EXPECT_EQ(writes[1].path, "/v2/webhooks/" + changed_id_);
  EXPECT_EQ(server_.webhook_count(), 4u);
}

TEST_F(AttioWebhooksApply, SecondRunChangesNothing) {
  ASSERT_EQ(run({"apply", "-f", file_}).exit_status, 0);
  server_.clear_requests();

  const CommandResult second = run({"apply", "-f", file_});

  EXPECT_EQ(second.exit_status, 0) << second.err;
  EXPECT_TRUE(server_.write_requests().empty());
  std::istringstream lines(second.out);
  std::string line;
  int unchanged = 0;
  while (std::getline(lines, line)) {
    EXPECT_FALSE(line.starts_with("create") || line.starts_with("update") ||
                 line.starts_with("delete"))
        << line;
    unchanged += line.starts_with("unchanged ") ? 1 : 0;
  }
  EXPECT_EQ(unchanged, 3);
  EXPECT_EQ(second.out.find("secret"), std::string::npos);
}

TEST_F(AttioWebhooksApply, PruneDeletesUndeclared) {
  const CommandResult result = run({"apply", "-f", file_, "--prune"});
  ASSERT_EQ(result.exit_status, 0) << result.err;
  EXPECT_NE(result.out.find("delete    https://stale.example.com/hook  id " + stale_id_),
            std::string::npos)
      << result.out;
  const auto writes = server_.write_requests();
  ASSERT_EQ(writes.size(), 3u);
  EXPECT_EQ(writes[2].method, "DELETE");
  EXPECT_EQ(writes[2].path, "/v2/webhooks/" + stale_id_);
  EXPECT_FALSE(server_.webhook_json(stale_id_).has_value());

  server_.clear_requests();
  const CommandResult second = run({"apply", "-f", file_, "--prune"});
  EXPECT_EQ(second.exit_status, 0);
  EXPECT_TRUE(server_.write_requests().empty());
}

TEST_F(AttioWebhooksApply, DryRunSendsNoWrites) {
  env_["ATTIO_WEBHOOKS_PRUNE"] = "true";
  const CommandResult result = run({"apply", "-f", file_, "--dry-run"});
  EXPECT_EQ(result.exit_status, 0) << result.err;
  EXPECT_NE(result.out.find("Plan: 1 to create, 1 to update, 1 to delete, 1 unchanged."),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("Dry run: no changes sent."), std::string::npos);
  EXPECT_TRUE(server_.write_requests().empty());
  EXPECT_EQ(server_.requests().size(), 1u);
}

TEST_F(AttioWebhooksApply, SecretsOfCreatesGoToFile) {
  const std::string yaml = write_yaml("two-new.yaml", R"(
webhooks:
  - target_url: https://one.example.com/hook
    subscriptions: [{event_type: record.created}]
  - target_url: https://two.example.com/hook
    subscriptions: [{event_type: record.created}]
)");
  const std::string secret_path = (directory_ / "secrets").string();
  const CommandResult result = run({"apply", "-f", yaml, "--secret-out", secret_path});
  ASSERT_EQ(result.exit_status, 0) << result.err;

  const auto requests = server_.write_requests();
  ASSERT_EQ(requests.size(), 2u);
  const auto first = server_.secret_of("00000000-0000-4000-8000-000000000004");
  const auto second = server_.secret_of("00000000-0000-4000-8000-000000000005");
  ASSERT_TRUE(first.has_value());
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(read_file(secret_path), *first + "\n" + *second + "\n");
  struct stat status {};
  ASSERT_EQ(::stat(secret_path.c_str(), &status), 0);
  EXPECT_EQ(status.st_mode & 0777, 0600u);
  EXPECT_EQ(result.out.find(*first), std::string::npos);
}

TEST_F(AttioWebhooksApply, InvalidFileSendsNothing) {
  const std::string duplicate = write_yaml("duplicate.yaml", R"(
webhooks:
  - target_url: https://a.example.com/hook
    subscriptions: [{event_type: record.created}]
  - target_url: https://a.example.com/hook
    subscriptions: [{event_type: record.deleted}]
)");
  const CommandResult duplicate_result = run({"apply", "-f", duplicate});
  EXPECT_EQ(duplicate_result.exit_status, 2);
  EXPECT_NE(duplicate_result.err.find("is already used by webhooks[0]"), std::string::npos);

  const std::string bad_filter = write_yaml("bad-filter.yaml", R"(
webhooks:
  - target_url: https://a.example.com/hook
    subscriptions: [{event_type: record.created}]
  - target_url: https://b.example.com/hook
    subscriptions:
      - event_type: record.updated
        filter:
          $and:
            - {field: id.object_id, operator: equals, value: x}
            - {field: actor.type, operator: equals, value: system}
            - {field: actor.id, operator: contains, value: y}
)");
  const CommandResult filter_result = run({"apply", "-f", bad_filter});
  EXPECT_EQ(filter_result.exit_status, 2);
  EXPECT_EQ(filter_result.err,
            "webhooks apply: error: " + bad_filter +
                ": webhooks[1].subscriptions[0].filter.$and[2].operator: \"contains\" is not "
                "supported; use equals or not_equals\n");

  EXPECT_EQ(run({"apply"}).exit_status, 2);
  EXPECT_EQ(run({"apply", "-f", (directory_ / "missing.yaml").string()}).exit_status, 2);
  EXPECT_TRUE(server_.requests().empty());
}

TEST_F(AttioWebhooksApply, StopsAtFirstApiError) {
  server_.inject(
      {409,
       R"({"status_code":409,"type":"invalid_request_error","code":"uniqueness_conflict","message":"A webhook with this target URL already exists"})",
       {},
       "POST"});

  const CommandResult result = run({"apply", "-f", file_});

  EXPECT_EQ(result.exit_status, 1);
  EXPECT_NE(result.err.find("(HTTP 409, uniqueness_conflict: A webhook with this target URL "
                            "already exists)"),
            std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("stopped"), std::string::npos);
  const auto writes = server_.write_requests();
  ASSERT_EQ(writes.size(), 1u);
  EXPECT_EQ(writes[0].method, "POST");
}

// --- errors and retries ----------------------------------------------------------------

TEST_F(AttioWebhooksCommand, RateLimitWaitsForRetryAfterDate) {
  server_.inject_rate_limit("Wed, 21 Oct 2026 07:28:07 GMT");
  const CommandResult result = run({"list"});
  EXPECT_EQ(result.exit_status, 0) << result.err;
  ASSERT_EQ(sleeps_.size(), 1u);
  EXPECT_EQ(sleeps_[0], std::chrono::milliseconds(7000));
  EXPECT_EQ(server_.requests().size(), 2u);
  EXPECT_NE(result.err.find("retrying in 7000 ms (attempt 2 of 5)"), std::string::npos)
      << result.err;
}

TEST_F(AttioWebhooksCommand, RateLimitWaitsForRetryAfterSeconds) {
  server_.inject_rate_limit("3");
  const CommandResult result =
      run({"create", "--target-url", kTarget, "--subscription", "record.created"});
  EXPECT_EQ(result.exit_status, 0) << result.err;
  ASSERT_EQ(sleeps_.size(), 1u);
  EXPECT_EQ(sleeps_[0], std::chrono::milliseconds(3000));
  EXPECT_EQ(server_.write_requests().size(), 2u);
  EXPECT_EQ(server_.webhook_count(), 1u);
}

TEST_F(AttioWebhooksCommand, RateLimitWaitIsCapped) {
  server_.inject_rate_limit("86400");
  EXPECT_EQ(run({"list"}).exit_status, 0);
  ASSERT_EQ(sleeps_.size(), 1u);
  EXPECT_EQ(sleeps_[0], std::chrono::milliseconds(60000));
}

TEST_F(AttioWebhooksCommand, RateLimitGivesUpAfterMaxAttempts) {
  server_.inject_rate_limit("1", 5);
  const CommandResult result = run({"list"});
  EXPECT_EQ(result.exit_status, 1);
  EXPECT_NE(result.err.find("still rate-limited after 5 attempts"), std::string::npos)
      << result.err;
  EXPECT_EQ(server_.requests().size(), 5u);
  EXPECT_EQ(sleeps_.size(), 4u);
}

TEST_F(AttioWebhooksCommand, ServerErrorRetriesWithBackoff) {
  server_.inject(
      {500, R"({"status_code":500,"type":"api_error","code":"internal","message":"boom"})", {}, ""},
      3);
  const CommandResult result = run({"list"});
  EXPECT_EQ(result.exit_status, 0) << result.err;
  const std::vector<std::chrono::milliseconds> expected = {std::chrono::milliseconds(500),
                                                           std::chrono::milliseconds(1000),
                                                           std::chrono::milliseconds(2000)};
  EXPECT_EQ(sleeps_, expected);
  EXPECT_EQ(server_.requests().size(), 4u);
}

TEST_F(AttioWebhooksCommand, ServerErrorExhaustedNamesUrl) {
  server_.inject({502, "<html>bad gateway</html>", {}, ""}, 5);
  env_["ATTIO_API_MAX_ATTEMPTS"] = "3";
  const CommandResult result = run({"get", "00000000-0000-4000-8000-000000000009"});
  EXPECT_EQ(result.exit_status, 1);
  EXPECT_NE(result.err.find("GET " + server_.base_url() +
                            "/v2/webhooks/00000000-0000-4000-8000-000000000009 failed (HTTP 502, "
                            "<html>bad gateway</html>) after 3 attempts"),
            std::string::npos)
      << result.err;
  EXPECT_EQ(server_.requests().size(), 3u);
}

TEST_F(AttioWebhooksCommand, CreateIsNotRetriedOn500) {
  server_.inject({500,
                  R"({"status_code":500,"type":"api_error","code":"internal","message":"boom"})",
                  {},
                  ""});
  const CommandResult result =
      run({"create", "--target-url", kTarget, "--subscription", "record.created"});
  EXPECT_EQ(result.exit_status, 1);
  EXPECT_EQ(server_.requests().size(), 1u);
  EXPECT_TRUE(sleeps_.empty());
  EXPECT_NE(result.err.find("may have been created anyway"), std::string::npos) << result.err;
}

TEST_F(AttioWebhooksCommand, CreateIsRetriedOn503) {
  server_.inject({503, "", {}, ""});
  const CommandResult result =
      run({"create", "--target-url", kTarget, "--subscription", "record.created"});
  EXPECT_EQ(result.exit_status, 0) << result.err;
  EXPECT_EQ(server_.write_requests().size(), 2u);
  EXPECT_EQ(server_.webhook_count(), 1u);
}

TEST_F(AttioWebhooksCommand, NetworkErrorRetriesThenNamesUrl) {
  // Bind a loopback port and close it again, so connecting to it is refused.
  const int probe = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(probe, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  ASSERT_EQ(::bind(probe, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  socklen_t length = sizeof(address);
  ASSERT_EQ(::getsockname(probe, reinterpret_cast<sockaddr*>(&address), &length), 0);
  ::close(probe);
  const int closed_port = ntohs(address.sin_port);
  env_["ATTIO_API_TIMEOUT_MS"] = "2000";
  const std::string base_url = "http://127.0.0.1:" + std::to_string(closed_port);
  env_["ATTIO_API_BASE_URL"] = base_url;

  const CommandResult result = run({"list"});

  EXPECT_EQ(result.exit_status, 1);
  EXPECT_NE(result.err.find("GET " + base_url +
                            "/v2/webhooks?limit=100&offset=0 failed after 5 "
                            "attempts; last error: "),
            std::string::npos)
      << result.err;
  EXPECT_EQ(sleeps_.size(), 4u);
}

TEST_F(AttioWebhooksCommand, UnauthorizedExplainsScope) {
  env_["ATTIO_API_KEY"] = "wrong-key";
  const CommandResult result = run({"list"});
  EXPECT_EQ(result.exit_status, 1);
  EXPECT_NE(result.err.find("Attio rejected the API key (HTTP 401"), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("webhook:read-write"), std::string::npos);
  EXPECT_EQ(result.err.find("wrong-key"), std::string::npos);
  EXPECT_EQ(server_.requests().size(), 1u);
  EXPECT_EQ(server_.requests()[0].authorization, "Bearer wrong-key");
}

TEST_F(AttioWebhooksCommand, ForbiddenExplainsScope) {
  server_.inject(
      {403,
       R"({"status_code":403,"type":"auth_error","code":"forbidden","message":"Missing scope"})",
       {},
       ""});
  const CommandResult result = run({"delete", "00000000-0000-4000-8000-000000000001"});
  EXPECT_EQ(result.exit_status, 1);
  EXPECT_NE(result.err.find("lacks a required scope"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("webhook:read-write"), std::string::npos);
}

TEST_F(AttioWebhooksCommand, MissingApiKeyIsInvalidInput) {
  env_.erase("ATTIO_API_KEY");
  const CommandResult result = run({"list"});
  EXPECT_EQ(result.exit_status, 2);
  EXPECT_NE(result.err.find("ATTIO_API_KEY is not set"), std::string::npos);
  EXPECT_TRUE(server_.requests().empty());
}

TEST_F(AttioWebhooksCommand, InvalidSettingsAreInvalidInput) {
  env_["ATTIO_API_BASE_URL"] = "https://user:pass@api.example.com";
  EXPECT_EQ(run({"list"}).exit_status, 2);
  env_["ATTIO_API_BASE_URL"] = server_.base_url();
  env_["ATTIO_API_TIMEOUT_MS"] = "soon";
  const CommandResult timeout = run({"list"});
  EXPECT_EQ(timeout.exit_status, 2);
  EXPECT_NE(timeout.err.find("--api-timeout (ATTIO_API_TIMEOUT_MS) = \"soon\" is invalid"),
            std::string::npos)
      << timeout.err;
  EXPECT_EQ(run({"list", "--bogus"}).exit_status, 2);
  EXPECT_EQ(run({"frobnicate"}).exit_status, 2);
  EXPECT_EQ(run({}).exit_status, 2);
  EXPECT_TRUE(server_.requests().empty());
}

TEST_F(AttioWebhooksCommand, FlagWinsOverEnv) {
  env_["ATTIO_API_BASE_URL"] = "https://user:pass@invalid.example.com";
  const CommandResult result = run({"list", "--api-base-url", server_.base_url()});
  EXPECT_EQ(result.exit_status, 0) << result.err;
  EXPECT_EQ(server_.requests().size(), 1u);
}

TEST_F(AttioWebhooksCommand, HelpListsFlagsWithEnv) {
  const std::map<std::string, std::vector<std::string>> expected = {
      {"list",
       {"--json", "ATTIO_API_BASE_URL", "ATTIO_CA_FILE", "ATTIO_API_TIMEOUT_MS",
        "ATTIO_API_MAX_ATTEMPTS", "ATTIO_API_KEY"}},
      {"get", {"--json", "ATTIO_API_BASE_URL"}},
      {"create",
       {"--target-url URL", "--subscription EVENT[=FILTER_JSON]", "--secret-out FILE",
        "ATTIO_WEBHOOKS_SECRET_OUT", "ATTIO_WEBHOOKS_ALLOW_HTTP_TARGET",
        "ATTIO_WEBHOOKS_ALLOW_UNKNOWN_EVENT_TYPES"}},
      {"update", {"--target-url URL", "--subscription EVENT[=FILTER_JSON]"}},
      {"delete", {"ATTIO_API_BASE_URL", "default: https://api.attio.com"}},
      {"apply",
       {"-f, --file FILE", "ATTIO_WEBHOOKS_FILE", "--dry-run", "ATTIO_WEBHOOKS_DRY_RUN", "--prune",
        "ATTIO_WEBHOOKS_PRUNE", "--secret-out FILE"}},
  };
  env_.erase("ATTIO_API_KEY");
  for (const auto& [subcommand, fragments] : expected) {
    const CommandResult result = run({subcommand, "--help"});
    EXPECT_EQ(result.exit_status, 0) << subcommand;
    for (const std::string& fragment : fragments) {
      EXPECT_NE(result.out.find(fragment), std::string::npos) << subcommand << ": " << fragment;
    }
  }
  EXPECT_EQ(run({"--help"}).exit_status, 0);
  EXPECT_TRUE(server_.requests().empty());
}

// --- HTTPS ---------------------------------------------------------------------------

class AttioWebhooksHttps : public AttioWebhooksCommand {
 protected:
  AttioWebhooksHttps()
      : certificate_(bridge::test::TestCertificate::generate_for_loopback()),
        https_server_(kApiKey, certificate_) {
    ca_file_ = (directory_ / "ca.pem").string();
    certificate_.write_certificate_pem(ca_file_);
    env_["ATTIO_API_BASE_URL"] = https_server_.base_url();
  }

  bridge::test::TestCertificate certificate_;
  FakeAttioServer https_server_;
  std::string ca_file_;
};

TEST_F(AttioWebhooksHttps, TrustsCaFile) {
  https_server_.add_webhook(kTarget, R"([{"event_type":"record.created","filter":null}])");
  env_["ATTIO_CA_FILE"] = ca_file_;
  const CommandResult result = run({"list"});
  EXPECT_EQ(result.exit_status, 0) << result.err;
  EXPECT_NE(result.out.find(kTarget), std::string::npos);
  ASSERT_EQ(https_server_.requests().size(), 1u);
  EXPECT_EQ(https_server_.requests()[0].authorization, std::string("Bearer ") + kApiKey);
}

TEST_F(AttioWebhooksHttps, RejectsUntrustedCertificate) {
  const CommandResult result = run({"list"});
  EXPECT_EQ(result.exit_status, 1);
  EXPECT_NE(result.err.find("ATTIO_CA_FILE"), std::string::npos) << result.err;
  EXPECT_TRUE(https_server_.requests().empty());
  EXPECT_TRUE(sleeps_.empty());
}

}  // namespace
}  // namespace bridge::attio
