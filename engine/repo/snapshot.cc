#include "engine/repo/snapshot.h"

#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <optional>
#include <set>

#include "engine/core/twin_layout.h"
#include "engine/core/durable_io.h"

namespace twin::engine {
namespace fs = std::filesystem;
namespace {

Error io_error(const std::string& what, const fs::path& path, const std::error_code& ec) {
  return make_error("E1001", what + ": " + ec.message(), path.string());
}

bool under(std::string_view path, std::string_view dir) {
  return path == dir ||
         (path.size() > dir.size() && path.substr(0, dir.size()) == dir && path[dir.size()] == '/');
}

/// Adds the file or symlink at `path` (twin-relative `rel`) to `out`.
Status read_entry(const fs::path& path, const std::string& rel, fs::file_type type,
                  SnapshotFiles& out) {
  std::error_code ec;
  if (type == fs::file_type::symlink) {
    fs::path target = fs::read_symlink(path, ec);
    if (ec) return io_error("cannot read link", path, ec);
    out[rel] = {target.string(), true};
  } else if (type == fs::file_type::regular) {
    auto bytes = read_whole_file(path);
    if (!bytes) return bytes.error();
    out[rel] = {std::move(*bytes), false};
  }
  return {};
}

Status write_entry(const fs::path& twin_dir, const std::string& rel, const SnapshotFile& file,
                   WorktreeUndo* undo) {
  fs::path path = twin_dir / rel;
  if (undo)
    if (auto st = undo->set_aside(rel); !st) return st;
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) return io_error("cannot create directory", path.parent_path(), ec);
  if (fs::symlink_status(path, ec).type() == fs::file_type::directory) {
    fs::remove_all(path, ec);
    if (ec) return io_error("cannot remove directory", path, ec);
  }
  fs::path temp = path.parent_path() / (".twin-snapshot-" + std::to_string(::getpid()));
  fs::remove(temp, ec);
  if (file.symlink) {
    fs::create_symlink(file.bytes, temp, ec);
    if (ec) return io_error("cannot create link", path, ec);
  } else {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << file.bytes;
    out.close();
    if (!out) {
      fs::remove(temp, ec);  // a full disk leaves no half-written temp file behind
      return make_error("E1001", "cannot write file", path.string());
    }
    fs::permissions(temp, fs::perms(0644), ec);
  }
  fs::rename(temp, path, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(temp, ignored);
    return io_error("cannot replace", path, ec);
  }
  return {};
}

/// Removes the empty directories under `dir` (deepest first), and `dir`
/// itself when it ends up empty; with `undo`, by setting them aside.
void prune_empty_dirs(const fs::path& twin_dir, const fs::path& dir, WorktreeUndo* undo) {
  std::error_code ec;
  if (fs::symlink_status(dir, ec).type() != fs::file_type::directory) return;
  std::vector<fs::path> dirs;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec))
    if (it->symlink_status(ec).type() == fs::file_type::directory) dirs.push_back(it->path());
  std::sort(dirs.rbegin(), dirs.rend());
  dirs.push_back(dir);
  for (const auto& d : dirs) {
    if (!fs::is_empty(d, ec)) continue;
    if (undo)
      (void)undo->set_aside(d.lexically_relative(twin_dir).generic_string());
    else
      fs::remove(d, ec);
  }
}

std::optional<std::string> last_snapshot(const GitRepo& repo, Error& error) {
  auto log = repo.log();
  if (!log) {
    error = log.error();
    return std::nullopt;
  }
  for (const auto& commit : *log)
    if (commit.summary().rfind(kSnapshotSubjectPrefix, 0) == 0) return commit.id;
  return std::nullopt;
}

}  // namespace

bool SnapshotContent::owns(std::string_view path) const {
  return std::any_of(owned.begin(), owned.end(), [&](const std::string& o) { return under(path, o); });
}

Result<SnapshotFiles> read_worktree(const fs::path& twin_dir, const std::vector<std::string>& areas) {
  SnapshotFiles files;
  std::error_code ec;
  for (const auto& area : areas) {
    fs::path top = twin_dir / area;
    fs::file_type type = fs::symlink_status(top, ec).type();
    if (type != fs::file_type::directory) {
      if (auto read = read_entry(top, area, type, files); !read) return read.error();
      continue;
    }
    for (auto it = fs::recursive_directory_iterator(top, ec); it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      if (ec) return io_error("cannot list", top, ec);
      std::string rel = it->path().lexically_relative(twin_dir).string();
      if (auto read = read_entry(it->path(), rel, it->symlink_status(ec).type(), files); !read)
        return read.error();
    }
    if (ec) return io_error("cannot list", top, ec);
  }
  return files;
}

Result<std::vector<UnappliedEdit>> find_unapplied_edits(const GitRepo& repo,
                                                        const SnapshotContent& content) {
  Error error;
  std::optional<std::string> base_id = last_snapshot(repo, error);
  if (!error.code.empty()) return error;
  SnapshotFiles base;
  if (base_id) {
    for (std::string_view area : {layout::kState, layout::kFilesystem}) {
      auto tree = repo.read_tree(*base_id, std::string(area));
      if (!tree) return tree.error();
      for (auto& [path, file] : *tree) base[path] = {std::move(file.bytes), file.symlink};
    }
  }
  auto work = read_worktree(repo.workdir(), {std::string(layout::kState), std::string(layout::kFilesystem)});
  if (!work) return work.error();

  auto find = [](const SnapshotFiles& files, const std::string& path) -> const SnapshotFile* {
    auto it = files.find(path);
    return it == files.end() ? nullptr : &it->second;
  };
  auto same = [](const SnapshotFile* a, const SnapshotFile* b) {
    return (!a && !b) || (a && b && *a == *b);
  };
  std::set<std::string> paths;
  for (const auto& [path, unused] : base) paths.insert(path);
  for (const auto& [path, unused] : *work) paths.insert(path);
  std::vector<UnappliedEdit> edits;
  for (const auto& path : paths) {
    const SnapshotFile* was = find(base, path);
    const SnapshotFile* now = find(*work, path);
    if (same(was, now) || !content.owns(path)) continue;  // not edited, or not ours to write
    if (same(find(content.files, path), now)) continue;     // the snapshot writes the same
    edits.push_back({path, !was ? PathChange::kAdded : now ? PathChange::kModified : PathChange::kDeleted});
  }
  return edits;
}

namespace {

/// `text` without its `captured_at:` lines.
std::string without_capture_time(const std::string& text) {
  std::string kept;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find('\n', at);
    end = end == std::string::npos ? text.size() : end + 1;
    std::string_view line(text.data() + at, end - at);
    if (!line.starts_with("captured_at:")) kept.append(line);
    at = end;
  }
  return kept;
}

}  // namespace

Result<bool> same_as_twin(const fs::path& twin_dir, const SnapshotContent& content) {
  auto existing = read_worktree(twin_dir, content.owned);
  if (!existing) return existing.error();
  if (existing->size() != content.files.size()) return false;
  for (const auto& [path, file] : content.files) {
    auto it = existing->find(path);
    if (it == existing->end()) return false;
    if (it->second == file) continue;
    if (it->second.symlink || file.symlink ||
        without_capture_time(it->second.bytes) != without_capture_time(file.bytes))
      return false;
  }
  return true;
}

Result<WriteCounts> write_snapshot(const fs::path& twin_dir, const SnapshotContent& content,
                                   WorktreeUndo* undo) {
  auto existing = read_worktree(twin_dir, content.owned);
  if (!existing) return existing.error();
  WriteCounts counts;
  std::error_code ec;
  for (const auto& [path, unused] : *existing)
    if (!content.files.count(path)) {
      if (undo) {
        if (auto st = undo->set_aside(path); !st) return st.error();
      } else {
        fs::remove(twin_dir / path, ec);
        if (ec) return io_error("cannot remove", twin_dir / path, ec);
      }
      ++counts.removed;
    }
  for (const auto& owned : content.owned) prune_empty_dirs(twin_dir, twin_dir / owned, undo);
  for (const auto& [path, file] : content.files) {
    auto it = existing->find(path);
    if (it != existing->end() && it->second == file) continue;
    if (auto written = write_entry(twin_dir, path, file, undo); !written) return written.error();
    ++(it == existing->end() ? counts.created : counts.replaced);
  }
  return counts;
}

Status rotate_logs(const fs::path& twin_dir, std::size_t keep, WorktreeUndo* undo) {
  TwinLayout twin(twin_dir);
  fs::path logs = twin.logs();
  fs::path current = twin.current_logs();
  std::error_code ec;
  if (!fs::is_directory(current, ec)) return {};
  std::string stamp = "unknown";
  try {
    YAML::Node index = YAML::LoadFile((current / "index.yaml").string());
    if (index["captured_at"] && index["captured_at"].IsScalar()) stamp = index["captured_at"].Scalar();
  } catch (const YAML::Exception&) {
    // A damaged index still rotates, under "unknown".
  }
  stamp.erase(std::remove_if(stamp.begin(), stamp.end(), [](char c) { return c == '-' || c == ':'; }),
              stamp.end());
  if (stamp.empty() || stamp.find_first_of("/.") != std::string::npos) stamp = "unknown";
  fs::path target = logs / stamp;
  for (int n = 1; fs::exists(target, ec); ++n) target = logs / (stamp + "-" + std::to_string(n));
  if (undo) {
    if (auto moved = undo->move(current.lexically_relative(twin_dir).generic_string(),
                                target.lexically_relative(twin_dir).generic_string());
        !moved)
      return moved;
  } else {
    fs::rename(current, target, ec);
    if (ec) return io_error("cannot rotate logs", current, ec);
  }

  std::vector<fs::path> captures;
  for (const auto& entry : fs::directory_iterator(logs, ec))
    if (entry.is_directory(ec) && entry.path().filename() != "current") captures.push_back(entry.path());
  std::sort(captures.begin(), captures.end());
  for (std::size_t i = 0; i + keep < captures.size(); ++i) {
    if (undo) {
      if (auto aside = undo->set_aside(captures[i].lexically_relative(twin_dir).generic_string());
          !aside)
        return aside;
      continue;
    }
    fs::remove_all(captures[i], ec);
    if (ec) return io_error("cannot remove an old log capture", captures[i], ec);
  }
  return {};
}

}  // namespace twin::engine
