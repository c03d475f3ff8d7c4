// The few GitHub REST calls `twin setup-github` needs: who the token belongs
// to, create a private repository (for the user or an organization), and
// read one. Works with GitHub Enterprise through its API base URL. Every
// status GitHub documents for these calls becomes an Error that says what to
// do; rate limits are waited out when GitHub says how long (Retry-After, or
// the reset time) and that is within the cap. The token goes only into the
// Authorization header, never into a message.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "engine/repo/http_client.h"
#include "engine/core/result.h"

namespace twin::engine {

inline constexpr std::string_view kGithubApiUrl = "https://api.github.com";

struct GithubAccount {
  std::string login;
  std::string scopes;  // X-OAuth-Scopes of a classic token; empty for fine-grained ones
};

struct GithubRepo {
  std::string full_name;  // "owner/name"
  std::string clone_url;  // https URL, without credentials
  std::string html_url;
  bool is_private = true;
};

/// How long to wait out a rate limit, and how.
struct RetryPolicy {
  int max_retries = 2;
  std::chrono::seconds max_wait{60};  // a longer wait is reported, not slept
  std::function<void(std::chrono::seconds)> sleep;  // default: this_thread::sleep_for
};

/// True when `token` could be a GitHub token: 1-255 characters of
/// [A-Za-z0-9_.-]. Anything else (spaces, a newline) could not be sent safely.
bool plausible_token(std::string_view token);

class GithubClient {
 public:
  /// `api_url` without a trailing slash is fine either way; `http` must
  /// outlive the client.
  GithubClient(HttpClient& http, std::string api_url, std::string token, RetryPolicy retry = {});

  /// GET /user. Errors: E2102 bad token, E2103 forbidden, E2107 rate limit,
  /// E2101 network, E2108 unexpected answer, E2111 implausible token.
  Result<GithubAccount> current_user();

  /// POST /user/repos, or /orgs/ORG/repos when `org` is not empty, with
  /// private: true. Errors: E2105 when the name is taken (422), E2106 other
  /// validation failures, E2103 missing permission, E2104 no such
  /// organization, and those of current_user().
  Result<GithubRepo> create_private_repo(const std::string& name, const std::string& org,
                                         const std::string& description);

  /// GET /repos/OWNER/NAME. Errors: E2104 when it does not exist or the
  /// token cannot see it, and those of current_user().
  Result<GithubRepo> get_repo(const std::string& owner, const std::string& name);

 private:
  Result<HttpResponse> call(const std::string& method, const std::string& path,
                            const std::string& body);

  HttpClient* http_;
  std::string api_url_;
  std::string token_;
  RetryPolicy retry_;
};

}  // namespace twin::engine
