#include "bridge/attio/webhook.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <string_view>

namespace bridge::attio {
namespace {

std::string to_compact_json(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string quote_json_string(std::string_view text) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
  return std::string(buffer.GetString(), buffer.GetSize());
}

Expected<std::string, std::string> read_string(const rapidjson::Value& object, const char* name) {
  const auto member = object.FindMember(name);
  if (member == object.MemberEnd()) {
    return make_unexpected(std::string("missing field \"") + name + "\"");
  }
  if (!member->value.IsString()) {
    return make_unexpected(std::string("field \"") + name + "\" is not a string");
  }
  return std::string(member->value.GetString(), member->value.GetStringLength());
}

// Writes a canonical form of any JSON value. Conditions under `$and` / `$or` are sorted by
// their canonical text so that reordered but equal filters compare equal.
std::string canonical_value(const rapidjson::Value& value) {
  if (value.IsObject()) {
    std::vector<std::pair<std::string, std::string>> members;
    for (const auto& member : value.GetObject()) {
      const std::string name(member.name.GetString(), member.name.GetStringLength());
      std::string text = canonical_value(member.value);
      if ((name == "$and" || name == "$or") && member.value.IsArray()) {
        std::vector<std::string> conditions;
        for (const auto& condition : member.value.GetArray()) {
          conditions.push_back(canonical_value(condition));
        }
        std::sort(conditions.begin(), conditions.end());
        text = "[";
        for (std::size_t i = 0; i < conditions.size(); ++i) {
          text += (i == 0 ? "" : ",") + conditions[i];
        }
        text += "]";
      }
      members.emplace_back(name, std::move(text));
    }
    std::sort(members.begin(), members.end());
    std::string text = "{";
    for (std::size_t i = 0; i < members.size(); ++i) {
      text += (i == 0 ? "" : ",") + quote_json_string(members[i].first) + ":" + members[i].second;
    }
    return text + "}";
  }
  if (value.IsArray()) {
    std::string text = "[";
    bool first = true;
    for (const auto& element : value.GetArray()) {
      text += (first ? "" : ",") + canonical_value(element);
      first = false;
    }
    return text + "]";
  }
  return to_compact_json(value);
}

void add_subscriptions(rapidjson::Value& data, const std::vector<Subscription>& subscriptions,
                       rapidjson::Document::AllocatorType& allocator) {
  rapidjson::Value list(rapidjson::kArrayType);
  for (const Subscription& subscription : subscriptions) {
    rapidjson::Value item(rapidjson::kObjectType);
    item.AddMember("event_type", rapidjson::Value(subscription.event_type, allocator), allocator);
    rapidjson::Document filter(&allocator);
    filter.Parse(subscription.filter_json);
    rapidjson::Value filter_value(rapidjson::kNullType);
    if (!filter.HasParseError()) {
      filter_value.CopyFrom(filter, allocator);
    }
    item.AddMember("filter", filter_value, allocator);
    list.PushBack(item, allocator);
  }
  data.AddMember("subscriptions", list, allocator);
}

}  // namespace

Expected<Webhook, std::string> parse_webhook(const rapidjson::Value& object) {
  if (!object.IsObject()) {
    return make_unexpected(std::string("webhook is not a JSON object"));
  }
  Webhook webhook;

  const auto id = object.FindMember("id");
  if (id == object.MemberEnd() || !id->value.IsObject()) {
    return make_unexpected(std::string("missing object field \"id\""));
  }
  auto webhook_id = read_string(id->value, "webhook_id");
  if (!webhook_id) {
    return make_unexpected("id: " + webhook_id.error());
  }
  webhook.id = webhook_id.value();
  if (auto workspace_id = read_string(id->value, "workspace_id")) {
    webhook.workspace_id = workspace_id.value();
  }

  auto target_url = read_string(object, "target_url");
  if (!target_url) {
    return make_unexpected(target_url.error());
  }
  webhook.target_url = target_url.value();
  if (auto status = read_string(object, "status")) {
    webhook.status = status.value();
  }
  if (auto created_at = read_string(object, "created_at")) {
    webhook.created_at = created_at.value();
  }

  const auto subscriptions = object.FindMember("subscriptions");
  if (subscriptions == object.MemberEnd() || !subscriptions->value.IsArray()) {
    return make_unexpected(std::string("missing array field \"subscriptions\""));
  }
  for (const auto& item : subscriptions->value.GetArray()) {
    if (!item.IsObject()) {
      return make_unexpected(std::string("a subscription is not a JSON object"));
    }
    auto event_type = read_string(item, "event_type");
    if (!event_type) {
      return make_unexpected("subscriptions: " + event_type.error());
    }
    Subscription subscription{event_type.value(), "null"};
    const auto filter = item.FindMember("filter");
    if (filter != item.MemberEnd()) {
      subscription.filter_json = to_compact_json(filter->value);
    }
    webhook.subscriptions.push_back(std::move(subscription));
  }

  webhook.json = to_compact_json(object);
  return webhook;
}

Expected<CreatedWebhook, std::string> parse_created_webhook(const rapidjson::Value& object) {
  if (!object.IsObject()) {
    return make_unexpected(std::string("webhook is not a JSON object"));
  }
  auto secret = read_string(object, "secret");
  if (!secret) {
    return make_unexpected(secret.error());
  }

  rapidjson::Document without_secret;
  without_secret.CopyFrom(object, without_secret.GetAllocator());
  without_secret.RemoveMember("secret");
  auto webhook = parse_webhook(without_secret);
  if (!webhook) {
    return make_unexpected(webhook.error());
  }
  return CreatedWebhook{std::move(webhook.value()), std::move(secret.value())};
}

std::string build_create_body(const std::string& target_url,
                              const std::vector<Subscription>& subscriptions) {
  rapidjson::Document body(rapidjson::kObjectType);
  auto& allocator = body.GetAllocator();
  rapidjson::Value data(rapidjson::kObjectType);
  data.AddMember("target_url", rapidjson::Value(target_url, allocator), allocator);
  add_subscriptions(data, subscriptions, allocator);
  body.AddMember("data", data, allocator);
  return to_compact_json(body);
}

std::string build_update_body(const std::optional<std::string>& target_url,
                              const std::optional<std::vector<Subscription>>& subscriptions) {
  rapidjson::Document body(rapidjson::kObjectType);
  auto& allocator = body.GetAllocator();
  rapidjson::Value data(rapidjson::kObjectType);
  if (target_url) {
    data.AddMember("target_url", rapidjson::Value(*target_url, allocator), allocator);
  }
  if (subscriptions) {
    add_subscriptions(data, *subscriptions, allocator);
  }
  body.AddMember("data", data, allocator);
  return to_compact_json(body);
}

std::string canonical_filter(const std::string& filter_json) {
  if (filter_json.empty()) {
    return "null";
  }
  rapidjson::Document filter;
  filter.Parse(filter_json);
  if (filter.HasParseError()) {
    // Only text this program produced from parsed JSON reaches here, so this is a fallback.
    return filter_json;
  }
  return canonical_value(filter);
}

std::string subscription_key(const Subscription& subscription) {
  return subscription.event_type + " " + canonical_filter(subscription.filter_json);
}

bool same_subscriptions(const std::vector<Subscription>& left,
                        const std::vector<Subscription>& right) {
  if (left.size() != right.size()) {
    return false;
  }
  std::vector<std::string> left_keys;
  std::vector<std::string> right_keys;
  for (const Subscription& subscription : left) {
    left_keys.push_back(subscription_key(subscription));
  }
  for (const Subscription& subscription : right) {
    right_keys.push_back(subscription_key(subscription));
  }
  std::sort(left_keys.begin(), left_keys.end());
  std::sort(right_keys.begin(), right_keys.end());
  return left_keys == right_keys;
}

}  // namespace bridge::attio
