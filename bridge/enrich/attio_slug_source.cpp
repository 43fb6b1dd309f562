#include "bridge/enrich/attio_slug_source.hpp"

#include <rapidjson/document.h>

namespace bridge::enrich {
namespace {

constexpr std::size_t kMaxQuotedBodyBytes = 200;

std::string_view string_member(const rapidjson::Value& object, const char* name) {
  if (!object.IsObject()) {
    return {};
  }
  const auto member = object.FindMember(name);
  if (member == object.MemberEnd() || !member->value.IsString()) {
    return {};
  }
  return {member->value.GetString(), member->value.GetStringLength()};
}

// Describes a response other than 200 or 404, with the fix for the usual causes.
std::string describe_status(const std::string& url, const attio::HttpReply& reply) {
  std::string detail = reply.body.substr(0, kMaxQuotedBodyBytes);
  for (char& c : detail) {
    if (c == '\n' || c == '\r') {
      c = ' ';
    }
  }
  std::string message = "GET " + url + " returned HTTP " + std::to_string(reply.status);
  if (!detail.empty()) {
    message += " (" + detail + ")";
  }
  if (reply.status == 401) {
    message += "; ATTIO_API_KEY is invalid or revoked";
  } else if (reply.status == 403) {
    message += "; give the token the object_configuration:read and list_configuration:read scopes";
  }
  return message;
}

}  // namespace

AttioSlugSource::AttioSlugSource(attio::ApiSettings settings)
    : client_(std::move(settings), attio::ApiHooks{}) {}

FetchResult AttioSlugSource::fetch(const SlugKey& key) {
  const std::string path = api_path(key);
  auto reply = client_.get(path);
  if (!reply) {
    return {FetchStatus::kFailed, {}, reply.error().message};
  }
  if (reply.value().status == 404) {
    return {FetchStatus::kNotFound, {}, "GET " + client_.url_for(path) + " returned HTTP 404"};
  }
  if (reply.value().status != 200) {
    return {FetchStatus::kFailed, {}, describe_status(client_.url_for(path), reply.value())};
  }

  rapidjson::Document document;
  document.Parse(reply.value().body);
  const rapidjson::Value* data = nullptr;
  if (!document.HasParseError() && document.IsObject() && document.HasMember("data")) {
    data = &document["data"];
  }
  const std::string_view slug =
      data == nullptr ? std::string_view() : string_member(*data, "api_slug");
  if (slug.empty()) {
    return {FetchStatus::kFailed,
            {},
            "GET " + client_.url_for(path) + " returned no string data.api_slug"};
  }
  return {FetchStatus::kFound, std::string(slug), {}};
}

attio::Expected<std::vector<IdSlug>, std::string> AttioSlugSource::list_all(SlugKind kind) {
  const bool objects = kind == SlugKind::kObject;
  const std::string path = objects ? "/v2/objects" : "/v2/lists";
  const char* id_name = objects ? "object_id" : "list_id";
  auto reply = client_.get(path);
  if (!reply) {
    return attio::make_unexpected(reply.error().message);
  }
  if (reply.value().status != 200) {
    return attio::make_unexpected(describe_status(client_.url_for(path), reply.value()));
  }

  rapidjson::Document document;
  document.Parse(reply.value().body);
  if (document.HasParseError() || !document.IsObject() || !document.HasMember("data") ||
      !document["data"].IsArray()) {
    return attio::make_unexpected("GET " + client_.url_for(path) + " returned no data array");
  }
  std::vector<IdSlug> entries;
  for (const rapidjson::Value& item : document["data"].GetArray()) {
    if (!item.IsObject() || !item.HasMember("id")) {
      continue;
    }
    const std::string_view id = string_member(item["id"], id_name);
    const std::string_view slug = string_member(item, "api_slug");
    if (!id.empty() && !slug.empty()) {
      entries.emplace_back(std::string(id), std::string(slug));
    }
  }
  return entries;
}

}  // namespace bridge::enrich
