#include "engine/repo/credentials.h"

#include <sys/stat.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "engine/core/durable_io.h"
#include "engine/repo/http_url.h"

namespace twin::engine {
namespace fs = std::filesystem;

Result<fs::path> CredentialStore::default_path() {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  if (xdg && *xdg == '/') return fs::path(xdg) / "twinsync" / "credentials";
  const char* home = std::getenv("HOME");
  if (!home || !*home)
    return make_error("E2110", "HOME is not set, so there is no place to keep credentials");
  return fs::path(home) / ".config" / "twinsync" / "credentials";
}

Result<CredentialStore> CredentialStore::load(const fs::path& path) {
  CredentialStore store(path);
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return store;
    return make_error("E2110", "cannot read the credentials file", path.string());
  }
  if (st.st_mode & 077)
    return make_error("E2110",
                      "the credentials file is readable or writable by others; run `chmod 600 " +
                          path.string() + "` (and consider replacing the token)",
                      path.string());
  auto text = read_whole_file(path);
  if (!text) return make_error("E2110", "cannot read the credentials file", path.string());
  // Parse errors quote the input, which holds tokens: report none of it.
  auto json = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object() || !json.contains("hosts") ||
      !json["hosts"].is_object())
    return make_error("E2110", "the credentials file is not valid; remove it and run "
                               "`twin setup-github` again", path.string());
  for (const auto& [host, entry] : json["hosts"].items()) {
    if (!entry.is_object() || !entry.contains("token") || !entry["token"].is_string())
      return make_error("E2110", "the credentials file has an entry without a token",
                        path.string());
    store.hosts_[host] = {entry["token"].get<std::string>(), entry.value("api_url", ""),
                          entry.value("login", "")};
  }
  return store;
}

Result<CredentialStore> CredentialStore::load_default() {
  auto path = default_path();
  if (!path) return path.error();
  return load(*path);
}

const HostCredential* CredentialStore::find(const std::string& host_key) const {
  auto it = hosts_.find(host_key);
  return it == hosts_.end() ? nullptr : &it->second;
}

std::optional<std::string> CredentialStore::token_for_url(const std::string& url) const {
  auto parsed = parse_url(url);
  if (!parsed) return std::nullopt;
  const HostCredential* credential = find(host_key(*parsed));
  if (!credential) return std::nullopt;
  return credential->token;
}

void CredentialStore::put(const std::string& host_key, HostCredential credential) {
  hosts_[host_key] = std::move(credential);
}

Status CredentialStore::save() const {
  nlohmann::json hosts = nlohmann::json::object();
  for (const auto& [host, c] : hosts_)
    hosts[host] = {{"token", c.token}, {"api_url", c.api_url}, {"login", c.login}};
  nlohmann::json json = {{"format", "twinsync-credentials"}, {"version", 1}, {"hosts", hosts}};
  if (auto made = make_dirs(path_.parent_path(), 0700); !made)
    return make_error("E2110", "cannot create the credentials directory",
                      path_.parent_path().string());
  // make_dirs leaves an existing directory alone: make sure it is private.
  struct stat st {};
  if (::stat(path_.parent_path().c_str(), &st) == 0 && (st.st_mode & 077))
    (void)::chmod(path_.parent_path().c_str(), st.st_mode & 0700);
  if (auto written = write_file_durably(path_, json.dump(2) + "\n", 0600); !written)
    return make_error("E2110", "cannot write the credentials file", path_.string());
  return {};
}

}  // namespace twin::engine
