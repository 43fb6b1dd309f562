#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "bridge/enrich/attio_slug_source.hpp"
#include "bridge/enrich/slug_resolver.hpp"
#include "support/enrich_support.hpp"
#include "support/fake_attio_server.hpp"

namespace bridge::enrich {
namespace {

using testing::counter_value;
using testing::eventually;

constexpr const char* kDealsId = "088cae00-d899-4262-8751-8b9a7626918e";
constexpr const char* kPeopleId = "f4187059-10e0-408a-b6b8-9a2fec29935a";
constexpr const char* kSalesListId = "33ebdbe9-e529-47c9-b894-0ba25e9c15c0";
constexpr const char* kStageId = "41252299-f8c7-4b5e-99c9-4ff8321d2f96";

// Returns a UUID-shaped id that differs by `index`.
std::string numbered_id(int index) {
  char id[37];
  std::snprintf(id, sizeof(id), "00000000-0000-4000-8000-%012d", index);
  return id;
}

std::size_t requests_to(const test::FakeAttioServer& server, const std::string& path) {
  std::size_t count = 0;
  for (const auto& request : server.requests()) {
    count += request.path == path ? 1 : 0;
  }
  return count;
}

// A resolver against a fake Attio API, without warm-up unless asked.
struct ResolverFixture {
  explicit ResolverFixture(ResolverSettings settings = no_warm_up(), bool fake_clock = false) {
    server.add_object(kDealsId, "deals");
    server.add_object(kPeopleId, "people");
    server.add_list(kSalesListId, "sales");
    server.add_attribute("objects", kDealsId, kStageId, "stage");
    server.add_attribute("lists", kSalesListId, kStageId, "list_stage");
    SteadyNow now;
    if (fake_clock) {
      now = [this] { return clock.now(); };
    }
    resolver = std::make_unique<SlugResolver>(
        settings, std::make_unique<AttioSlugSource>(testing::fake_api_settings(server.base_url())),
        metrics, now);
  }

  static ResolverSettings no_warm_up() {
    ResolverSettings settings;
    settings.warm_up = false;
    return settings;
  }

  double misses(const char* kind) {
    return counter_value(metrics, "attio_bridge_enrichment_misses_total", "kind", kind);
  }
  double errors(const char* kind) {
    return counter_value(metrics, "attio_bridge_enrichment_errors_total", "kind", kind);
  }

  test::FakeAttioServer server{"test-key"};
  metrics::BridgeMetrics metrics{"test"};
  testing::FakeSteadyClock clock;
  std::unique_ptr<SlugResolver> resolver;  // destroyed first: its worker uses the server
};

TEST(SlugResolver, WarmUpFillsObjectsAndLists) {
  ResolverSettings settings;
  settings.warm_up = true;
  ResolverFixture fixture(settings);
  ASSERT_TRUE(eventually([&] { return fixture.resolver->warm_up_done(); }));

  EXPECT_EQ(fixture.resolver->object_slug(kDealsId), "deals");
  EXPECT_EQ(fixture.resolver->object_slug(kPeopleId), "people");
  EXPECT_EQ(fixture.resolver->list_slug(kSalesListId), "sales");
  EXPECT_EQ(requests_to(fixture.server, "/v2/objects"), 1u);
  EXPECT_EQ(requests_to(fixture.server, "/v2/lists"), 1u);
  EXPECT_EQ(requests_to(fixture.server, std::string("/v2/objects/") + kDealsId), 0u);
  EXPECT_EQ(fixture.misses("object"), 0);
}

TEST(SlugResolver, MissThenHit) {
  ResolverFixture fixture;
  EXPECT_EQ(fixture.resolver->object_slug(kDealsId), "");
  EXPECT_EQ(fixture.misses("object"), 1);

  ASSERT_TRUE(eventually([&] { return fixture.resolver->completed_fetches() == 1; }));
  EXPECT_EQ(fixture.resolver->object_slug(kDealsId), "deals");
  EXPECT_EQ(fixture.misses("object"), 1);
  EXPECT_EQ(requests_to(fixture.server, std::string("/v2/objects/") + kDealsId), 1u);
  EXPECT_EQ(fixture.server.requests().front().authorization, "Bearer test-key");
}

TEST(SlugResolver, UpperCaseIdSharesEntry) {
  ResolverFixture fixture;
  fixture.resolver->object_slug(kDealsId);
  ASSERT_TRUE(eventually([&] { return fixture.resolver->completed_fetches() == 1; }));
  EXPECT_EQ(fixture.resolver->object_slug("088CAE00-D899-4262-8751-8B9A7626918E"), "deals");
}

TEST(SlugResolver, ListAndAttributes) {
  ResolverFixture fixture;
  EXPECT_EQ(fixture.resolver->list_slug(kSalesListId), "");
  EXPECT_EQ(fixture.resolver->attribute_slug(route::AttributeParent::kObject, kDealsId, kStageId),
            "");
  EXPECT_EQ(fixture.resolver->attribute_slug(route::AttributeParent::kList, kSalesListId, kStageId),
            "");
  ASSERT_TRUE(eventually([&] { return fixture.resolver->completed_fetches() == 3; }));

  EXPECT_EQ(fixture.resolver->list_slug(kSalesListId), "sales");
  EXPECT_EQ(fixture.resolver->attribute_slug(route::AttributeParent::kObject, kDealsId, kStageId),
            "stage");
  EXPECT_EQ(fixture.resolver->attribute_slug(route::AttributeParent::kList, kSalesListId, kStageId),
            "list_stage");
  EXPECT_EQ(requests_to(fixture.server,
                        std::string("/v2/objects/") + kDealsId + "/attributes/" + kStageId),
            1u);
  EXPECT_EQ(requests_to(fixture.server,
                        std::string("/v2/lists/") + kSalesListId + "/attributes/" + kStageId),
            1u);
  EXPECT_EQ(fixture.misses("list"), 1);
  EXPECT_EQ(fixture.misses("attribute"), 2);
}

TEST(SlugResolver, MalformedIdNeverFetched) {
  ResolverFixture fixture;
  EXPECT_EQ(fixture.resolver->object_slug("../webhooks"), "");
  EXPECT_EQ(fixture.resolver->queued_fetches(), 0u);
  EXPECT_EQ(fixture.misses("object"), 1);
}

TEST(SlugResolver, HangingApiDoesNotBlockLookups) {
  ResolverFixture fixture;
  fixture.server.block_requests();
  EXPECT_EQ(fixture.resolver->object_slug(kDealsId), "");
  ASSERT_TRUE(eventually([&] { return fixture.server.held_requests() == 1; }));

  // The worker is stuck in a request that the server holds; lookups still return at once.
  EXPECT_EQ(fixture.resolver->object_slug(kDealsId), "");
  EXPECT_EQ(fixture.resolver->object_slug(kPeopleId), "");
  EXPECT_EQ(fixture.resolver->list_slug(kSalesListId), "");
  EXPECT_EQ(fixture.server.held_requests(), 1u);
  EXPECT_EQ(fixture.resolver->completed_fetches(), 0u);
  EXPECT_EQ(fixture.resolver->queued_fetches(), 2u);
  EXPECT_EQ(fixture.misses("object"), 3);

  fixture.server.unblock_requests();
  EXPECT_TRUE(eventually([&] { return fixture.resolver->object_slug(kDealsId) == "deals"; }));
  EXPECT_TRUE(eventually([&] { return fixture.resolver->list_slug(kSalesListId) == "sales"; }));
}

TEST(SlugResolver, PendingIdFetchedOnce) {
  ResolverFixture fixture;
  fixture.server.block_requests();
  fixture.resolver->object_slug(kDealsId);
  ASSERT_TRUE(eventually([&] { return fixture.server.held_requests() == 1; }));
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(fixture.resolver->object_slug(kDealsId), "");
  }
  EXPECT_EQ(fixture.resolver->queued_fetches(), 0u);

  fixture.server.unblock_requests();
  ASSERT_TRUE(eventually([&] { return fixture.resolver->completed_fetches() == 1; }));
  EXPECT_EQ(requests_to(fixture.server, std::string("/v2/objects/") + kDealsId), 1u);
  EXPECT_EQ(fixture.misses("object"), 6);
}

TEST(SlugResolver, MissQueueIsBounded) {
  ResolverSettings settings = ResolverFixture::no_warm_up();
  settings.max_queued_misses = 3;
  ResolverFixture fixture(settings);
  fixture.server.block_requests();
  fixture.resolver->object_slug(numbered_id(0));
  ASSERT_TRUE(eventually([&] { return fixture.server.held_requests() == 1; }));
  for (int i = 1; i <= 5; ++i) {
    fixture.resolver->object_slug(numbered_id(i));
  }
  EXPECT_EQ(fixture.resolver->queued_fetches(), 3u);
  fixture.server.unblock_requests();
  EXPECT_TRUE(eventually([&] { return fixture.resolver->completed_fetches() == 4; }));
}

TEST(SlugResolver, OutageCountsErrorsAndRetriesOnNextMiss) {
  ResolverFixture fixture;
  fixture.server.inject({503, R"({"status_code":503,"message":"unavailable"})", {}, "GET"});
  EXPECT_EQ(fixture.resolver->object_slug(kDealsId), "");
  ASSERT_TRUE(eventually([&] { return fixture.resolver->completed_fetches() == 1; }));
  EXPECT_EQ(fixture.errors("object"), 1);

  // A failure is not remembered, so the next event fetches again and then gets the slug.
  EXPECT_EQ(fixture.resolver->object_slug(kDealsId), "");
  ASSERT_TRUE(eventually([&] { return fixture.resolver->completed_fetches() == 2; }));
  EXPECT_EQ(fixture.resolver->object_slug(kDealsId), "deals");
  EXPECT_EQ(fixture.errors("object"), 1);
}

TEST(SlugResolver, NotFoundIsRemembered) {
  ResolverFixture fixture;
  const std::string unknown = numbered_id(42);
  EXPECT_EQ(fixture.resolver->object_slug(unknown), "");
  ASSERT_TRUE(eventually([&] { return fixture.resolver->completed_fetches() == 1; }));
  EXPECT_EQ(fixture.errors("object"), 1);

  EXPECT_EQ(fixture.resolver->object_slug(unknown), "");
  EXPECT_EQ(fixture.resolver->queued_fetches(), 0u);
  EXPECT_EQ(requests_to(fixture.server, "/v2/objects/" + unknown), 1u);
  EXPECT_EQ(fixture.misses("object"), 2);
}

TEST(SlugResolver, RefreshPicksUpRenamedSlug) {
  ResolverSettings settings = ResolverFixture::no_warm_up();
  settings.refresh_interval = std::chrono::minutes(10);
  ResolverFixture fixture(settings, /*fake_clock=*/true);
  fixture.resolver->object_slug(kDealsId);
  ASSERT_TRUE(eventually([&] { return fixture.resolver->completed_fetches() == 1; }));
  ASSERT_EQ(fixture.resolver->object_slug(kDealsId), "deals");

  fixture.server.add_object(kDealsId, "opportunities");
  fixture.clock.advance(std::chrono::minutes(9));
  fixture.resolver->wake();
  EXPECT_EQ(fixture.resolver->object_slug(kDealsId), "deals");

  fixture.clock.advance(std::chrono::minutes(1));
  fixture.resolver->wake();
  ASSERT_TRUE(eventually([&] { return fixture.resolver->completed_fetches() == 2; }));
  EXPECT_EQ(fixture.resolver->object_slug(kDealsId), "opportunities");
  EXPECT_EQ(requests_to(fixture.server, std::string("/v2/objects/") + kDealsId), 2u);
}

TEST(SlugResolver, FailedRefreshKeepsSlug) {
  ResolverSettings settings = ResolverFixture::no_warm_up();
  settings.refresh_interval = std::chrono::minutes(10);
  ResolverFixture fixture(settings, /*fake_clock=*/true);
  fixture.resolver->object_slug(kDealsId);
  ASSERT_TRUE(eventually([&] { return fixture.resolver->completed_fetches() == 1; }));

  fixture.server.inject({500, R"({"message":"boom"})", {}, "GET"});
  fixture.clock.advance(std::chrono::minutes(10));
  fixture.resolver->wake();
  ASSERT_TRUE(eventually([&] { return fixture.resolver->completed_fetches() == 2; }));
  EXPECT_EQ(fixture.resolver->object_slug(kDealsId), "deals");
  EXPECT_EQ(fixture.errors("object"), 1);
}

TEST(SlugResolver, MissFetchesAreRateLimited) {
  ResolverSettings settings = ResolverFixture::no_warm_up();
  settings.fetches_per_second = 10;
  ResolverFixture fixture(settings, /*fake_clock=*/true);
  for (int i = 0; i < 25; ++i) {
    fixture.server.add_object(numbered_id(i), "object_" + std::to_string(i));
    fixture.resolver->object_slug(numbered_id(i));
  }

  // The clock does not advance, so only the first second's 10 fetches may run.
  ASSERT_TRUE(eventually([&] {
    return fixture.resolver->completed_fetches() == 10 &&
           fixture.resolver->waiting_for_rate_limit();
  }));
  EXPECT_EQ(fixture.resolver->queued_fetches(), 15u);

  fixture.clock.advance(std::chrono::seconds(1));
  fixture.resolver->wake();
  ASSERT_TRUE(eventually([&] {
    return fixture.resolver->completed_fetches() == 20 &&
           fixture.resolver->waiting_for_rate_limit();
  }));
  EXPECT_EQ(fixture.resolver->queued_fetches(), 5u);

  fixture.clock.advance(std::chrono::seconds(1));
  fixture.resolver->wake();
  ASSERT_TRUE(eventually([&] { return fixture.resolver->completed_fetches() == 25; }));
  EXPECT_EQ(fixture.resolver->object_slug(numbered_id(24)), "object_24");
}

}  // namespace
}  // namespace bridge::enrich
