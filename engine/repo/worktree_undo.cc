#include "engine/repo/worktree_undo.h"

#include <cerrno>
#include <system_error>

#include "engine/core/durable_io.h"
#include "engine/core/twin_layout.h"

namespace twin::engine {
namespace fs = std::filesystem;
namespace {

Error io_error(const std::string& what, const fs::path& path, const std::error_code& ec) {
  return make_error("E1001", what + ": " + ec.message(), path.string());
}

bool exists_no_follow(const fs::path& path) {
  std::error_code ec;
  return fs::symlink_status(path, ec).type() != fs::file_type::not_found && !ec;
}

/// rename(2), or copy and delete when .twin/ is another filesystem.
void move_path(const fs::path& from, const fs::path& to, std::error_code& ec) {
  fs::rename(from, to, ec);
  if (ec != std::errc::cross_device_link) return;
  ec.clear();
  fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::copy_symlinks, ec);
  if (!ec) fs::remove_all(from, ec);
}

}  // namespace

Result<WorktreeUndo> WorktreeUndo::begin(const fs::path& twin_dir) {
  TwinLayout layout(twin_dir);
  if (auto made = make_untracked_dirs(layout.local()); !made) return made.error();
  fs::path aside = layout.snapshot_undo();
  std::error_code ec;
  fs::remove_all(aside, ec);
  if (ec) return io_error("cannot empty", aside, ec);
  fs::create_directory(aside, ec);
  if (ec) return io_error("cannot create", aside, ec);
  return WorktreeUndo(twin_dir, aside);
}

WorktreeUndo::WorktreeUndo(WorktreeUndo&& other) noexcept
    : twin_dir_(std::move(other.twin_dir_)),
      aside_dir_(std::move(other.aside_dir_)),
      entries_(std::move(other.entries_)),
      handled_(std::move(other.handled_)),
      done_(other.done_) {
  other.done_ = true;  // the moved-from object restores nothing
}

WorktreeUndo::~WorktreeUndo() {
  if (!done_) (void)restore();
}

bool WorktreeUndo::covered(const std::string& rel) const {
  for (fs::path p = rel; !p.empty(); p = p.parent_path())
    if (handled_.count(p.generic_string())) return true;
  return false;
}

Status WorktreeUndo::set_aside(const std::string& rel) {
  if (covered(rel)) return {};
  // Nothing there: the highest missing directory on the way is what the
  // write will create, and what restore() removes.
  fs::path top = rel;
  while (top.has_parent_path() && !exists_no_follow(twin_dir_ / top.parent_path()))
    top = top.parent_path();
  std::string top_rel = top.generic_string();
  if (!exists_no_follow(twin_dir_ / top)) {
    if (covered(top_rel)) return {};
    entries_.push_back({top_rel, std::nullopt, std::nullopt});
    handled_.insert(top_rel);
    return {};
  }
  std::string name = std::to_string(entries_.size());
  std::error_code ec;
  move_path(twin_dir_ / rel, aside_dir_ / name, ec);
  if (ec) return io_error("cannot set aside", twin_dir_ / rel, ec);
  entries_.push_back({rel, name, std::nullopt});
  handled_.insert(rel);
  return {};
}

Status WorktreeUndo::move(const std::string& from, const std::string& to) {
  if (auto st = set_aside(to); !st) return st;
  std::error_code ec;
  fs::rename(twin_dir_ / from, twin_dir_ / to, ec);
  if (ec) return io_error("cannot rename to " + to, twin_dir_ / from, ec);
  entries_.push_back({from, std::nullopt, to});
  return {};
}

void WorktreeUndo::keep() {
  std::error_code ec;
  fs::remove_all(aside_dir_, ec);
  done_ = true;
}

Status WorktreeUndo::restore() {
  done_ = true;
  std::string failed;
  auto note = [&](const std::string& rel, const std::error_code& ec) {
    failed += (failed.empty() ? "" : ", ") + rel + " (" + ec.message() + ")";
  };
  for (auto it = entries_.rbegin(); it != entries_.rend(); ++it) {
    std::error_code ec;
    fs::path path = twin_dir_ / it->rel;
    if (it->moved_to) {
      fs::rename(twin_dir_ / *it->moved_to, path, ec);
      if (ec) note(it->rel, ec);
      continue;
    }
    fs::remove_all(path, ec);  // what the snapshot wrote there, if anything
    if (ec) {
      note(it->rel, ec);
      continue;
    }
    if (!it->aside) continue;
    fs::create_directories(path.parent_path(), ec);
    if (!ec) move_path(aside_dir_ / *it->aside, path, ec);
    if (ec) note(it->rel, ec);
  }
  entries_.clear();
  handled_.clear();
  if (!failed.empty())
    return make_error("E1001",
                      "could not put back the twin's files as they were before the snapshot: " +
                          failed + "; what was set aside is kept",
                      aside_dir_.string());
  std::error_code ec;
  fs::remove_all(aside_dir_, ec);
  return {};
}

}  // namespace twin::engine
