#include "engine/repo/github_client.h"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

namespace twin::engine {
namespace {

using nlohmann::json;

json parse_body(const std::string& body) { return json::parse(body, nullptr, false); }

/// GitHub's own words for an error ("message", and each "errors[].message").
std::string github_message(const HttpResponse& response) {
  json body = parse_body(response.body);
  if (!body.is_object()) return "";
  std::string text = body.value("message", "");
  if (body.contains("errors") && body["errors"].is_array())
    for (const auto& e : body["errors"])
      if (e.is_object() && e.contains("message") && e["message"].is_string())
        text += (text.empty() ? "" : ": ") + e["message"].get<std::string>();
  return text;
}

bool is_rate_limited(const HttpResponse& r) {
  return r.status == 429 ||
         (r.status == 403 && (r.header("x-ratelimit-remaining") == "0" ||
                              !r.header("retry-after").empty()));
}

/// How long GitHub asks us to wait: Retry-After (seconds), else until
/// X-RateLimit-Reset (epoch seconds), else a minute (GitHub's advice).
std::chrono::seconds wait_for(const HttpResponse& r) {
  auto number = [](const std::string& s) -> std::optional<long long> {
    if (s.empty() || !std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); }))
      return std::nullopt;
    return std::stoll(s.substr(0, 12));
  };
  if (auto after = number(r.header("retry-after"))) return std::chrono::seconds(*after);
  if (auto reset = number(r.header("x-ratelimit-reset")))
    return std::chrono::seconds(std::max<long long>(0, *reset - std::time(nullptr)));
  return std::chrono::seconds(60);
}

GithubRepo repo_from(const json& body) {
  GithubRepo repo;
  repo.full_name = body.value("full_name", "");
  repo.clone_url = body.value("clone_url", "");
  repo.html_url = body.value("html_url", "");
  repo.is_private = body.value("private", true);
  return repo;
}

Error unexpected(const HttpResponse& r, const std::string& what) {
  std::string said = github_message(r);
  if (r.status >= 500)
    return make_error("E2108", what + ": GitHub had a server error (HTTP " +
                                   std::to_string(r.status) + "); try again later");
  return make_error("E2108", what + ": unexpected answer (HTTP " + std::to_string(r.status) + ")" +
                                 (said.empty() ? "" : ": " + said));
}

/// The errors every call shares: 401, 403 (scope), rate limits.
std::optional<Error> common_failure(const HttpResponse& r, const std::string& what) {
  std::string said = github_message(r);
  if (r.status == 401)
    return make_error("E2102", what + ": GitHub refused the token (401" +
                                   (said.empty() ? "" : " " + said) +
                                   "): it is wrong, expired or revoked; create a new one "
                                   "(Settings > Developer settings > Personal access tokens)");
  if (is_rate_limited(r))
    return make_error("E2107", what + ": GitHub's rate limit was reached; try again in " +
                                   std::to_string(wait_for(r).count()) + " seconds");
  if (r.status == 403) {
    std::string has = r.header("x-oauth-scopes"), needs = r.header("x-accepted-oauth-scopes");
    std::string scopes;
    if (!needs.empty()) scopes += "; it needs the scope(s): " + needs;
    if (r.headers.count("x-oauth-scopes"))
      scopes += "; the token has: " + (has.empty() ? std::string("none") : has);
    return make_error("E2103", what + ": the token lacks a permission (403" +
                                   (said.empty() ? "" : " " + said) + ")" + scopes +
                                   ". A classic token needs the `repo` scope; a fine-grained "
                                   "token needs Administration and Contents: read and write");
  }
  return std::nullopt;
}

}  // namespace

bool plausible_token(std::string_view token) {
  return !token.empty() && token.size() <= 255 &&
         std::all_of(token.begin(), token.end(), [](unsigned char c) {
           return std::isalnum(c) || c == '_' || c == '-' || c == '.';
         });
}

GithubClient::GithubClient(HttpClient& http, std::string api_url, std::string token,
                           RetryPolicy retry)
    : http_(&http), api_url_(std::move(api_url)), token_(std::move(token)), retry_(std::move(retry)) {
  while (!api_url_.empty() && api_url_.back() == '/') api_url_.pop_back();
  if (!retry_.sleep) retry_.sleep = [](std::chrono::seconds s) { std::this_thread::sleep_for(s); };
}

Result<HttpResponse> GithubClient::call(const std::string& method, const std::string& path,
                                        const std::string& body) {
  if (!plausible_token(token_))
    return make_error("E2111", "the token holds characters a GitHub token never has "
                               "(a space or a line break?)");
  HttpRequest request;
  request.method = method;
  request.url = api_url_ + path;
  request.headers = {"Accept: application/vnd.github+json", "X-GitHub-Api-Version: 2022-11-28",
                     "User-Agent: twinsync-twin", "Authorization: Bearer " + token_};
  if (!body.empty()) request.headers.push_back("Content-Type: application/json");
  request.body = body;
  for (int attempt = 0;; ++attempt) {
    auto response = http_->send(request);
    if (!response) return response.error();
    if (!is_rate_limited(*response) || attempt >= retry_.max_retries) return response;
    auto wait = wait_for(*response);
    if (wait > retry_.max_wait) return response;
    retry_.sleep(wait);
  }
}

Result<GithubAccount> GithubClient::current_user() {
  auto r = call("GET", "/user", "");
  if (!r) return r.error();
  const std::string what = "checking the token";
  if (auto failure = common_failure(*r, what)) return *failure;
  json body = parse_body(r->body);
  if (r->status != 200 || !body.is_object() || !body.contains("login")) return unexpected(*r, what);
  return GithubAccount{body.value("login", ""), r->header("x-oauth-scopes")};
}

Result<GithubRepo> GithubClient::create_private_repo(const std::string& name,
                                                     const std::string& org,
                                                     const std::string& description) {
  json request = {{"name", name}, {"private", true}, {"description", description},
                  {"auto_init", false}};
  std::string path = org.empty() ? "/user/repos" : "/orgs/" + org + "/repos";
  auto r = call("POST", path, request.dump());
  if (!r) return r.error();
  std::string owner = org.empty() ? "your account" : "organization " + org;
  const std::string what = "creating the repository " + name;
  if (auto failure = common_failure(*r, what)) return *failure;
  if (r->status == 404)
    return make_error("E2104", what + ": " + (org.empty() ? std::string("the API was not found; is --api-url right?")
                                                           : "organization " + org +
                                                                 " does not exist, or the token "
                                                                 "cannot create repositories in it"));
  if (r->status == 422) {
    std::string said = github_message(*r);
    if (said.find("already exists") != std::string::npos)
      return make_error("E2105", "a repository named " + name + " already exists in " + owner);
    return make_error("E2106", what + ": GitHub rejected it (422" +
                                   (said.empty() ? "" : " " + said) + ")");
  }
  json body = parse_body(r->body);
  if (r->status != 201 || !body.is_object() || !body.contains("clone_url"))
    return unexpected(*r, what);
  return repo_from(body);
}

Result<GithubRepo> GithubClient::get_repo(const std::string& owner, const std::string& name) {
  auto r = call("GET", "/repos/" + owner + "/" + name, "");
  if (!r) return r.error();
  const std::string what = "reading the repository " + owner + "/" + name;
  if (auto failure = common_failure(*r, what)) return *failure;
  if (r->status == 404)
    return make_error("E2104", what + ": not found, or the token cannot see it");
  json body = parse_body(r->body);
  if (r->status != 200 || !body.is_object() || !body.contains("clone_url"))
    return unexpected(*r, what);
  return repo_from(body);
}

}  // namespace twin::engine
