// The `group` resource: a local group of the target root.
//
//   group "devs" { gid = 1500 }
//   group "old"  { ensure = "absent" }
//
// Planning reads ROOT/etc/group once (resources/account_records.h):
//   CREATE  groupadd [--root ROOT] [-g GID] [-r] NAME
//   MODIFY  groupmod -g GID NAME (files keep their numeric group; said in the plan)
//   DELETE  groupdel NAME (a group that is still some user's primary group
//           is refused by groupdel, and the error says whose)
// Members are declared on users (`groups`), never here. Undo restores the
// account files (resources/account_tools.h).
#pragma once

#include "engine/core/provider.h"

namespace twin::resources {

class GroupProvider : public engine::Provider {
 public:
  std::string_view type() const override { return "group"; }
  /// group and gshadow are replaced by rename in /etc.
  std::vector<std::string> watched_dirs(const engine::Resource& resource) const override {
    (void)resource;
    return {"/etc"};
  }
  void validate(const engine::Resource& resource, const engine::Context& ctx,
                lang::DiagnosticSink& sink) const override;
  /// Errors: E3704 an invalid declaration, E3706 a gid another group has,
  /// and those of reading etc/group.
  engine::Result<std::vector<engine::Step>> plan(std::span<const engine::Resource* const> resources,
                                                 const engine::Context& ctx) override;
  /// Errors: E3701 when a tool fails, and those of plan() and the checkpoint.
  engine::Status apply(const engine::Step& step, const engine::Context& ctx,
                       engine::Checkpoint& checkpoint) override;
  engine::Status undo(const engine::UndoRecord& record, const engine::Context& ctx,
                      const engine::Checkpoint& checkpoint) override;
};

}  // namespace twin::resources
