// Just enough URL parsing for deciding where a token may go: the scheme, the
// host (and port) a credential is stored under, and whether a URL carries
// credentials of its own. Git remotes also come scp-like (`git@host:path`).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace twin::engine {

struct Url {
  std::string scheme;    // lower case: "https", "http", "ssh", "git", "file"
  std::string userinfo;  // "user" or "user:password"; empty when absent
  std::string host;      // without brackets for IPv6 literals ("::1")
  std::string port;      // empty when absent
  std::string path;      // from the first '/' after the authority
};

/// Parses `scheme://[userinfo@]host[:port][/path]`, and scp-like
/// `[user@]host:path` as scheme "ssh". nullopt for anything else (including
/// plain local paths, which callers treat separately).
std::optional<Url> parse_url(std::string_view text);

/// True for the loopback literals 127.0.0.1 and ::1 only: a name such as
/// "localhost" could resolve elsewhere.
bool is_loopback_host(std::string_view host);

/// True when the URL may carry a token: https anywhere, http only to a
/// loopback address (which the tests use).
bool allows_token(const Url& url);

/// The key credentials are stored under: "host" or "host:port" (IPv6 in
/// brackets), lower case.
std::string host_key(const Url& url);

}  // namespace twin::engine
