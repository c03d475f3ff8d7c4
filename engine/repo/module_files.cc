#include "engine/repo/module_files.h"

#include <sys/stat.h>
#include <unistd.h>

#include <deque>
#include <random>

#include "engine/core/twin_layout.h"
#include "engine/core/durable_io.h"
#include "engine/repo/module_names.h"
#include "lang/sha256.h"

namespace twin::engine {
namespace fs = std::filesystem;
namespace {

std::vector<std::string> segments(std::string_view path) {
  std::vector<std::string> out;
  while (true) {
    std::size_t slash = path.find('/');
    out.emplace_back(path.substr(0, slash));
    if (slash == std::string_view::npos) return out;
    path.remove_prefix(slash + 1);
  }
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

Status check_path(const std::string& path) {
  for (const auto& seg : segments(path))
    if (seg.empty() || seg == "." || seg == ".." || seg == ".git" || seg == ".GIT" ||
        seg.find('\0') != std::string::npos)
      return make_error("E2045", "a module may not hold the path `" + path +
                                     "` (empty, '.', '..' or '.git' segment); nothing was written");
  return {};
}

/// True when the symlink at `link` resolves, step by step and through the
/// module's other symlinks, to a place inside the module.
bool stays_inside(const std::string& link, const ModuleFiles& files) {
  std::vector<std::string> where = segments(link);
  where.pop_back();  // the link's directory
  std::deque<std::string> todo;
  auto push_target = [&](const std::string& target) {
    auto parts = segments(target);
    todo.insert(todo.begin(), parts.begin(), parts.end());
  };
  push_target(files.at(link).bytes);
  for (int expansions = 0; !todo.empty();) {
    std::string seg = std::move(todo.front());
    todo.pop_front();
    if (seg.empty() || seg == ".") continue;
    if (seg == "..") {
      if (where.empty()) return false;
      where.pop_back();
      continue;
    }
    where.push_back(seg);
    auto it = files.find(join(where));
    if (it == files.end() || it->second.kind != ModuleFile::Kind::kSymlink) continue;
    if (++expansions > 40 || it->second.bytes.empty() || it->second.bytes[0] == '/') return false;
    where.pop_back();
    push_target(it->second.bytes);
  }
  return true;
}

const char* kind_code(ModuleFile::Kind kind) {
  switch (kind) {
    case ModuleFile::Kind::kExecutable:
      return "100755";
    case ModuleFile::Kind::kSymlink:
      return "120000";
    default:
      return "100644";
  }
}

Error io_error(const std::string& what, const fs::path& path, const std::error_code& ec) {
  return make_error("E1001", what + ": " + ec.message(), path.string());
}

/// A fresh name next to `base` ("base.RANDOM").
fs::path unique_sibling(const fs::path& base) {
  std::random_device rd;
  fs::path out = base;
  out += "." + std::to_string(rd());
  return out;
}

Status write_tree(const fs::path& dir, const ModuleFiles& files) {
  for (const auto& [path, file] : files) {
    fs::path target = dir / path;
    if (auto made = make_dirs(target.parent_path(), 0755); !made) return made;
    if (file.kind == ModuleFile::Kind::kSymlink) {
      std::error_code ec;
      fs::create_symlink(file.bytes, target, ec);
      if (ec) return io_error("cannot create symlink", target, ec);
      continue;
    }
    unsigned mode = file.kind == ModuleFile::Kind::kExecutable ? 0755 : 0644;
    if (auto written = write_file_durably(target, file.bytes, mode); !written) return written;
  }
  return {};
}

}  // namespace

Status check_module_files(const ModuleFiles& files) {
  if (files.size() > kMaxModuleFiles)
    return make_error("E2046", "the module has " + std::to_string(files.size()) +
                                   " files; at most " + std::to_string(kMaxModuleFiles) +
                                   " are accepted");
  std::uint64_t total = 0;
  for (const auto& [path, file] : files) {
    if (auto ok = check_path(path); !ok) return ok;
    total += file.bytes.size();
    if (file.kind != ModuleFile::Kind::kSymlink) continue;
    if (file.bytes.empty() || file.bytes[0] == '/' || !stays_inside(path, files))
      return make_error("E2045", "the module's symlink `" + path + "` -> `" + file.bytes +
                                     "` points outside the module; nothing was written");
  }
  if (total > kMaxModuleBytes)
    return make_error("E2046", "the module holds " + std::to_string(total >> 20) + " MB; at most " +
                                   std::to_string(kMaxModuleBytes >> 20) +
                                   " MB are accepted (a module is configuration, not a payload)");
  return {};
}

std::string module_files_digest(const ModuleFiles& files) {
  std::string lines;
  for (const auto& [path, file] : files)
    lines +=
        std::string(kind_code(file.kind)) + " " + lang::sha256_hex(file.bytes) + " " + path + "\n";
  return lang::sha256_hex(lines);
}

Result<ModuleFiles> read_module_dir(const fs::path& dir) {
  ModuleFiles files;
  std::error_code ec;
  auto it = fs::recursive_directory_iterator(dir, fs::directory_options::none, ec);
  if (ec) return io_error("cannot list the module", dir, ec);
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) return io_error("cannot list the module", dir, ec);
    const fs::path& path = it->path();
    std::string rel = path.lexically_relative(dir).generic_string();
    fs::file_status status = it->symlink_status(ec);
    if (ec) return io_error("cannot stat", path, ec);
    if (fs::is_directory(status)) continue;
    if (fs::is_symlink(status)) {
      fs::path target = fs::read_symlink(path, ec);
      if (ec) return io_error("cannot read symlink", path, ec);
      files[rel] = {ModuleFile::Kind::kSymlink, target.string()};
    } else if (fs::is_regular_file(status)) {
      auto bytes = read_whole_file(path);
      if (!bytes) return bytes.error();
      bool exec = (status.permissions() & fs::perms::owner_exec) != fs::perms::none;
      files[rel] = {exec ? ModuleFile::Kind::kExecutable : ModuleFile::Kind::kRegular,
                    std::move(bytes).value()};
    } else {
      return make_error("E2045", "not a regular file, symlink or directory", path.string());
    }
  }
  return files;
}

std::vector<std::string> module_files_drift(const ModuleFiles& expected,
                                            const ModuleFiles& actual) {
  std::map<std::string, std::string> drift;
  for (const auto& [path, file] : expected) {
    auto found = actual.find(path);
    if (found == actual.end())
      drift[path] = "deleted " + path;
    else if (!(found->second == file))
      drift[path] = "modified " + path;
  }
  for (const auto& [path, file] : actual)
    if (!expected.count(path)) drift[path] = "added " + path;
  std::vector<std::string> out;
  for (auto& [path, line] : drift) out.push_back(std::move(line));
  return out;
}

Result<fs::path> modules_root(const fs::path& twin_dir, bool create) {
  fs::path root = twin_dir / kModulesDir;
  std::error_code ec;
  fs::file_status status = fs::symlink_status(root, ec);
  if (fs::is_symlink(status) || (fs::exists(status) && !fs::is_directory(status)))
    return make_error("E2047", "modules/ must be a plain directory of the twin (not a symlink)",
                      root.string());
  if (!fs::exists(status) && create)
    if (auto made = make_dirs(root, 0755); !made) return made.error();
  return root;
}

Result<fs::path> module_scratch_dir(const fs::path& twin_dir) {
  fs::path scratch = TwinLayout(twin_dir).module_store();
  if (auto made = make_untracked_dirs(scratch); !made) return made.error();
  return scratch;
}

Status write_module_dir(const fs::path& twin_dir, const std::string& name,
                        const ModuleFiles& files) {
  if (auto ok = check_module_files(files); !ok) return ok;
  auto root = modules_root(twin_dir, true);
  if (!root) return root.error();
  // Staging and the old copy live in .twin/modules/ (same file system, never
  // committed), so the swap is two renames.
  auto scratch_dir = module_scratch_dir(twin_dir);
  if (!scratch_dir) return scratch_dir.error();
  const fs::path& scratch = *scratch_dir;
  fs::path staging = unique_sibling(scratch / (name + ".new"));
  if (::mkdir(staging.c_str(), 0755) != 0)
    return make_error("E1001", "cannot create the staging directory", staging.string());
  std::error_code ec;
  if (auto written = write_tree(staging, files); !written) {
    fs::remove_all(staging, ec);
    return written;
  }
  fs::path dest = *root / name;
  fs::path old = unique_sibling(scratch / (name + ".old"));
  bool had_old = fs::exists(fs::symlink_status(dest, ec));
  if (had_old && ::rename(dest.c_str(), old.c_str()) != 0) {
    fs::remove_all(staging, ec);
    return make_error("E1001", "cannot move the old module aside", dest.string());
  }
  if (::rename(staging.c_str(), dest.c_str()) != 0) {
    if (had_old) (void)::rename(old.c_str(), dest.c_str());
    fs::remove_all(staging, ec);
    return make_error("E1001", "cannot move the module into place", dest.string());
  }
  if (had_old) fs::remove_all(old, ec);
  return {};
}

Status remove_module_dir(const fs::path& twin_dir, const std::string& name) {
  auto root = modules_root(twin_dir, false);
  if (!root) return root.error();
  std::error_code ec;
  fs::remove_all(*root / name, ec);
  if (ec) return io_error("cannot remove the module", *root / name, ec);
  if (fs::is_directory(*root, ec) && fs::is_empty(*root, ec)) fs::remove(*root, ec);
  return {};
}

}  // namespace twin::engine
