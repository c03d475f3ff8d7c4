#include "resources/user_provider.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "resources/account_actions.h"
#include "resources/account_codes.h"
#include "resources/account_records.h"
#include "resources/account_spec.h"
#include "resources/account_tools.h"
#include "resources/password_store.h"

namespace twin::resources {
namespace {

namespace codes = account_codes;
using engine::Action;
using engine::Change;

constexpr char kType[] = "user";

engine::Result<UserSpec> spec_of(const engine::Resource& resource) {
  lang::DiagnosticSink sink;
  auto spec = read_user_spec(resource, sink);
  if (!spec)
    return engine::make_error(codes::kInvalidDecl, sink.all().front().message, resource.address());
  return *spec;
}

std::string address_of(const std::string& name) { return lang::Reference{kType, name}.address(); }

std::string list_text(const std::vector<std::string>& names) {
  return names.empty() ? "(none)" : fmt::format("{}", fmt::join(names, ", "));
}

std::string shown(const std::string& text) { return text.empty() ? "\"\"" : text; }

using UserPlan = AccountPlan;

// `attribute` is the declared attribute the change sets (Change::attribute).
Change modify(std::string description, std::string attribute) {
  Change change{account_action::kModify, std::move(description), {}, {}, {}, {}};
  change.attribute = std::move(attribute);
  return change;
}

// A group the account needs must exist on the target or be declared (and
// so made by an earlier step).
engine::Status check_group(const std::string& group, const UserSpec& spec,
                           const AccountsState& accounts, const engine::Context& ctx) {
  if (accounts.group(group)) return {};
  if (ctx.is_declared && ctx.is_declared(lang::Reference{"group", group}.address())) return {};
  return engine::make_error(
      codes::kInvalidDecl,
      fmt::format("group \"{}\" is not on the target and no group resource declares it", group),
      address_of(spec.name));
}

// How the declared password state is reached from `from`: usermod options
// or a `chpasswd -e` of the hash this machine last had for the account
// (resources/password_store.h), and the plan line; nullopt when nothing is
// to do.
struct PasswordChange {
  std::vector<std::string> usermod_args;
  std::optional<ToolCall> chpasswd;
  std::string line;
};

engine::Result<std::optional<PasswordChange>> password_change(const UserSpec& spec,
                                                              PasswordState from,
                                                              const engine::Context& ctx) {
  using Option = std::optional<PasswordChange>;
  PasswordState to = *spec.password;
  if (from == to) return Option();
  auto line = [&](std::string_view why) {
    return fmt::format("password {} → {}{}", password_state_name(from), password_state_name(to), why);
  };
  // A hash must come from the machine's own memory of it.
  auto restore = [&](std::string_view lock) -> Option {
    auto hash = remembered_password_hash(ctx.twin_dir, spec.name);
    if (!hash) return std::nullopt;
    return PasswordChange{{},
                          ToolCall{"chpasswd", {"-e"}, fmt::format("{}:{}{}\n", spec.name, lock, *hash)},
                          line(" (the hash this machine last had, kept in .twin/)")};
  };
  switch (to) {
    case PasswordState::kUsable:
      if (from == PasswordState::kLocked) return Option(PasswordChange{{"-U"}, {}, line("")});
      if (auto restored = restore("")) return restored;
      return engine::make_error(
          codes::kNoHash,
          fmt::format("{} has no password hash to make usable, and this machine remembers none "
                      "(the twin never holds one)",
                      spec.name),
          address_of(spec.name) + ": set a password on the machine with passwd " + spec.name);
    case PasswordState::kLocked:
      if (from == PasswordState::kUsable) return Option(PasswordChange{{"-L"}, {}, line("")});
      if (auto restored = restore("!")) return restored;
      if (from == PasswordState::kNone) return Option();  // neither can log in with a password
      return Option(PasswordChange{{"-p", "!"}, {}, line("")});
    case PasswordState::kNone:
      return Option(PasswordChange{
          {"-p", "!"}, {}, line(from == PasswordState::kEmpty ? "" : " (the hash is dropped)")});
    case PasswordState::kEmpty:
      return Option(PasswordChange{{"-p", ""}, {}, line(" (login without a password)")});
  }
  return Option();
}

engine::Result<UserPlan> plan_create(const UserSpec& spec, const AccountsState& accounts,
                                     const engine::Context& ctx) {
  UserPlan plan;
  std::vector<std::string> args;
  std::vector<std::string> said;
  if (spec.uid) args.insert(args.end(), {"-u", std::to_string(*spec.uid)}), said.push_back(fmt::format("uid {}", *spec.uid));
  if (spec.group) {
    if (auto st = check_group(*spec.group, spec, accounts, ctx); !st) return st.error();
    args.insert(args.end(), {"-g", *spec.group});
    said.push_back("group " + *spec.group);
  }
  if (spec.groups && !spec.groups->empty()) {
    for (const auto& g : *spec.groups)
      if (auto st = check_group(g, spec, accounts, ctx); !st) return st.error();
    args.insert(args.end(), {"-G", fmt::format("{}", fmt::join(*spec.groups, ","))});
    said.push_back("groups " + list_text(*spec.groups));
  }
  if (spec.home) args.insert(args.end(), {"-d", *spec.home}), said.push_back("home " + *spec.home + " (not created)");
  if (spec.shell) args.insert(args.end(), {"-s", *spec.shell}), said.push_back("shell " + *spec.shell);
  if (spec.comment) args.insert(args.end(), {"-c", *spec.comment});
  if (spec.expires && !spec.expires->empty()) args.insert(args.end(), {"-e", *spec.expires}), said.push_back("expires " + *spec.expires);
  if (spec.system) args.push_back("-r"), said.push_back("system account");
  args.push_back("-M");
  args.push_back(spec.name);
  plan.changes.push_back({Action::kCreate, fmt::format("{}", fmt::join(said, ", ")), {}, {}, {}, {}});
  if (said.empty()) plan.changes.back().description = "with useradd's defaults";
  plan.calls.push_back({"useradd", std::move(args), {}});
  // useradd leaves the account without a hash ("!").
  if (spec.password) {
    auto pw = password_change(spec, PasswordState::kNone, ctx);
    if (!pw) return pw.error();
    if (*pw) {
      if ((*pw)->chpasswd) plan.calls.push_back(*(*pw)->chpasswd);
      if (!(*pw)->usermod_args.empty()) {
        std::vector<std::string> more = (*pw)->usermod_args;
        more.push_back(spec.name);
        plan.calls.push_back({"usermod", std::move(more), {}});
      }
      plan.changes.push_back(modify((*pw)->line, "password"));
    }
  }
  return plan;
}

engine::Result<UserPlan> plan_modify(const UserSpec& spec, const UserRecord& live,
                                     const AccountsState& accounts, const engine::Context& ctx) {
  UserPlan plan;
  std::vector<std::string> args;
  if (spec.uid && *spec.uid != live.uid) {
    args.insert(args.end(), {"-u", std::to_string(*spec.uid)});
    Change change = modify(fmt::format("uid {} → {}", live.uid, *spec.uid), "uid");
    change.details.push_back(fmt::format(
        "usermod gives the files under {} to the new uid; files elsewhere keep uid {}", live.home,
        live.uid));
    plan.changes.push_back(std::move(change));
  }
  if (spec.group) {
    const GroupRecord* now = accounts.group_by_id(live.gid);
    std::string now_name = now ? now->name : std::to_string(live.gid);
    if (now_name != *spec.group) {
      if (auto st = check_group(*spec.group, spec, accounts, ctx); !st) return st.error();
      args.insert(args.end(), {"-g", *spec.group});
      plan.changes.push_back(modify(fmt::format("group {} → {}", now_name, *spec.group), "group"));
    }
  }
  if (spec.groups) {
    std::vector<std::string> now = accounts.supplementary_groups(spec.name);
    if (now != *spec.groups) {
      for (const auto& g : *spec.groups)
        if (auto st = check_group(g, spec, accounts, ctx); !st) return st.error();
      args.insert(args.end(), {"-G", fmt::format("{}", fmt::join(*spec.groups, ","))});
      plan.changes.push_back(
          modify(fmt::format("groups {} → {}", list_text(now), list_text(*spec.groups)), "groups"));
    }
  }
  auto field = [&](const std::optional<std::string>& want, const std::string& have,
                   const char* option, const char* label) {
    if (!want || *want == have) return;
    args.insert(args.end(), {option, *want});
    plan.changes.push_back(
        modify(fmt::format("{} {} → {}", label, shown(have), shown(*want)), label));
  };
  field(spec.home, live.home, "-d", "home");
  field(spec.shell, live.shell, "-s", "shell");
  field(spec.comment, live.comment, "-c", "comment");
  const ShadowRecord* shadow = accounts.shadow_of(spec.name);
  if (spec.expires) {
    std::string now = shadow && shadow->expires ? *shadow->expires : "";
    if (now != *spec.expires) {
      args.insert(args.end(), {"-e", *spec.expires});
      plan.changes.push_back(modify(fmt::format("expires {} → {}", now.empty() ? "never" : now,
                                                spec.expires->empty() ? "never" : *spec.expires),
                                    "expires"));
    }
  }
  std::optional<ToolCall> chpasswd;
  if (spec.password) {
    auto pw = password_change(spec, shadow ? shadow->password : PasswordState::kNone, ctx);
    if (!pw) return pw.error();
    if (*pw) {
      args.insert(args.end(), (*pw)->usermod_args.begin(), (*pw)->usermod_args.end());
      chpasswd = (*pw)->chpasswd;
      plan.changes.push_back(modify((*pw)->line, "password"));
    }
  }
  if (!args.empty()) {
    args.push_back(spec.name);
    plan.calls.push_back({"usermod", std::move(args), {}});
  }
  if (chpasswd) plan.calls.push_back(std::move(*chpasswd));
  return plan;
}

engine::Result<UserPlan> plan_user(const UserSpec& spec, const AccountsState& accounts,
                                   const engine::Context& ctx) {
  const UserRecord* live = accounts.user(spec.name);
  if (spec.absent) {
    UserPlan plan;
    if (!live) return plan;
    Change change{Action::kDelete, fmt::format("remove user {} (uid {})", spec.name, live->uid),
                  {}, {}, {}, {}};
    change.details.push_back(fmt::format("its home {} is kept, with the files it owns", live->home));
    plan.changes.push_back(std::move(change));
    plan.calls.push_back({"userdel", {spec.name}, {}});
    return plan;
  }
  if (spec.uid && (!live || live->uid != *spec.uid))
    for (const auto& other : accounts.users)
      if (other.uid == *spec.uid && other.name != spec.name)
        return engine::make_error(
            codes::kIdTaken,
            fmt::format("uid {} belongs to user {} on the target", *spec.uid, other.name),
            address_of(spec.name));
  if (!live) return plan_create(spec, accounts, ctx);
  return plan_modify(spec, *live, accounts, ctx);
}

// Decides one declaration; an invalid one (validate() said why) is E3704.
engine::Result<AccountPlan> plan_declared(const engine::Resource& resource,
                                          const AccountsState& accounts,
                                          const engine::Context& ctx) {
  auto spec = spec_of(resource);
  if (!spec) return spec.error();
  return plan_user(*spec, accounts, ctx);
}

}  // namespace

void UserProvider::validate(const engine::Resource& resource, const engine::Context&,
                            lang::DiagnosticSink& sink) const {
  read_user_spec(resource, sink);
}

std::vector<std::string> UserProvider::implicit_dependencies(
    const engine::Resource& resource) const {
  std::vector<std::string> deps;
  const std::string* ensure = resource.get_string("ensure");
  if (ensure && *ensure == "absent") {
    deps.push_back(lang::Reference{"group", resource.title}.address());
    return deps;
  }
  if (const std::string* group = resource.get_string("group"))
    deps.push_back(lang::Reference{"group", *group}.address());
  for (const auto& g : resource.get_strings("groups"))
    deps.push_back(lang::Reference{"group", g}.address());
  return deps;
}

engine::Result<std::vector<engine::Step>> UserProvider::plan(
    std::span<const engine::Resource* const> resources, const engine::Context& ctx) {
  return plan_accounts(resources, ctx, kType, [&ctx](const engine::Resource& resource,
                                                     const AccountsState& accounts) {
    return plan_declared(resource, accounts, ctx);
  });
}

// Decided again on the files as they are: the groups earlier steps made
// are there now.
engine::Status UserProvider::apply(const engine::Step& step, const engine::Context& ctx,
                                   engine::Checkpoint& checkpoint) {
  return apply_account(step, ctx, checkpoint, [&ctx](const engine::Resource& resource,
                                                     const AccountsState& accounts) {
    return plan_declared(resource, accounts, ctx);
  });
}

engine::Status UserProvider::undo(const engine::UndoRecord& record, const engine::Context& ctx,
                                  const engine::Checkpoint& checkpoint) {
  return undo_account_change(record, ctx, checkpoint);
}

}  // namespace twin::resources
