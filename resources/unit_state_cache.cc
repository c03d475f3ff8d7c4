#include "resources/unit_state_cache.h"

#include <sys/stat.h>

#include <algorithm>
#include <map>
#include <string_view>

#include "engine/core/fnv1a.h"
#include "resources/collect_walk.h"
#include "resources/rooted_fs.h"

namespace twin::resources {
namespace {

// systemd 252's system-scope lookup paths (src/basic/path-lookup.c), in its
// order. Debian 12 builds with split /usr, hence /lib/systemd/system.
constexpr const char* kSearchPath[] = {
    "/etc/systemd/system.control", "/run/systemd/system.control", "/run/systemd/transient",
    "/run/systemd/generator.early", "/etc/systemd/system",        "/etc/systemd/system.attached",
    "/run/systemd/system",          "/run/systemd/system.attached", "/run/systemd/generator",
    "/usr/local/lib/systemd/system", "/usr/lib/systemd/system",   "/lib/systemd/system",
    "/run/systemd/generator.late"};

constexpr char kCacheKey[] = "systemd unit-file states";
constexpr std::string_view kHeader = "unit-dirs ";
// Symlinks may chain; systemd gives up after a similar number of hops.
constexpr int kMaxHops = 8;

class Digest {
 public:
  void add(std::string_view what, const FileMeta& meta) {
    changed_ns_ = std::max({changed_ns_, meta.mtime_ns, meta.ctime_ns});
    line_.clear();
    line_.append(what).append("\t").append(kind_name(meta.kind));
    for (std::int64_t n : {static_cast<std::int64_t>(meta.dev), static_cast<std::int64_t>(meta.ino),
                           static_cast<std::int64_t>(meta.size), meta.mtime_ns, meta.ctime_ns,
                           static_cast<std::int64_t>(meta.mode)})
      line_.append("\t").append(std::to_string(n));
    line_ += '\n';
    hash_ = engine::fnv1a(line_, hash_);
  }
  void add(std::string_view text) { hash_ = engine::fnv1a(std::string(text) + '\n', hash_); }
  UnitDirsFingerprint result() const { return {engine::hex16(hash_), changed_ns_}; }

 private:
  std::uint64_t hash_ = engine::kFnv1aBasis;
  std::int64_t changed_ns_ = 0;
  std::string line_;
};

/// Adds what the symlink at `path` (with `target`) leads to inside the root,
/// hop by hop as systemd's chase() under --root would. False when a hop
/// cannot be inspected.
bool add_link_destination(const RootedFs& fs, std::string path, std::string target, Digest& digest) {
  for (int hop = 0; hop < kMaxHops; ++hop) {
    std::filesystem::path next = target.starts_with('/')
                                     ? std::filesystem::path(target)
                                     : std::filesystem::path(path).parent_path() / target;
    path = next.lexically_normal().string();
    auto meta = fs.lstat(path);
    if (!meta) return false;
    if (!*meta) {
      digest.add("-> " + path + " missing");
      return true;
    }
    digest.add("-> " + path, **meta);
    if ((*meta)->kind != FileKind::kSymlink) return true;
    auto read = fs.read_link(path);
    if (!read) return false;
    target = *read;
  }
  digest.add("-> too many hops");
  return true;
}

std::map<std::string, std::string> parse_states(std::string_view text) {
  std::map<std::string, std::string> states;
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    std::size_t space = line.find(' ');
    if (space != std::string_view::npos)
      states.emplace(std::string(line.substr(0, space)), std::string(line.substr(space + 1)));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return states;
}

std::string fingerprint_text(const std::string& digest, const std::map<std::string, std::string>& states) {
  std::string text = std::string(kHeader) + digest + "\n";
  for (const auto& [unit, state] : states) text += unit + " " + state + "\n";
  return text;
}

}  // namespace

std::optional<UnitDirsFingerprint> fingerprint_unit_dirs(const engine::Host& host) {
  auto fs = RootedFs::open(host.root());
  if (!fs) return std::nullopt;
  Digest digest;
  // The systemctl that answers is the host's, whatever the root.
  struct stat st {};
  if (::stat(kSystemctl, &st) != 0) return std::nullopt;
  digest.add(std::string(kSystemctl) + " " + std::to_string(st.st_ino) + " " +
             std::to_string(st.st_size) + " " + std::to_string(st.st_mtim.tv_sec) + "." +
             std::to_string(st.st_mtim.tv_nsec));
  for (const char* dir : kSearchPath) {
    auto meta = fs->stat(dir);
    if (!meta) return std::nullopt;
    if (!*meta) {
      digest.add(std::string(dir) + " missing");
      continue;
    }
    digest.add(dir, **meta);
    auto listing = list_tree(host.root(), dir, true);
    if (!listing || !*listing || !(*listing)->problems.empty()) return std::nullopt;
    for (const TreeEntry& entry : (*listing)->entries) {
      digest.add(entry.path + "\t" + entry.link_target, entry.meta);
      if (entry.meta.kind == FileKind::kSymlink &&
          !add_link_destination(*fs, entry.path, entry.link_target, digest))
        return std::nullopt;
    }
  }
  return digest.result();
}

engine::Result<UnitFileStates> observe_unit_file_states(const engine::Host& host,
                                                        const std::vector<std::string>& units,
                                                        engine::ObservationCache* cache) {
  if (!cache) return observe_unit_file_states(host, units);
  auto fingerprint = fingerprint_unit_dirs(host);
  if (!fingerprint) return observe_unit_file_states(host, units);

  std::map<std::string, std::string> known;
  auto recorded = cache->recorded(kCacheKey);
  std::string header = std::string(kHeader) + fingerprint->digest + "\n";
  if (recorded && recorded->starts_with(header))
    known = parse_states(std::string_view(*recorded).substr(header.size()));
  std::vector<std::string> missing;
  for (const auto& unit : units)
    if (!known.count(unit)) missing.push_back(unit);

  if (missing.empty()) {
    cache->confirms(kCacheKey, *recorded);
  } else {
    auto observed = observe_unit_file_states(host, missing);
    if (!observed) return observed.error();
    for (auto& [unit, state] : *observed) known[unit] = std::move(state);
    cache->record(kCacheKey, fingerprint_text(fingerprint->digest, known), fingerprint->changed_ns);
  }
  UnitFileStates answer;
  for (const auto& unit : units) answer[unit] = known.at(unit);
  return answer;
}

}  // namespace twin::resources
