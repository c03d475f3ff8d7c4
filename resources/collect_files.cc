#include "resources/collect_files.h"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include "resources/account_names.h"
#include "resources/collect_file_rules.h"
#include "resources/collect_walk.h"

namespace twin::resources {
namespace {

bool under(std::string_view path, std::string_view dir) {
  return dir == "/" || path == dir ||
         (path.size() > dir.size() && path.substr(0, dir.size()) == dir && path[dir.size()] == '/');
}

/// Decides one regular file: kept (with its bytes), binary, or skipped.
/// A secret is skipped, and with `keep_secrets` its bytes go to `secrets`.
void take_file(const RootedFs& fs, const TreeEntry& entry, const engine::TwinConfig& config,
               bool keep_secrets, FilesCollection& out) {
  bool opted_in = config.secret_opted_in(entry.path);
  auto skip = [&](std::string reason) { out.skipped.push_back({entry.path, std::move(reason)}); };
  auto too_large = entry.meta.size > config.max_file_bytes;
  auto skip_secret = [&](std::string reason, std::optional<std::string> content) {
    skip(std::string(kSecretReasonPrefix) + reason);
    if (!keep_secrets || too_large) return;
    if (!content) {
      auto read = fs.read_file(entry.path);
      if (!read) return;  // skipped all the same; nothing to keep
      content = std::move(*read);
    }
    out.secrets.push_back({entry.path, std::move(*content), entry.meta});
  };
  if (!opted_in) {
    if (auto reason = secret_path_reason(entry.path)) return skip_secret(*reason, std::nullopt);
    if (only_root_may_read(entry.meta)) return skip_secret("only root may read it", std::nullopt);
  }
  if (too_large) return skip("larger than " + std::to_string(config.max_file_bytes) + " bytes");
  auto content = fs.read_file(entry.path);
  if (!content) return skip("unreadable: " + content.error().message);
  if (looks_binary(*content)) {
    ++out.binary_skipped;
    return;
  }
  if (!opted_in)
    if (auto reason = secret_content_reason(entry.path, *content))
      return skip_secret(*reason, std::move(*content));
  out.files.push_back({entry.path, std::move(*content), entry.meta});
}

}  // namespace

std::optional<std::string> passwd_home(std::string_view passwd, std::string_view user) {
  while (!passwd.empty()) {
    std::size_t end = passwd.find('\n');
    std::string_view line = passwd.substr(0, end);
    passwd = end == std::string_view::npos ? std::string_view() : passwd.substr(end + 1);
    std::vector<std::string_view> fields;
    for (std::size_t start = 0;;) {
      std::size_t colon = line.find(':', start);
      fields.push_back(line.substr(start, colon == std::string_view::npos ? line.npos : colon - start));
      if (colon == std::string_view::npos) break;
      start = colon + 1;
    }
    if (fields.size() >= 6 && fields[0] == user && !fields[5].empty() && fields[5][0] == '/')
      return std::string(fields[5]);
  }
  return std::nullopt;
}

std::string invoking_user() {
  const char* sudo_user = std::getenv("SUDO_USER");
  if (sudo_user && is_valid_user_name(sudo_user)) return sudo_user;
  if (const passwd* pw = ::getpwuid(::geteuid()); pw && is_valid_user_name(pw->pw_name))
    return pw->pw_name;
  return "root";
}

std::vector<std::string> resolve_roots(const std::vector<std::string>& configured,
                                       const std::optional<std::string>& home,
                                       std::vector<SkippedPath>& skipped) {
  std::vector<std::string> roots;
  for (std::string root : configured) {
    if (root == "~" || root.rfind("~/", 0) == 0) {
      if (!home) {
        skipped.push_back({root, "the invoking user has no home directory in the target's etc/passwd"});
        continue;
      }
      root = *home + root.substr(1);
    }
    while (root.size() > 1 && root.back() == '/') root.pop_back();
    roots.push_back(root);
  }
  std::vector<std::string> kept;
  for (const auto& root : roots) {
    bool nested = std::any_of(roots.begin(), roots.end(), [&](const std::string& other) {
      return other != root && under(root, other);
    });
    if (!nested && std::find(kept.begin(), kept.end(), root) == kept.end()) kept.push_back(root);
  }
  return kept;
}

engine::Result<FilesCollection> collect_files(
    const RootedFs& fs, const std::vector<std::string>& roots, const engine::TwinConfig& config,
    const std::function<bool(const std::string& path)>& leave_out, bool keep_secrets,
    const std::function<void(std::string_view line)>& progress) {
  FilesCollection out;
  for (const std::string& root : roots) {
    auto meta = fs.lstat(root);
    if (!meta) return meta.error();
    if (!*meta || (*meta)->kind != FileKind::kDirectory) continue;
    if (progress) progress("listing " + root);
    auto listing = list_tree(fs.root(), root);
    if (!listing) return listing.error();
    if (!*listing) continue;
    out.roots.push_back({root, **meta});
    for (const auto& problem : (*listing)->problems)
      out.skipped.push_back({problem.path, "unreadable directory: " + problem.reason});
    const std::size_t total = (*listing)->entries.size();
    std::size_t seen = 0;
    for (const TreeEntry& entry : (*listing)->entries) {
      if (progress && ++seen % kProgressEvery == 0)
        progress("reading " + root + ": " + std::to_string(seen) + " of " +
                 std::to_string(total) + " entries");
      if (leave_out && leave_out(entry.path)) continue;
      if (config.excluded(entry.path)) {
        // One line for an excluded directory, not one per file in it.
        if (!config.excluded(entry.path.substr(0, entry.path.rfind('/'))))
          out.skipped.push_back({entry.path, "excluded by config.yaml"});
        continue;
      }
      if (auto reason = trust_config_reason(entry.path)) {
        if (!trust_config_reason(entry.path.substr(0, entry.path.rfind('/'))))
          out.skipped.push_back({entry.path, *reason});
        continue;
      }
      if (auto reason = account_database_reason(entry.path)) {
        out.skipped.push_back({entry.path, *reason});
        continue;
      }
      if (auto reason = package_system_reason(entry.path)) {
        // One line for the directory, not one per alternative in it.
        if (!package_system_reason(entry.path.substr(0, entry.path.rfind('/'))))
          out.skipped.push_back({entry.path, *reason});
        continue;
      }
      if (auto reason = unnameable_path_reason(entry.path)) {
        out.skipped.push_back({entry.path, "name cannot be written in a manifest: " + *reason});
        continue;
      }
      if (entry.meta.kind == FileKind::kDirectory)
        out.dirs.push_back({entry.path, entry.meta});
      else if (entry.meta.kind == FileKind::kSymlink) {
        if (auto reason = service_link_reason(entry.path))
          out.skipped.push_back({entry.path, *reason});
        else
          out.links.push_back({entry.path, entry.link_target});
      }
      else if (entry.meta.kind == FileKind::kFile)
        take_file(fs, entry, config, keep_secrets, out);
      else
        out.skipped.push_back({entry.path, "not a regular file (device, FIFO or socket)"});
    }
  }
  auto by_path = [](const auto& a, const auto& b) { return a.path < b.path; };
  std::sort(out.files.begin(), out.files.end(), by_path);
  std::sort(out.links.begin(), out.links.end(), by_path);
  std::sort(out.dirs.begin(), out.dirs.end(), by_path);
  std::sort(out.skipped.begin(), out.skipped.end(), by_path);
  std::sort(out.secrets.begin(), out.secrets.end(), by_path);
  return out;
}

}  // namespace twin::resources
