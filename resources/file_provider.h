// The `file` resource: a regular file (content inline or from a file in the
// twin directory), a directory, or the absence of either, with optional mode,
// owner and group. All access goes through RootedFs, so nothing outside the
// target root is ever read or written, whatever symlinks the target holds.
//
// Decisions worth knowing:
//   - a symlink standing where a file or directory is declared is replaced,
//     never followed;
//   - a non-empty directory is never removed or replaced (plan fails with
//     E3203): recursive removal is not implemented;
//   - FIFOs, sockets and devices are never touched (E3204);
//   - undeclared mode/owner/group leave an existing entry's alone; new
//     entries get 0644 (files) or 0755 (directories) and root:root, as do
//     missing parent directories.
#pragma once

#include <atomic>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <unordered_map>

#include "engine/core/provider.h"
#include "resources/rooted_fs.h"
#include "resources/twin_file_probe.h"

namespace twin::resources {

class FileProvider : public engine::Provider {
 public:
  std::string_view type() const override { return "file"; }
  /// The parent directory: it sees the file's writes, renames and chmods.
  std::vector<std::string> watched_dirs(const engine::Resource& resource) const override {
    std::string dir = resource.title.substr(0, resource.title.rfind('/'));
    return {dir.empty() ? "/" : dir};
  }

  /// Diagnostics for the file rules beyond the schema (E0301 title, E0307
  /// source, E0308/E0309 owner and group on the target, E0310), with spans;
  /// `source` must name a regular file inside ctx.twin_dir (E0307). Schema
  /// violations are the checker's to report (lang/checker.h).
  void validate(const engine::Resource& resource, const engine::Context& ctx,
                lang::DiagnosticSink& sink) const override;
  /// The same for many resources, reading the target's users and groups and
  /// opening the twin once.
  void validate_all(std::span<const engine::Resource* const> resources, const engine::Context& ctx,
                    lang::DiagnosticSink& sink) const override;

  /// Automatic ordering: a file needs the `file` resource of each directory
  /// above it, and a file under /etc/NAME/ needs `package["NAME"]` (the
  /// package that owns that directory) and the `user` and `group` its owner
  /// and group name, whenever those are declared.
  std::vector<std::string> implicit_dependencies(const engine::Resource& resource) const override;

  /// Observes each resource under ctx.host.root(); see diff_file() for the
  /// changes and errors. An invalid declaration is E3201; an unreadable
  /// `source` is E3207. With ctx.observations, a target whose stat data and
  /// its source's match what an earlier plan verified is not read again
  /// (resources/desired_content.h).
  engine::Result<std::vector<engine::Step>> plan(std::span<const engine::Resource* const> resources,
                                                 const engine::Context& ctx) override;

  /// Recomputes the step's changes against the machine now; if one is needed
  /// that the plan did not show, fails with E3205 before changing anything.
  /// Each change is journaled (old bytes as a blob, old kind/mode/owner)
  /// before it is made; files are replaced atomically.
  engine::Status apply(const engine::Step& step, const engine::Context& ctx,
                       engine::Checkpoint& checkpoint) override;

  /// Puts back exactly what one record describes (bytes, kind, mode, owner;
  /// removes what was created).
  engine::Status undo(const engine::UndoRecord& record, const engine::Context& ctx,
                      const engine::Checkpoint& checkpoint) override;

  /// Lets validate_all() take the lstat of each `source` the checker's
  /// probe already found to be a regular file of the same twin, instead of
  /// stat'ing it again (one stat per source and run). The workspace hands
  /// over nullptr once validation is done: the probe holds an entry per source.
  void use_probed_sources(std::shared_ptr<const TwinFileProbe> probe) {
    probed_sources_ = std::move(probe);
  }

  /// How many files (targets and sources) the last plan() read, so tests
  /// and benchmarks can see what the stat cache saved.
  std::size_t files_read_by_last_plan() const { return files_read_; }

  /// What the last plan() left out and why (a secret file this machine has
  /// no copy of is not created).
  std::vector<std::string> notes(const engine::Context& ctx) const override {
    (void)ctx;
    return notes_;
  }

 private:
  std::vector<std::string> notes_;
  std::atomic<std::size_t> files_read_{0};
  // The lstat of each `source` that validate_all() found to be a regular
  // file, by source path, for the plan() right after it (taken once, then
  // dropped): a plan with the stat cache stats each source anyway, and
  // 5,000 sources stat'ed twice were a tenth of `twin plan`. Only a plan
  // using the stat cache in the same twin directory consults it.
  mutable std::unordered_map<std::string, FileMeta> validated_sources_;
  mutable std::filesystem::path validated_twin_dir_;
  std::shared_ptr<const TwinFileProbe> probed_sources_;
};

}  // namespace twin::resources
