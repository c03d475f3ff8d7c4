#include "engine/repo/http_client.h"

#include <algorithm>
#include <cctype>
#include <memory>

#include "engine/repo/curl_library.h"
#include "engine/repo/http_url.h"

namespace twin::engine {
namespace {

struct EasyDeleter {
  const CurlLibrary* lib;
  void operator()(CURL* h) const { lib->easy_cleanup(h); }
};
struct ListDeleter {
  const CurlLibrary* lib;
  void operator()(curl_slist* l) const { lib->slist_free_all(l); }
};
using Easy = std::unique_ptr<CURL, EasyDeleter>;
using HeaderList = std::unique_ptr<curl_slist, ListDeleter>;

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* out) {
  std::string_view line(data, size * count);
  auto& headers = *static_cast<std::map<std::string, std::string>*>(out);
  if (line.starts_with("HTTP/")) headers.clear();  // a new response (e.g. after 100-continue)
  auto colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string name(line.substr(0, colon));
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
      value.remove_suffix(1);
    headers[name] = std::string(value);
  }
  return size * count;
}

}  // namespace

std::string HttpResponse::header(const std::string& lower_case_name) const {
  auto it = headers.find(lower_case_name);
  return it == headers.end() ? "" : it->second;
}

Result<std::string> allowed_protocols(const std::string& url) {
  auto parsed = parse_url(url);
  if (parsed && parsed->scheme == "https" && parsed->userinfo.empty()) return std::string("https");
  if (parsed && parsed->scheme == "http" && parsed->userinfo.empty() &&
      is_loopback_host(parsed->host))
    return std::string("http,https");
  return make_error("E2109",
                    "refusing to send a token to a URL that is not https (plain http is "
                    "allowed only to 127.0.0.1 and ::1)",
                    parsed ? parsed->scheme + "://" + host_key(*parsed) : std::string("?"));
}

Result<HttpResponse> CurlHttpClient::send(const HttpRequest& request) {
  auto protocols = allowed_protocols(request.url);
  if (!protocols) return protocols.error();
  auto loaded = curl_library();
  if (!loaded) return loaded.error();
  const CurlLibrary& curl = **loaded;
  Easy easy(curl.easy_init(), EasyDeleter{&curl});
  if (!easy) return make_error("E2101", "cannot start libcurl");
  CURL* h = easy.get();
  char error_buffer[CURL_ERROR_SIZE] = "";
  HttpResponse response;
  HeaderList headers(nullptr, ListDeleter{&curl});
  for (const auto& line : request.headers) {
    curl_slist* grown = curl.slist_append(headers.get(), line.c_str());
    if (!grown) return make_error("E2101", "out of memory building a request");
    (void)headers.release();
    headers.reset(grown);
  }
  curl.easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
  curl.easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl.easy_setopt(h, CURLOPT_PROTOCOLS_STR, protocols->c_str());
  curl.easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "https");
  curl.easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl.easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
  curl.easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
  curl.easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl.easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 20L);
  curl.easy_setopt(h, CURLOPT_TIMEOUT, static_cast<long>(request.timeout.count()));
  curl.easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  if (request.method == "GET") curl.easy_setopt(h, CURLOPT_HTTPGET, 1L);
  if (!request.body.empty() || request.method == "POST" || request.method == "PATCH" ||
      request.method == "PUT") {
    curl.easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
    curl.easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  }
  curl.easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  curl.easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl.easy_setopt(h, CURLOPT_WRITEDATA, &response.body);
  curl.easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl.easy_setopt(h, CURLOPT_HEADERDATA, &response.headers);

  CURLcode rc = curl.easy_perform(h);
  if (rc != CURLE_OK) {
    std::string why = error_buffer[0] ? error_buffer : curl.easy_strerror(rc);
    return make_error("E2101", "cannot reach the server: " + why, request.url);
  }
  curl.easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
  if (response.status < 100)
    return make_error("E2101", "the server sent no HTTP status", request.url);
  return response;
}

}  // namespace twin::engine
