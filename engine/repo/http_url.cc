#include "engine/repo/http_url.h"

#include <algorithm>
#include <cctype>

#include "engine/core/ascii.h"

namespace twin::engine {
namespace {

bool valid_scheme(std::string_view s) {
  if (s.empty() || !std::isalpha(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '+' || c == '-' || c == '.';
  });
}

// Splits "[userinfo@]host[:port]" into `url`; false when malformed.
bool parse_authority(std::string_view authority, Url& url) {
  if (auto at = authority.rfind('@'); at != std::string_view::npos) {
    url.userinfo = std::string(authority.substr(0, at));
    authority.remove_prefix(at + 1);
  }
  if (authority.starts_with("[")) {
    auto close = authority.find(']');
    if (close == std::string_view::npos) return false;
    url.host = ascii_lower(authority.substr(1, close - 1));
    authority.remove_prefix(close + 1);
    if (!authority.empty()) {
      if (authority[0] != ':') return false;
      url.port = std::string(authority.substr(1));
    }
  } else if (auto colon = authority.find(':'); colon != std::string_view::npos) {
    url.host = ascii_lower(authority.substr(0, colon));
    url.port = std::string(authority.substr(colon + 1));
  } else {
    url.host = ascii_lower(authority);
  }
  return std::all_of(url.port.begin(), url.port.end(),
                     [](unsigned char c) { return std::isdigit(c); });
}

}  // namespace

std::optional<Url> parse_url(std::string_view text) {
  Url url;
  if (auto sep = text.find("://"); sep != std::string_view::npos) {
    if (!valid_scheme(text.substr(0, sep))) return std::nullopt;
    url.scheme = ascii_lower(text.substr(0, sep));
    std::string_view rest = text.substr(sep + 3);
    auto slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    if (slash != std::string_view::npos) url.path = std::string(rest.substr(slash));
    if (!parse_authority(authority, url)) return std::nullopt;
    if (url.host.empty() && url.scheme != "file") return std::nullopt;
    return url;
  }
  // scp-like: [user@]host:path, where the host part holds no '/'.
  auto colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  std::string_view authority = text.substr(0, colon);
  if (authority.find('/') != std::string_view::npos) return std::nullopt;
  url.scheme = "ssh";
  if (auto at = authority.rfind('@'); at != std::string_view::npos) {
    url.userinfo = std::string(authority.substr(0, at));
    authority.remove_prefix(at + 1);
  }
  url.host = ascii_lower(authority);
  url.path = std::string(text.substr(colon + 1));
  if (url.host.empty()) return std::nullopt;
  return url;
}

bool is_loopback_host(std::string_view host) { return host == "127.0.0.1" || host == "::1"; }

bool allows_token(const Url& url) {
  return url.scheme == "https" || (url.scheme == "http" && is_loopback_host(url.host));
}

std::string host_key(const Url& url) {
  std::string host = url.host.find(':') != std::string::npos ? "[" + url.host + "]" : url.host;
  return url.port.empty() ? host : host + ":" + url.port;
}

}  // namespace twin::engine
