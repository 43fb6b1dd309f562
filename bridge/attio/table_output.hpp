#pragma once

#include <ostream>
#include <vector>

#include "bridge/attio/webhook.hpp"

namespace bridge::attio {

// Prints one row per webhook with the columns ID, STATUS, TARGET_URL and SUBSCRIPTIONS
// (count and event types), padded to the widest value. Prints a note instead when the
// list is empty.
void print_webhook_table(const std::vector<Webhook>& webhooks, std::ostream& out);

// Prints every field of one webhook, one subscription per line with its filter.
void print_webhook_details(const Webhook& webhook, std::ostream& out);

// Prints the webhooks as one pretty-printed JSON array of Attio's objects.
void print_webhooks_json(const std::vector<Webhook>& webhooks, std::ostream& out);

// Prints one webhook as a pretty-printed JSON object.
void print_webhook_json(const Webhook& webhook, std::ostream& out);

}  // namespace bridge::attio
