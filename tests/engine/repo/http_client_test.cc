// engine/http_client: the protocol allow-list, and real exchanges with a
// loopback server (status, headers and body both ways; failures as errors).
#include "engine/repo/http_client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/git_sandbox.h"
#include "tests/support/loopback_http_server.h"

namespace twin::engine {
namespace {

using ::testing::HasSubstr;
using twin::testing::HttpExchange;
using twin::testing::HttpReply;
using twin::testing::LoopbackHttpServer;

TEST(HttpProtocols, HttpsEverywherePlainHttpOnlyToLoopbackLiterals) {
  EXPECT_EQ(*allowed_protocols("https://api.github.com/user"), "https");
  EXPECT_EQ(*allowed_protocols("https://ghe.example.com/api/v3"), "https");
  EXPECT_EQ(*allowed_protocols("http://127.0.0.1:8080/api"), "http,https");
  EXPECT_EQ(*allowed_protocols("http://[::1]:8080/api"), "http,https");
  for (const char* refused : {"http://api.github.com/user", "http://localhost:8080/",
                              "http://127.0.0.2/", "ftp://127.0.0.1/", "file:///etc/passwd",
                              "https://user:pw@api.github.com/", "not a url"}) {
    auto r = allowed_protocols(refused);
    ASSERT_FALSE(r.ok()) << refused;
    EXPECT_EQ(r.error().code, "E2109") << refused;
  }
  EXPECT_THAT(allowed_protocols("https://user:pw@h/").error().text(), ::testing::Not(HasSubstr("pw")));
}

TEST(HttpClient, SendsHeadersAndBodyAndReturnsStatusHeadersAndBody) {
  LoopbackHttpServer server([](const HttpExchange& ex) {
    return HttpReply{418, {{"X-Echo", ex.header("x-test")}, {"Retry-After", "7"}},
                     ex.method + " " + ex.path + " " + ex.body};
  });
  CurlHttpClient http;
  auto r = http.send({"POST", server.base_url() + "/api/thing", {"X-Test: hello"}, "{\"a\":1}"});
  ASSERT_TRUE(r.ok()) << r.error().text();
  EXPECT_EQ(r->status, 418);
  EXPECT_EQ(r->header("x-echo"), "hello");
  EXPECT_EQ(r->header("retry-after"), "7");
  EXPECT_EQ(r->body, "POST /api/thing {\"a\":1}");
  ASSERT_EQ(server.requests().size(), 1u);
  EXPECT_EQ(server.requests()[0].body, "{\"a\":1}");
}

TEST(HttpClient, RedirectsAreNotFollowed) {
  LoopbackHttpServer server([](const HttpExchange&) {
    return HttpReply{302, {{"Location", "http://127.0.0.1:1/elsewhere"}}, ""};
  });
  CurlHttpClient http;
  auto r = http.send({"GET", server.base_url() + "/", {"Authorization: Bearer t"}, ""});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 302);
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST(HttpClient, UnreachableServerIsE2101AndPlainHttpElsewhereIsNeverTried) {
  CurlHttpClient http;
  int port = twin::testing::free_loopback_port();
  auto down = http.send({"GET", "http://127.0.0.1:" + std::to_string(port) + "/user", {}, ""});
  ASSERT_FALSE(down.ok());
  EXPECT_EQ(down.error().code, "E2101");
  EXPECT_THAT(down.error().message, HasSubstr("cannot reach"));
  auto plain = http.send({"GET", "http://example.com/user", {"Authorization: Bearer secret"}, ""});
  ASSERT_FALSE(plain.ok());
  EXPECT_EQ(plain.error().code, "E2109");
}

}  // namespace
}  // namespace twin::engine
