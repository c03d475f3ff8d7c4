// HTTPS requests through libcurl, for the GitHub API. TLS verification is
// always on; only https is allowed, except plain http to 127.0.0.1 or ::1
// (the tests' loopback servers). Redirects are not followed, so an
// Authorization header never travels to another host. The caller judges the
// status code; transport failures are errors.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "engine/core/result.h"

namespace twin::engine {

struct HttpRequest {
  std::string method = "GET";  // GET, POST, PATCH, ...
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::string body;                  // sent when non-empty or for POST/PATCH/PUT
  std::chrono::seconds timeout{60};
};

struct HttpResponse {
  long status = 0;
  std::map<std::string, std::string> headers;  // names in lower case; the last one wins
  std::string body;

  /// The header's value, or "" when absent.
  std::string header(const std::string& lower_case_name) const;
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  /// Sends `request` and returns whatever status came back.
  /// Errors: E2109 for a URL that is not https (or http to loopback);
  /// E2101 when the server cannot be reached or the exchange fails (with
  /// curl's message; never a header value).
  virtual Result<HttpResponse> send(const HttpRequest& request) = 0;
};

/// The libcurl implementation (curl_global_init once per process).
class CurlHttpClient : public HttpClient {
 public:
  Result<HttpResponse> send(const HttpRequest& request) override;
};

/// The protocol allow-list for `url`: "https", or "http,https" when it is
/// plain http to a loopback address. Errors: E2109 otherwise.
Result<std::string> allowed_protocols(const std::string& url);

}  // namespace twin::engine
