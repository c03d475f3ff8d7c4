#include "resources/unit_files.h"

#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <set>

#include "resources/service_codes.h"
#include "resources/unique_fd.h"

namespace twin::resources {
namespace {

namespace codes = service_codes;
using engine::Error;
using engine::make_error;

constexpr char kUnitDir[] = "/etc/systemd/system";
// Parents of kUnitDir that `systemctl enable` may create; deepest last.
constexpr const char* kUnitDirChain[] = {"/etc", "/etc/systemd", kUnitDir};
constexpr std::string_view kLinkDirSuffixes[] = {".wants", ".requires", ".upholds"};

std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) lines.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

bool is_link_dir(std::string_view name) {
  return std::any_of(
      std::begin(kLinkDirSuffixes), std::end(kLinkDirSuffixes),
      [&](std::string_view s) { return name.size() > s.size() && name.ends_with(s); });
}

std::string base_name(std::string_view path) {
  std::size_t slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

// Directory listing under the root. RootedFs has no readdir, so the same
// kernel-enforced policy is applied here: openat2 relative to a root fd with
// RESOLVE_IN_ROOT for "/" and RESOLVE_BENEATH otherwise, no magic links.
class RootedDirReader {
 public:
  explicit RootedDirReader(const std::filesystem::path& root)
      : root_fd_(::open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC)),
        resolve_((root == "/" ? RESOLVE_IN_ROOT : RESOLVE_BENEATH) | RESOLVE_NO_MAGICLINKS),
        root_(root) {}

  struct Entry {
    std::string name;
    mode_t type = 0;     // S_IFDIR, S_IFLNK, ... of the entry itself
    std::string target;  // for a symlink
  };

  /// Entries of `dir` (absolute inside the root); nullopt when it is missing.
  engine::Result<std::optional<std::vector<Entry>>> list(std::string_view dir) const {
    if (!root_fd_.valid()) return error(errno, root_.string());
    open_how how{};
    how.flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC;
    how.resolve = resolve_;
    std::string relative(dir.substr(dir.find_first_not_of('/')));
    int fd = static_cast<int>(
        ::syscall(SYS_openat2, root_fd_.get(), relative.c_str(), &how, sizeof how));
    if (fd < 0) {
      if (errno == ENOENT || errno == ENOTDIR) return std::optional<std::vector<Entry>>();
      return error(errno, std::string(dir));
    }
    UniqueFd dir_fd(fd);
    // fdopendir takes the fd; keep our own dup for fstatat/readlinkat.
    UniqueFd stream_fd(::fcntl(dir_fd.get(), F_DUPFD_CLOEXEC, 0));
    if (!stream_fd.valid()) return error(errno, std::string(dir));
    std::unique_ptr<DIR, int (*)(DIR*)> stream(::fdopendir(stream_fd.get()), &::closedir);
    if (!stream) return error(errno, std::string(dir));
    stream_fd.release();
    std::vector<Entry> entries;
    errno = 0;
    while (dirent* ent = ::readdir(stream.get())) {
      std::string name = ent->d_name;
      if (name == "." || name == "..") continue;
      struct stat st {};
      if (::fstatat(dir_fd.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT) continue;  // removed while we read
        return error(errno, fmt::format("{}/{}", dir, name));
      }
      Entry entry{name, static_cast<mode_t>(st.st_mode & S_IFMT), {}};
      if (S_ISLNK(st.st_mode)) {
        std::string buf(static_cast<std::size_t>(st.st_size) + 1, '\0');
        ssize_t n = ::readlinkat(dir_fd.get(), name.c_str(), buf.data(), buf.size());
        if (n < 0) return error(errno, fmt::format("{}/{}", dir, name));
        buf.resize(static_cast<std::size_t>(n));
        entry.target = std::move(buf);
      }
      entries.push_back(std::move(entry));
      errno = 0;
    }
    if (errno != 0) return error(errno, std::string(dir));
    std::sort(entries.begin(), entries.end(),
              [](const Entry& a, const Entry& b) { return a.name < b.name; });
    return std::optional<std::vector<Entry>>(std::move(entries));
  }

 private:
  Error error(int err, std::string what) const {
    return make_error(codes::kLinkScanFailed,
                      fmt::format("cannot read unit links: {}", std::strerror(err)),
                      (root_ / std::filesystem::path(what).relative_path()).string());
  }

  UniqueFd root_fd_;
  std::uint64_t resolve_;
  std::filesystem::path root_;
};

bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80           ? 1
                    : (c >> 5) == 0x6  ? 2
                    : (c >> 4) == 0xe  ? 3
                    : (c >> 3) == 0x1e ? 4
                                       : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return false;
    i += n;
  }
  return true;
}

// JSON strings must be UTF-8; a link name or target need not be.
nlohmann::json encode_bytes(const std::string& s) {
  if (valid_utf8(s)) return s;
  std::string hex;
  for (unsigned char c : s) hex += fmt::format("{:02x}", c);
  return nlohmann::json{{"hex", hex}};
}

std::optional<std::string> decode_bytes(const nlohmann::json& j) {
  if (j.is_string()) return j.get<std::string>();
  if (!j.is_object() || !j.contains("hex") || !j["hex"].is_string()) return std::nullopt;
  std::string hex = j["hex"].get<std::string>();
  if (hex.size() % 2) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    auto digit = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      return -1;
    };
    int hi = digit(hex[i]), lo = digit(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}

}  // namespace

engine::Command systemctl_command(const std::filesystem::path& root,
                                  std::vector<std::string> args) {
  engine::Command cmd;
  cmd.program = kSystemctl;
  if (root != "/") cmd.args.push_back("--root=" + root.string());
  for (auto& arg : args) cmd.args.push_back(std::move(arg));
  cmd.env = {{"LC_ALL", "C"},
             {"SYSTEMD_PAGER", ""},
             {"SYSTEMD_COLORS", "0"},
             {"PATH", "/usr/sbin:/usr/bin:/sbin:/bin"}};
  cmd.timeout = std::chrono::minutes(2);
  return cmd;
}

engine::Result<IsEnabledAnswer> parse_is_enabled(const std::vector<std::string>& units,
                                                 const engine::CommandOutput& output) {
  IsEnabledAnswer answer;
  answer.states = lines_of(output.out);
  std::string context = fmt::format("systemctl is-enabled: {}", output.err);
  if (answer.states.size() > units.size())
    return make_error(codes::kUnexpectedOutput,
                      "systemctl is-enabled printed more states than units", context);
  if (answer.states.size() == units.size()) return answer;
  // A unit without a unit file ends the run with this message on stderr.
  const std::string& missing = units[answer.states.size()];
  std::string expected =
      fmt::format("Failed to get unit file state for {}: No such file or directory", missing);
  if (output.timed_out || output.err.find(expected) == std::string::npos)
    return make_error(codes::kUnexpectedOutput,
                      fmt::format("systemctl is-enabled gave no state for {}", missing), context);
  answer.stopped_at_missing = true;
  return answer;
}

engine::Result<UnitFileStates> observe_unit_file_states(const engine::Host& host,
                                                        const std::vector<std::string>& units) {
  UnitFileStates states;
  std::vector<std::string> rest = units;
  while (!rest.empty()) {
    std::vector<std::string> args = {"is-enabled"};
    args.insert(args.end(), rest.begin(), rest.end());
    auto run = host.runner().run(systemctl_command(host.root(), std::move(args)));
    if (!run) return run.error();
    auto answer = parse_is_enabled(rest, *run);
    if (!answer) return answer.error();
    std::size_t done = answer->states.size();
    for (std::size_t i = 0; i < done; ++i) states[rest[i]] = answer->states[i];
    if (answer->stopped_at_missing) states[rest[done++]] = "not-found";
    rest.erase(rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(done));
  }
  return states;
}

std::optional<Enablement> classify_unit_file_state(std::string_view state) {
  if (state == "enabled" || state == "enabled-runtime") return Enablement::kEnabled;
  if (state == "disabled" || state == "linked" || state == "linked-runtime")
    return Enablement::kDisabled;
  if (state == "static" || state == "indirect" || state == "generated" || state == "transient" ||
      state == "alias")
    return Enablement::kFixed;
  if (state == "masked" || state == "masked-runtime") return Enablement::kMasked;
  if (state == "not-found") return Enablement::kMissing;
  return std::nullopt;
}

engine::Result<LinkSnapshot> snapshot_unit_links(const RootedFs& fs, std::string_view unit) {
  LinkSnapshot snap;
  RootedDirReader reader(fs.root());
  for (const char* dir : kUnitDirChain) {
    auto meta = fs.lstat(dir);
    if (!meta) return meta.error();
    if (*meta) snap.dirs.emplace_back(dir);
  }
  auto top = reader.list(kUnitDir);
  if (!top) return top.error();
  if (!*top) return snap;
  for (const auto& entry : **top) {
    std::string path = fmt::format("{}/{}", kUnitDir, entry.name);
    // The unit's own name as a link is its mask (-> /dev/null) or a
    // `systemctl link`; another name leading to the unit is an alias.
    if (entry.type == S_IFLNK && (entry.name == unit || base_name(entry.target) == unit)) {
      snap.links.push_back({path, entry.target});
      continue;
    }
    if (entry.type != S_IFDIR || !is_link_dir(entry.name)) continue;
    snap.dirs.push_back(path);
    auto inner = reader.list(path);
    if (!inner) return inner.error();
    if (!*inner) continue;
    for (const auto& link : **inner)
      if (link.type == S_IFLNK && link.name == unit)
        snap.links.push_back({fmt::format("{}/{}", path, link.name), link.target});
  }
  std::sort(snap.links.begin(), snap.links.end(),
            [](const UnitLink& a, const UnitLink& b) { return a.path < b.path; });
  return snap;
}

engine::Status restore_unit_links(const RootedFs& fs, std::string_view unit,
                                  const LinkSnapshot& before) {
  auto now = snapshot_unit_links(fs, unit);
  if (!now) return now.error();
  for (const auto& link : now->links) {
    if (std::find(before.links.begin(), before.links.end(), link) != before.links.end()) continue;
    if (auto st = fs.remove(link.path); !st) return st;
  }
  for (const auto& link : before.links) {
    if (std::find(now->links.begin(), now->links.end(), link) != now->links.end()) continue;
    std::string parent = link.path.substr(0, link.path.rfind('/'));
    for (const char* dir : kUnitDirChain) {
      if (parent.size() <= std::strlen(dir)) break;
      auto meta = fs.lstat(dir);
      if (!meta) return meta.error();
      if (!*meta) {
        if (auto st = fs.make_dir(dir, 0755, 0, 0); !st) return st;
      }
    }
    auto meta = fs.lstat(parent);
    if (!meta) return meta.error();
    if (!*meta) {
      if (auto st = fs.make_dir(parent, 0755, 0, 0); !st) return st;
    }
    auto here = fs.lstat(link.path);
    if (!here) return here.error();
    if (*here) {
      if (auto st = fs.remove(link.path); !st) return st;
    }
    if (auto st = fs.make_symlink(link.path, link.target, 0, 0); !st) return st;
  }
  // Directories `enable` created: remove them when empty, deepest first.
  std::set<std::string> existed(before.dirs.begin(), before.dirs.end());
  std::vector<std::string> candidates;
  for (const auto& dir : now->dirs)
    if (!existed.count(dir)) candidates.push_back(dir);
  std::sort(candidates.begin(), candidates.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  for (const auto& dir : candidates) {
    auto empty = fs.is_empty_dir(dir);
    if (!empty) return empty.error();
    if (*empty) {
      if (auto st = fs.remove(dir); !st) return st;
    }
  }
  return {};
}

nlohmann::json link_snapshot_to_json(const LinkSnapshot& snapshot) {
  nlohmann::json links = nlohmann::json::array();
  for (const auto& link : snapshot.links)
    links.push_back({{"path", encode_bytes(link.path)}, {"target", encode_bytes(link.target)}});
  nlohmann::json dirs = nlohmann::json::array();
  for (const auto& dir : snapshot.dirs) dirs.push_back(encode_bytes(dir));
  return {{"links", links}, {"dirs", dirs}};
}

std::optional<LinkSnapshot> link_snapshot_from_json(const nlohmann::json& json) {
  if (!json.is_object() || !json.contains("links") || !json["links"].is_array() ||
      !json.contains("dirs") || !json["dirs"].is_array())
    return std::nullopt;
  LinkSnapshot snap;
  for (const auto& link : json["links"]) {
    if (!link.is_object() || !link.contains("path") || !link.contains("target"))
      return std::nullopt;
    auto path = decode_bytes(link["path"]);
    auto target = decode_bytes(link["target"]);
    // Only paths under the unit directory are ever restored.
    if (!path || !target || !path->starts_with(std::string(kUnitDir) + "/") ||
        path->find("/../") != std::string::npos)
      return std::nullopt;
    snap.links.push_back({*path, *target});
  }
  for (const auto& dir : json["dirs"]) {
    auto path = decode_bytes(dir);
    if (!path || !path->starts_with("/etc") || path->find("/..") != std::string::npos)
      return std::nullopt;
    snap.dirs.push_back(*path);
  }
  return snap;
}

}  // namespace twin::resources
