#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bridge/config/serve_settings.hpp"

namespace bridge::config {
namespace {

// Loads serve settings from `args` plus the flags every run needs.
ServeSettings load(std::vector<std::string> args, const Environment& environment) {
  args.insert(args.end(), {"--secret", "s", "--kafka-brokers", "127.0.0.1:9092"});
  const ParsedFlags flags = parse_flags(serve_flags(), args, environment);
  return load_serve_settings(flags, environment);
}

std::string error_of(std::vector<std::string> args, const Environment& environment) {
  try {
    load(std::move(args), environment);
  } catch (const SettingsError& error) {
    return error.what();
  }
  return "<no error>";
}

TEST(EnrichSettings, OffByDefault) {
  EXPECT_FALSE(load({}, {}).enrich.has_value());
}

TEST(EnrichSettings, NeedsApiKey) {
  const std::string error = error_of({"--enrich"}, {});
  EXPECT_NE(error.find("--enrich (BRIDGE_ENRICH) needs ATTIO_API_KEY"), std::string::npos) << error;
}

TEST(EnrichSettings, FromEnvironment) {
  const Environment environment = {{"BRIDGE_ENRICH", "true"},
                                   {"ATTIO_API_KEY", "key-1"},
                                   {"ATTIO_API_BASE_URL", "http://127.0.0.1:1"},
                                   {"BRIDGE_ENRICH_REFRESH_MS", "60000"}};
  const ServeSettings settings = load({}, environment);
  ASSERT_TRUE(settings.enrich.has_value());
  EXPECT_EQ(settings.enrich->api.api_key, "key-1");
  EXPECT_EQ(settings.enrich->api.base_url, "http://127.0.0.1:1");
  EXPECT_EQ(settings.enrich->refresh_interval, std::chrono::milliseconds(60000));
}

TEST(EnrichSettings, DefaultRefreshAndBaseUrl) {
  const ServeSettings settings = load({"--enrich"}, {{"ATTIO_API_KEY", "key-1"}});
  ASSERT_TRUE(settings.enrich.has_value());
  EXPECT_EQ(settings.enrich->refresh_interval, std::chrono::milliseconds(600000));
  EXPECT_EQ(settings.enrich->api.base_url, "https://api.attio.com");
}

TEST(EnrichSettings, FlagWinsOverVariable) {
  const ServeSettings settings =
      load({"--enrich=false"}, {{"BRIDGE_ENRICH", "true"}, {"ATTIO_API_KEY", "key-1"}});
  EXPECT_FALSE(settings.enrich.has_value());
}

TEST(EnrichSettings, InvalidSwitchValue) {
  const std::string error = error_of({}, {{"BRIDGE_ENRICH", "yes please"}});
  EXPECT_NE(error.find("BRIDGE_ENRICH"), std::string::npos) << error;
  EXPECT_NE(error.find("expected true or false"), std::string::npos) << error;
}

TEST(EnrichSettings, InvalidRefresh) {
  const std::string error =
      error_of({"--enrich", "--enrich-refresh", "10"}, {{"ATTIO_API_KEY", "key-1"}});
  EXPECT_NE(error.find("--enrich-refresh"), std::string::npos) << error;
}

TEST(EnrichSettings, SlugPlaceholdersNeedEnrich) {
  const std::string error = error_of({"--topic-template", "crm.{object}.{event_type}"}, {});
  EXPECT_NE(error.find("turn on --enrich"), std::string::npos) << error;
  const ServeSettings settings =
      load({"--enrich", "--topic-template", "crm.{object}.{event_type}"}, {{"ATTIO_API_KEY", "k"}});
  EXPECT_TRUE(settings.enrich.has_value());
}

}  // namespace
}  // namespace bridge::config
