#pragma once

#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <vector>

#include "bridge/attio/expected.hpp"

namespace bridge::attio {

// One entry of a webhook's `subscriptions` array.
struct Subscription {
  std::string event_type;
  // Compact JSON text of the filter: "null" for no filtering, otherwise an object with one
  // key, `$and` or `$or`.
  std::string filter_json = "null";
};

// A webhook as Attio's REST API v2 returns it.
struct Webhook {
  std::string id;
  std::string workspace_id;
  std::string target_url;
  std::vector<Subscription> subscriptions;
  std::string status;
  std::string created_at;
  // The object exactly as Attio returned it, minus `secret`, as compact JSON.
  std::string json;
};

// The create response: the only time Attio returns the signing secret.
struct CreatedWebhook {
  Webhook webhook;
  std::string secret;
};

// Reads a webhook object from an Attio response. Unknown fields are kept in `json` and
// otherwise ignored. The error names the missing or mistyped field.
Expected<Webhook, std::string> parse_webhook(const rapidjson::Value& object);

// Reads the `data` object of a create response and moves `secret` out of it.
Expected<CreatedWebhook, std::string> parse_created_webhook(const rapidjson::Value& object);

// Returns the body of `POST /v2/webhooks`. Every subscription carries `filter`, null when
// absent, because Attio marks the field as required.
std::string build_create_body(const std::string& target_url,
                              const std::vector<Subscription>& subscriptions);

// Returns the body of `PATCH /v2/webhooks/{id}` with only the given fields. Attio replaces
// the whole subscription list when `subscriptions` is present.
std::string build_update_body(const std::optional<std::string>& target_url,
                              const std::optional<std::vector<Subscription>>& subscriptions);

// Returns a canonical text of a filter for comparisons: object keys sorted, and the
// conditions of `$and` / `$or` sorted because their order does not change the result.
// A missing filter and JSON null give the same text.
std::string canonical_filter(const std::string& filter_json);

// Returns true when both lists hold the same subscriptions, ignoring order.
bool same_subscriptions(const std::vector<Subscription>& left,
                        const std::vector<Subscription>& right);

// Returns the comparison key of one subscription: event type and canonical filter.
std::string subscription_key(const Subscription& subscription);

}  // namespace bridge::attio
