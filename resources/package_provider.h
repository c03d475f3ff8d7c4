// The `package` resource: Debian packages installed, upgraded, removed,
// purged and held through the real dpkg and apt-get, at "/" or at a sandbox
// root (see AptTarget for how a sandbox is reached without touching the
// host).
//
//   package "NAME" { ensure = "present"|"absent"|"purged"|"latest"|"VERSION"
//                    hold = BOOL  auto = BOOL  allow_risky = BOOL }
//
// Decisions worth knowing:
//   - plan observes every package with one dpkg-query call and asks apt
//     once (apt-cache policy) for the declared packages that may need a
//     version; it runs one `apt-get -s` per kind of call (install, remove,
//     purge) and shows the packages each takes along in the details of the
//     first step it serves ("also installs: libfoo1 (2.0)");
//   - package lists are never updated implicitly: a package without a
//     candidate fails the plan (E3303) with a hint to run `apt-get update`;
//   - Essential: yes and Priority: required packages are never removed or
//     purged, declared or taken along, unless allow_risky = true (E3305);
//     a call that would change an undeclared held package fails (E3311);
//   - a declared held package whose version changes has its hold released
//     for the change and set again after (unless hold = false);
//   - architecture qualifiers ("libc6:amd64") are not supported (E0322);
//   - the twin's record of the last snapshot (live/packages.yaml, see
//     package_record.h) fills what a declaration leaves open: an unset
//     `hold` or `auto` takes the recorded one, and ensure = "present" the
//     recorded version when a package source still offers it (else the plan
//     says what the package gets instead). So going back to a snapshot
//     restores versions, marks and holds without pinning them in manifests;
//   - undo records keep apt's auto-installed marks and restore them.
#pragma once

#include "engine/core/provider.h"

namespace twin::resources {

class PackageProvider : public engine::Provider {
 public:
  std::string_view type() const override { return "package"; }
  /// dpkg rewrites its status file there on every change.
  std::vector<std::string> watched_dirs(const engine::Resource& resource) const override {
    (void)resource;
    return {"/var/lib/dpkg"};
  }

  /// Diagnostics E0321-E0325 with the span of the title or value.
  void validate(const engine::Resource& resource, const engine::Context& ctx,
                lang::DiagnosticSink& sink) const override;

  /// One step per declaration that differs; see package_diff.h and
  /// package_batches.h for the changes and errors (E3301-E3311). Never
  /// changes the machine.
  engine::Result<std::vector<engine::Step>> plan(std::span<const engine::Resource* const> resources,
                                                 const engine::Context& ctx) override;

  /// Runs the group as at most seven calls, in this order: release holds
  /// (dpkg --set-selections), ONE apt-get remove, ONE apt-get purge, ONE
  /// apt-get install, apt-mark auto, apt-mark manual, set holds. Before each call it simulates it and
  /// journals the state of every package the call may touch (declared and
  /// blast radius) as one undo record. Returns how many leading steps had
  /// all their calls done.
  GroupResult apply_group(std::span<const engine::Step* const> steps, const engine::Context& ctx,
                          engine::Checkpoint& checkpoint) override;
  bool batches_steps() const override { return true; }

  /// "package[\"x\"] stays at version 2.0: the recorded version 1.0 is no
  /// longer offered ..." for each such package of the last plan().
  std::vector<std::string> notes(const engine::Context&) const override { return notes_; }

  /// apply_group() of one step.
  engine::Status apply(const engine::Step& step, const engine::Context& ctx,
                       engine::Checkpoint& checkpoint) override;

  /// Restores the packages one record covers (see restore_snapshots()):
  /// E3307 for a malformed record, E3308 when an old version is no longer
  /// offered by any package source or the state could not be restored.
  engine::Status undo(const engine::UndoRecord& record, const engine::Context& ctx,
                      const engine::Checkpoint& checkpoint) override;

 private:
  std::vector<std::string> notes_;
};

}  // namespace twin::resources
