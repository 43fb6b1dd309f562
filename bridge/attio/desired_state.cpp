#include "bridge/attio/desired_state.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

#include "bridge/attio/subscription_input.hpp"
#include "bridge/attio/yaml_to_json.hpp"

namespace bridge::attio {
namespace {

void reject_unknown_keys(const rapidjson::Value& object, const std::string& path,
                         const std::vector<std::string>& known, const std::string& what,
                         std::vector<std::string>& errors) {
  for (const auto& member : object.GetObject()) {
    const std::string name(member.name.GetString(), member.name.GetStringLength());
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      errors.push_back((path.empty() ? name : path + "." + name) + ": unknown key; " + what);
    }
  }
}

std::optional<DesiredWebhook> read_webhook(const rapidjson::Value& item, const std::string& path,
                                           const ValidationOptions& options,
                                           std::vector<std::string>& errors) {
  if (!item.IsObject()) {
    errors.push_back(path + ": expected a mapping with target_url and subscriptions, got " +
                     describe_json_type(item));
    return std::nullopt;
  }
  const std::size_t errors_before = errors.size();
  reject_unknown_keys(item, path, {"target_url", "subscriptions"},
                      "a webhook has only target_url and subscriptions", errors);

  DesiredWebhook webhook;
  const auto target_url = item.FindMember("target_url");
  if (target_url == item.MemberEnd()) {
    errors.push_back(path + ".target_url: missing; give the https:// URL Attio should post to");
  } else if (!target_url->value.IsString()) {
    errors.push_back(path + ".target_url: must be a string, not " +
                     describe_json_type(target_url->value));
  } else {
    webhook.target_url = target_url->value.GetString();
    validate_target_url(webhook.target_url, path + ".target_url", options, errors);
  }

  const std::string subscriptions_path = path + ".subscriptions";
  const auto subscriptions = item.FindMember("subscriptions");
  if (subscriptions == item.MemberEnd()) {
    errors.push_back(subscriptions_path + ": missing; list at least one event_type");
  } else if (!subscriptions->value.IsArray() || subscriptions->value.Empty()) {
    errors.push_back(subscriptions_path + ": expected a non-empty list of {event_type, filter}");
  } else {
    std::size_t index = 0;
    for (const auto& element : subscriptions->value.GetArray()) {
      const std::string element_path = subscriptions_path + "[" + std::to_string(index) + "]";
      if (auto subscription = read_subscription(element, element_path, options, errors)) {
        webhook.subscriptions.push_back(std::move(*subscription));
      }
      ++index;
    }
    if (webhook.subscriptions.size() == subscriptions->value.Size()) {
      check_duplicate_subscriptions(webhook.subscriptions, subscriptions_path, errors);
    }
  }

  if (errors.size() != errors_before) {
    return std::nullopt;
  }
  return webhook;
}

}  // namespace

Expected<std::vector<DesiredWebhook>, std::vector<std::string>> parse_desired_state(
    const std::string& yaml_text, const std::string& source_name,
    const ValidationOptions& options) {
  std::vector<std::string> errors;
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::Exception& error) {
    return make_unexpected(std::vector<std::string>{
        source_name + ":" + std::to_string(error.mark.line + 1) + ":" +
        std::to_string(error.mark.column + 1) + ": invalid YAML: " + error.msg});
  }

  rapidjson::Document document;
  convert_yaml_to_json(root, "", document, document.GetAllocator(), errors);

  std::vector<DesiredWebhook> webhooks;
  if (!document.IsObject()) {
    errors.push_back("(top level): expected a mapping with the key webhooks, got " +
                     describe_json_type(document));
  } else {
    reject_unknown_keys(document, "", {"webhooks"}, "the file has only the key webhooks", errors);
    const auto list = document.FindMember("webhooks");
    if (list == document.MemberEnd()) {
      errors.push_back("webhooks: missing; list the webhooks to keep in Attio");
    } else if (!list->value.IsArray()) {
      errors.push_back("webhooks: expected a list, got " + describe_json_type(list->value));
    } else {
      std::map<std::string, std::size_t> index_by_target;
      std::size_t index = 0;
      for (const auto& item : list->value.GetArray()) {
        const std::string path = "webhooks[" + std::to_string(index) + "]";
        if (auto webhook = read_webhook(item, path, options, errors)) {
          const auto [existing, inserted] = index_by_target.emplace(webhook->target_url, index);
          if (!inserted) {
            errors.push_back(path + ".target_url: \"" + webhook->target_url +
                             "\" is already used by webhooks[" + std::to_string(existing->second) +
                             "]; merge their subscriptions into one entry");
          } else {
            webhooks.push_back(std::move(*webhook));
          }
        }
        ++index;
      }
    }
  }

  if (!errors.empty()) {
    for (std::string& error : errors) {
      error = source_name + ": " + error;
    }
    return make_unexpected(std::move(errors));
  }
  return webhooks;
}

Expected<std::vector<DesiredWebhook>, std::vector<std::string>> load_desired_state(
    const std::string& path, const ValidationOptions& options) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return make_unexpected(std::vector<std::string>{
        path + ": cannot open the desired-state file: " + std::strerror(errno)});
  }
  std::ostringstream text;
  text << file.rdbuf();
  return parse_desired_state(text.str(), path, options);
}

}  // namespace bridge::attio
