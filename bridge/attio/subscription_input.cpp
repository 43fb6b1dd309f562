#include "bridge/attio/subscription_input.hpp"

#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <map>

namespace bridge::attio {
namespace {

std::string to_compact_json(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace

std::optional<Subscription> read_subscription(const rapidjson::Value& item, const std::string& path,
                                              const ValidationOptions& options,
                                              std::vector<std::string>& errors) {
  if (!item.IsObject()) {
    errors.push_back(path + ": expected an object {event_type, filter}, got " +
                     describe_json_type(item));
    return std::nullopt;
  }
  const std::size_t errors_before = errors.size();

  for (const auto& member : item.GetObject()) {
    const std::string name(member.name.GetString(), member.name.GetStringLength());
    if (name != "event_type" && name != "filter") {
      errors.push_back(path + "." + name +
                       ": unknown key; a subscription has only event_type and filter");
    }
  }

  Subscription subscription;
  const auto event_type = item.FindMember("event_type");
  if (event_type == item.MemberEnd()) {
    errors.push_back(path +
                     ".event_type: missing; name an Attio event type such as record.created");
  } else if (!event_type->value.IsString()) {
    errors.push_back(path + ".event_type: must be a string, not " +
                     describe_json_type(event_type->value));
  } else {
    subscription.event_type = event_type->value.GetString();
    validate_event_type(subscription.event_type, path + ".event_type", options, errors);
  }

  const auto filter = item.FindMember("filter");
  if (filter != item.MemberEnd()) {
    validate_filter(filter->value, path + ".filter", errors);
    subscription.filter_json = to_compact_json(filter->value);
  }

  if (errors.size() != errors_before) {
    return std::nullopt;
  }
  return subscription;
}

std::optional<Subscription> parse_subscription_argument(const std::string& argument,
                                                        std::size_t index,
                                                        const ValidationOptions& options,
                                                        std::vector<std::string>& errors) {
  const std::string path = "--subscription[" + std::to_string(index) + "]";
  const std::size_t equals = argument.find('=');
  Subscription subscription;
  subscription.event_type = argument.substr(0, equals);
  const std::size_t errors_before = errors.size();
  validate_event_type(subscription.event_type, path + ".event_type", options, errors);

  if (equals != std::string::npos) {
    const std::string filter_text = argument.substr(equals + 1);
    rapidjson::Document filter;
    filter.Parse(filter_text);
    if (filter.HasParseError()) {
      errors.push_back(path + ".filter: invalid JSON at offset " +
                       std::to_string(filter.GetErrorOffset()) + ": " +
                       rapidjson::GetParseError_En(filter.GetParseError()) +
                       "; quote the whole argument for the shell, e.g. "
                       "'record.updated={\"$and\":[...]}'");
    } else {
      validate_filter(filter, path + ".filter", errors);
      subscription.filter_json = to_compact_json(filter);
    }
  }

  if (errors.size() != errors_before) {
    return std::nullopt;
  }
  return subscription;
}

void check_duplicate_subscriptions(const std::vector<Subscription>& subscriptions,
                                   const std::string& path, std::vector<std::string>& errors) {
  std::map<std::string, std::size_t> first_index_by_key;
  for (std::size_t i = 0; i < subscriptions.size(); ++i) {
    const auto [existing, inserted] =
        first_index_by_key.emplace(subscription_key(subscriptions[i]), i);
    if (!inserted) {
      errors.push_back(path + "[" + std::to_string(i) + "]: repeats " + path + "[" +
                       std::to_string(existing->second) + "] (" + subscriptions[i].event_type +
                       " with the same filter); remove one of them");
    }
  }
}

}  // namespace bridge::attio
