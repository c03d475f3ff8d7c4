// The only place a token is kept: ~/.config/twinsync/credentials (mode 0600,
// in a 0700 directory; outside every twin). One JSON object per host, keyed
// like "github.com" or "127.0.0.1:8080". Nothing here ever puts a token in
// an error message: a file that does not parse is reported without its text.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "engine/core/result.h"

namespace twin::engine {

/// What is stored for one Git host.
struct HostCredential {
  std::string token;
  std::string api_url;  // the GitHub API base it was checked against
  std::string login;    // the account the token belongs to
};

class CredentialStore {
 public:
  /// $XDG_CONFIG_HOME/twinsync/credentials when XDG_CONFIG_HOME is an
  /// absolute path, else $HOME/.config/twinsync/credentials.
  /// Errors: E2110 when neither is set.
  static Result<std::filesystem::path> default_path();

  /// Reads `path`; a missing file is an empty store. Errors: E2110 when it
  /// cannot be read, does not parse, or is readable or writable by group or
  /// others (the token would no longer be private).
  static Result<CredentialStore> load(const std::filesystem::path& path);

  /// load(default_path()).
  static Result<CredentialStore> load_default();

  const std::filesystem::path& path() const { return path_; }

  /// The credential for a host key ("github.com", "127.0.0.1:8080").
  const HostCredential* find(const std::string& host_key) const;

  /// The token for a URL's host, or nullopt (also for unparsable URLs).
  std::optional<std::string> token_for_url(const std::string& url) const;

  /// Adds or replaces the credential of `host_key` (in memory; see save()).
  void put(const std::string& host_key, HostCredential credential);

  /// Writes the store atomically, mode 0600, creating the directory 0700.
  /// Errors: E2110.
  Status save() const;

 private:
  explicit CredentialStore(std::filesystem::path path) : path_(std::move(path)) {}

  std::filesystem::path path_;
  std::map<std::string, HostCredential> hosts_;
};

}  // namespace twin::engine
