// engine/github_client against a loopback server answering as GitHub does:
// each documented failure becomes its own error, rate limits are waited out
// within the cap, and the token appears in no message.
#include "engine/repo/github_client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/support/loopback_http_server.h"

namespace twin::engine {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using twin::testing::HttpExchange;
using twin::testing::HttpReply;
using twin::testing::LoopbackHttpServer;

constexpr const char* kToken = "ghp_T0kenForTests1234567890";

HttpReply json(int status, const std::string& body,
               std::vector<std::pair<std::string, std::string>> headers = {}) {
  return {status, std::move(headers), body};
}

const char* kRepo =
    R"({"full_name":"octo/twin-a","private":true,"clone_url":"https://h/octo/twin-a.git","html_url":"https://h/octo/twin-a"})";

struct Case {
  const char* name;
  HttpReply reply;
  const char* code;
  const char* says;
};

class GithubFailures : public ::testing::TestWithParam<Case> {};

TEST_P(GithubFailures, CreateRepoReportsEachFailureClearly) {
  const Case& c = GetParam();
  LoopbackHttpServer server([&](const HttpExchange&) { return c.reply; });
  CurlHttpClient http;
  std::vector<std::chrono::seconds> slept;
  GithubClient github(http, server.base_url(), kToken,
                      {.max_retries = 2, .max_wait = std::chrono::seconds(60),
                       .sleep = [&](std::chrono::seconds s) { slept.push_back(s); }});
  auto r = github.create_private_repo("twin-a", c.name == std::string("no org") ? "nosuchorg" : "",
                                      "d");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, c.code);
  EXPECT_THAT(r.error().text(), HasSubstr(c.says));
  EXPECT_THAT(r.error().text(), Not(HasSubstr(kToken)));
}

INSTANTIATE_TEST_SUITE_P(
    Statuses, GithubFailures,
    ::testing::Values(
        Case{"bad token", json(401, R"({"message":"Bad credentials"})"), "E2102",
             "refused the token"},
        Case{"missing scope",
             json(403, R"({"message":"Resource not accessible"})",
                  {{"X-OAuth-Scopes", "read:user"}, {"X-Accepted-OAuth-Scopes", "repo"}}),
             "E2103", "needs the scope(s): repo; the token has: read:user"},
        Case{"no org", json(404, R"({"message":"Not Found"})"), "E2104",
             "organization nosuchorg does not exist"},
        Case{"name taken",
             json(422, R"({"message":"Repository creation failed.","errors":[{"message":"name already exists on this account"}]})"),
             "E2105", "already exists"},
        Case{"other 422", json(422, R"({"message":"Validation Failed","errors":[{"message":"name is too long"}]})"),
             "E2106", "name is too long"},
        Case{"rate limit too long", json(429, R"({"message":"slow down"})", {{"Retry-After", "3600"}}),
             "E2107", "try again in 3600 seconds"},
        Case{"primary rate limit", json(403, R"({"message":"API rate limit exceeded"})",
                                        {{"X-RateLimit-Remaining", "0"},
                                         {"X-RateLimit-Reset", "9999999999"}}),
             "E2107", "rate limit"},
        Case{"server error", json(502, "<html>bad gateway</html>"), "E2108", "server error"},
        Case{"created but no json", json(201, "nonsense"), "E2108", "unexpected answer"}),
    [](const auto& info) {
      std::string n = info.param.name;
      for (char& ch : n)
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
      return n;
    });

TEST(GithubClient, SendsTheTokenAsBearerAndAsksForAPrivateRepo) {
  LoopbackHttpServer server([](const HttpExchange& ex) {
    if (ex.path == "/user") return json(200, R"({"login":"octo"})", {{"X-OAuth-Scopes", "repo"}});
    return json(201, kRepo);
  });
  CurlHttpClient http;
  GithubClient github(http, server.base_url() + "/", kToken);
  auto user = github.current_user();
  ASSERT_TRUE(user.ok()) << user.error().text();
  EXPECT_EQ(user->login, "octo");
  EXPECT_EQ(user->scopes, "repo");
  auto repo = github.create_private_repo("twin-a", "acme", "TwinSync++ twin");
  ASSERT_TRUE(repo.ok()) << repo.error().text();
  EXPECT_EQ(repo->full_name, "octo/twin-a");
  EXPECT_EQ(repo->clone_url, "https://h/octo/twin-a.git");
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].header("authorization"), std::string("Bearer ") + kToken);
  EXPECT_EQ(requests[1].method, "POST");
  EXPECT_EQ(requests[1].path, "/orgs/acme/repos");
  auto body = nlohmann::json::parse(requests[1].body);
  EXPECT_EQ(body["private"], true);
  EXPECT_EQ(body["name"], "twin-a");
  EXPECT_EQ(requests[1].header("content-type"), "application/json");
  EXPECT_THAT(requests[1].header("user-agent"), HasSubstr("twin"));
}

TEST(GithubClient, WaitsOutRetryAfterWithinTheCapThenSucceeds) {
  int answered = 0;
  LoopbackHttpServer server([&](const HttpExchange&) {
    return ++answered <= 2 ? json(429, R"({"message":"slow down"})", {{"Retry-After", "2"}})
                           : json(201, kRepo);
  });
  CurlHttpClient http;
  std::vector<std::chrono::seconds> slept;
  GithubClient github(http, server.base_url(), kToken,
                      {.max_retries = 2, .max_wait = std::chrono::seconds(60),
                       .sleep = [&](std::chrono::seconds s) { slept.push_back(s); }});
  auto repo = github.create_private_repo("twin-a", "", "d");
  ASSERT_TRUE(repo.ok()) << repo.error().text();
  EXPECT_EQ(slept, (std::vector<std::chrono::seconds>{std::chrono::seconds(2), std::chrono::seconds(2)}));
  EXPECT_EQ(server.requests().size(), 3u);
}

TEST(GithubClient, GivesUpAfterTheRetriesAndNeverSleepsBeyondTheCap) {
  LoopbackHttpServer server([](const HttpExchange&) {
    return json(429, R"({"message":"slow down"})", {{"Retry-After", "61"}});
  });
  CurlHttpClient http;
  std::vector<std::chrono::seconds> slept;
  GithubClient github(http, server.base_url(), kToken,
                      {.max_retries = 2, .max_wait = std::chrono::seconds(60),
                       .sleep = [&](std::chrono::seconds s) { slept.push_back(s); }});
  auto r = github.current_user();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "E2107");
  EXPECT_TRUE(slept.empty());
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST(GithubClient, GetRepoReadsPrivacyAnd404) {
  LoopbackHttpServer server([](const HttpExchange& ex) {
    if (ex.path == "/repos/octo/public")
      return json(200, R"({"full_name":"octo/public","private":false,"clone_url":"https://h/p.git"})");
    return json(404, R"({"message":"Not Found"})");
  });
  CurlHttpClient http;
  GithubClient github(http, server.base_url(), kToken);
  auto pub = github.get_repo("octo", "public");
  ASSERT_TRUE(pub.ok());
  EXPECT_FALSE(pub->is_private);
  EXPECT_EQ(github.get_repo("octo", "gone").error().code, "E2104");
}

TEST(GithubClient, ATokenThatCouldNotBeSentSafelyIsRefusedBeforeAnyRequest) {
  LoopbackHttpServer server([](const HttpExchange&) { return json(200, "{}"); });
  CurlHttpClient http;
  GithubClient github(http, server.base_url(), "ghp_abc\r\nX-Evil: 1");
  auto r = github.current_user();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "E2111");
  EXPECT_THAT(r.error().text(), Not(HasSubstr("ghp_abc")));
  EXPECT_TRUE(server.requests().empty());
  EXPECT_TRUE(plausible_token("ghp_ABCdef012_-."));
  EXPECT_FALSE(plausible_token(""));
  EXPECT_FALSE(plausible_token("has space"));
}

}  // namespace
}  // namespace twin::engine
