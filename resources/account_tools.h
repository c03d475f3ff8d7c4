// What the `user`, `group` and `accounts` resources share to change the
// target: the shadow suite's tools run with argv only, and undo data that
// holds the account database files byte for byte.
//
// Tools: /usr/sbin/{useradd,usermod,userdel,groupadd,groupmod,groupdel,chpasswd},
// with `--root ROOT` for any root but "/", so the root's own etc/passwd,
// etc/login.defs and etc/default/useradd decide (useradd chroots into it).
// Every name reaching argv was checked by read_user_spec/read_group_spec
// or by is_valid_user_name.
//
// Undo: before each change, the files the tools rewrite (passwd, group,
// shadow, gshadow, subuid, subgid, their "-" backups, the .pwd.lock
// lock file, and the "+" new files and ".lock" locks a tool killed midway
// leaves behind) are saved as
// checkpoint blobs; undo writes them back atomically with their mode and
// owner, and removes those that did not exist. Home directories are never
// created or removed, so there is nothing else to undo. The blobs hold the
// password hashes of the root: they stay in the checkpoint store under
// .twin/ (mode 0700, never committed), like the checkpoint of any root-only
// file.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/checkpoint.h"
#include "engine/core/host.h"
#include "engine/core/provider.h"
#include "engine/core/result.h"
#include "resources/account_records.h"
#include "resources/rooted_fs.h"

namespace twin::resources {

/// One run of a tool of the shadow suite.
struct ToolCall {
  std::string tool;  // "useradd", "groupdel", ...
  std::vector<std::string> args;
  std::string input;  // stdin: a remembered hash travels here, never in argv
};

/// What one `user` or `group` needs: the changes the plan shows and the
/// tool calls that make them.
struct AccountPlan {
  std::vector<engine::Change> changes;
  std::vector<ToolCall> calls;
};

/// Decides one declaration against the target's account files.
using PlanAccount = std::function<engine::Result<AccountPlan>(const engine::Resource& resource,
                                                              const AccountsState& accounts)>;

/// The steps of `resources` (of provider `type`), reading the account
/// files once; resources already as declared have none.
engine::Result<std::vector<engine::Step>> plan_accounts(
    std::span<const engine::Resource* const> resources, const engine::Context& ctx,
    std::string_view type, const PlanAccount& plan_one);

/// Applies one step: decides again on the account files as they are now
/// (an earlier step may have done it, or made the groups it needs), saves
/// them in the checkpoint, then runs the calls in order.
engine::Status apply_account(const engine::Step& step, const engine::Context& ctx,
                             engine::Checkpoint& checkpoint, const PlanAccount& plan_one);

/// The argv of one tool of the shadow suite for the host's root.
engine::Command account_command(const engine::Host& host, std::string_view tool,
                                std::vector<std::string> args);

/// Runs it. Errors: E3701 with the tool's first line of stderr (or exit
/// status), and those of the runner.
engine::Status run_account_tool(const engine::Host& host, std::string_view tool,
                                std::vector<std::string> args, std::string input = {});

/// {"PATH": null | {"blob","mode","uid","gid"}} for every account file.
engine::Result<nlohmann::json> save_account_files(const RootedFs& fs,
                                                  engine::Checkpoint& checkpoint);

/// Puts the files saved by save_account_files() back. Errors: E3703 for a
/// malformed record, and those of RootedFs and the checkpoint.
engine::Status restore_account_files(const RootedFs& fs, const nlohmann::json& saved,
                                     const engine::Checkpoint& checkpoint);

/// The common undo of the account providers: `record.data` is
/// {"files": save_account_files()}.
engine::Status undo_account_change(const engine::UndoRecord& record, const engine::Context& ctx,
                                   const engine::Checkpoint& checkpoint);

}  // namespace twin::resources
