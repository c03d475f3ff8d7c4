// The `user` resource: a local account of the target root.
//
//   user "alice" {
//     uid = 1001  group = "alice"  groups = ["adm", "sudo"]
//     home = "/home/alice"  shell = "/bin/bash"  comment = "Alice"
//     password = "locked"  expires = "never"
//   }
//   user "bob" { ensure = "absent" }
//
// Planning reads ROOT/etc/{passwd,group,shadow,login.defs} once
// (resources/account_records.h); only attributes a declaration sets are
// compared:
//   CREATE  useradd [--root ROOT] [-u] [-g] [-G] [-d] [-s] [-c] [-e] [-r] -M NAME
//           (then usermod for the password when it must be "empty")
//   MODIFY  one usermod with every difference: -u, -g, -G (the exact list),
//           -d (the directory is not moved), -s, -c, -e, and for `password`
//           -L (usable → locked), -U (locked → usable), -p '!' (→ none:
//           the hash is dropped; rollback brings it back), -p '' (→ empty)
//   DELETE  userdel NAME; the home directory and mail spool are kept and
//           the plan says so
// The twin holds no hash. A usable (or locked) password for an account
// without a hash comes from the hash this machine last had for it, which
// snapshots remember beside the twin (resources/password_store.h), set with
// `chpasswd -e` reading it on stdin; without one it is E3702 (set it with
// passwd on the machine). "locked" is satisfied by an account without a
// hash when none is remembered: neither can log in with a password.
// Homes are never created or removed (`-M`; userdel without -r): their
// content is no part of the twin. Undo restores the account files
// (resources/account_tools.h).
#pragma once

#include "engine/core/provider.h"

namespace twin::resources {

class UserProvider : public engine::Provider {
 public:
  std::string_view type() const override { return "user"; }
  /// passwd and shadow are replaced by rename in /etc.
  std::vector<std::string> watched_dirs(const engine::Resource& resource) const override {
    (void)resource;
    return {"/etc"};
  }
  void validate(const engine::Resource& resource, const engine::Context& ctx,
                lang::DiagnosticSink& sink) const override;
  /// The primary and supplementary groups, when declared; for a user to
  /// remove, its user-private group (so that group's removal comes after).
  std::vector<std::string> implicit_dependencies(const engine::Resource& resource) const override;
  /// Errors: E3704 an invalid declaration or a group that neither the
  /// target nor the twin has, E3706 a uid another account has, E3702 a
  /// usable password that cannot be restored, and those of reading etc/.
  engine::Result<std::vector<engine::Step>> plan(std::span<const engine::Resource* const> resources,
                                                 const engine::Context& ctx) override;
  /// Errors: E3701 when a tool fails, and those of plan() and the checkpoint.
  engine::Status apply(const engine::Step& step, const engine::Context& ctx,
                       engine::Checkpoint& checkpoint) override;
  engine::Status undo(const engine::UndoRecord& record, const engine::Context& ctx,
                      const engine::Checkpoint& checkpoint) override;
};

}  // namespace twin::resources
