#include "bridge/attio/table_output.hpp"

#include <rapidjson/document.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <algorithm>
#include <array>
#include <string>

namespace bridge::attio {
namespace {

std::string subscription_summary(const Webhook& webhook) {
  std::string summary = std::to_string(webhook.subscriptions.size());
  std::string types;
  for (const Subscription& subscription : webhook.subscriptions) {
    types += (types.empty() ? "" : ", ") + subscription.event_type;
    if (subscription.filter_json != "null") {
      types += " (filtered)";
    }
  }
  return types.empty() ? summary : summary + ": " + types;
}

void print_pretty(const rapidjson::Value& value, std::ostream& out) {
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> writer(buffer);
  writer.SetIndent(' ', 2);
  value.Accept(writer);
  out << buffer.GetString() << "\n";
}

}  // namespace

void print_webhook_table(const std::vector<Webhook>& webhooks, std::ostream& out) {
  if (webhooks.empty()) {
    out << "No webhooks.\n";
    return;
  }
  using Row = std::array<std::string, 4>;
  std::vector<Row> rows = {{"ID", "STATUS", "TARGET_URL", "SUBSCRIPTIONS"}};
  for (const Webhook& webhook : webhooks) {
    rows.push_back({webhook.id, webhook.status, webhook.target_url, subscription_summary(webhook)});
  }

  std::array<std::size_t, 3> widths{};
  for (const Row& row : rows) {
    for (std::size_t column = 0; column < widths.size(); ++column) {
      widths[column] = std::max(widths[column], row[column].size());
    }
  }
  for (const Row& row : rows) {
    std::string line;
    for (std::size_t column = 0; column < widths.size(); ++column) {
      std::string cell = row[column];
      cell.resize(widths[column] + 2, ' ');
      line += cell;
    }
    out << line << row[3] << "\n";
  }
}

void print_webhook_details(const Webhook& webhook, std::ostream& out) {
  out << "id:            " << webhook.id << "\n"
      << "workspace_id:  " << webhook.workspace_id << "\n"
      << "status:        " << webhook.status << "\n"
      << "target_url:    " << webhook.target_url << "\n"
      << "created_at:    " << webhook.created_at << "\n"
      << "subscriptions: " << webhook.subscriptions.size() << "\n";
  for (const Subscription& subscription : webhook.subscriptions) {
    out << "  " << subscription.event_type;
    if (subscription.filter_json != "null") {
      out << "  filter " << subscription.filter_json;
    }
    out << "\n";
  }
}

void print_webhooks_json(const std::vector<Webhook>& webhooks, std::ostream& out) {
  rapidjson::Document array(rapidjson::kArrayType);
  for (const Webhook& webhook : webhooks) {
    rapidjson::Document object(&array.GetAllocator());
    object.Parse(webhook.json);
    rapidjson::Value copy;
    copy.CopyFrom(object, array.GetAllocator());
    array.PushBack(copy, array.GetAllocator());
  }
  print_pretty(array, out);
}

void print_webhook_json(const Webhook& webhook, std::ostream& out) {
  rapidjson::Document object;
  object.Parse(webhook.json);
  print_pretty(object, out);
}

}  // namespace bridge::attio
