// The `crontab` resource: the whole crontab of one user on the target.
//
//   crontab "alice" { content = "MAILTO=\"\"\n0 3 * * * /usr/bin/backup\n" }
//   crontab "alice" { source = "files/alice.cron" }      # relative to the twin
//   crontab "alice" {
//     entry "backup" { schedule = "0 3 * * *"  command = "/usr/bin/backup" }
//   }
//   crontab "bob" { ensure = "absent" }                   # removes bob's crontab
//
// `content`, `source` and `entry` blocks are mutually exclusive; exactly one
// is required unless ensure = "absent" (then none is allowed). `sensitive =
// true` hides the text in plans. Entries render as "# twin: NAME" followed
// by "SCHEDULE COMMAND"; a non-empty text that lacks a final newline gets
// one (Debian's crontab refuses a last line without it).
//
// Observing and applying:
//   root "/"    the real crontab command: `crontab -l -u USER` ("no crontab
//               for" = none), `crontab -u USER -` with the text on stdin,
//               `crontab -u USER -r`.
//   other roots ROOT/var/spool/cron/crontabs/USER through RootedFs, written
//               as crontab does: the three header lines, mode 0600, owner
//               USER and group `crontab` (ids from ROOT/etc/passwd and
//               ROOT/etc/group), replaced atomically. The header is ignored
//               when comparing; a wrong mode or owner is a REPLACE.
// Undo records ({"op", "user", "before": null | {...}}), written before each change:
//   "spool"    before = {"blob" (the whole file, header included), "mode", "uid", "gid"}
//   "crontab"  before = {"blob" (as `crontab -l` printed it)}
#pragma once

#include <optional>
#include <string>

#include "engine/core/provider.h"
#include "resources/account_db.h"
#include "resources/crontab_spec.h"

namespace twin::resources {

/// Where the crontab binary lives on Debian.
inline constexpr char kCrontabProgram[] = "/usr/bin/crontab";
/// The spool directory inside a target root.
inline constexpr char kCrontabSpoolDir[] = "/var/spool/cron/crontabs";

class CrontabProvider : public engine::Provider {
 public:
  std::string_view type() const override { return "crontab"; }
  /// crontab(1) replaces a user's table there.
  std::vector<std::string> watched_dirs(const engine::Resource& resource) const override {
    (void)resource;
    return {"/var/spool/cron/crontabs"};
  }

  /// A crontab requires `package["cron"]` and its `user`, when declared.
  std::vector<std::string> implicit_dependencies(const engine::Resource& resource) const override {
    return {lang::Reference{"package", "cron"}.address(),
            lang::Reference{"user", resource.title}.address()};
  }
  /// Also reads `source` from the twin directory and checks every line.
  void validate(const engine::Resource& resource, const engine::Context& ctx,
                lang::DiagnosticSink& sink) const override;
  /// CREATE, REPLACE (with a ContentDiff, sensitive when declared) or DELETE.
  /// Errors: E3507 invalid declaration, E3505 unreadable source, E3501 when
  /// `crontab -l` fails, E3502 no `crontab` group in a sandbox root, E3508
  /// when the spool entry is not a regular file, and RootedFs errors.
  engine::Result<std::vector<engine::Step>> plan(std::span<const engine::Resource* const> resources,
                                                 const engine::Context& ctx) override;
  /// Errors: as plan, plus E3504 when a sandbox root has no spool directory.
  engine::Status apply(const engine::Step& step, const engine::Context& ctx,
                       engine::Checkpoint& checkpoint) override;
  /// Errors: E3506 malformed record, E3501, RootedFs and checkpoint errors.
  engine::Status undo(const engine::UndoRecord& record, const engine::Context& ctx,
                      const engine::Checkpoint& checkpoint) override;
};

}  // namespace twin::resources
