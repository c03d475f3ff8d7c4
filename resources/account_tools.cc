#include "resources/account_tools.h"

#include <fmt/format.h>

#include "resources/account_codes.h"

namespace twin::resources {
namespace {

namespace codes = account_codes;

constexpr const char* kAccountFiles[] = {
    "/etc/passwd",  "/etc/group",  "/etc/shadow",  "/etc/gshadow",  "/etc/subuid",  "/etc/subgid",
    "/etc/passwd-", "/etc/group-", "/etc/shadow-", "/etc/gshadow-", "/etc/subuid-", "/etc/subgid-",
    "/etc/.pwd.lock",  // lckpwdf(3)'s lock file, made by the first tool that runs
    // What a tool killed midway leaves (shadow's commonio): the new file it
    // was writing and the lock it held. Absent before, so undo removes them.
    "/etc/passwd+", "/etc/group+", "/etc/shadow+", "/etc/gshadow+", "/etc/subuid+", "/etc/subgid+",
    "/etc/passwd.lock", "/etc/group.lock", "/etc/shadow.lock", "/etc/gshadow.lock",
    "/etc/subuid.lock", "/etc/subgid.lock"};

bool is_account_file(std::string_view path) {
  for (const char* known : kAccountFiles)
    if (path == known) return true;
  return false;
}

std::string argv_text(const engine::Command& cmd) {
  std::string text = cmd.program;
  for (const auto& arg : cmd.args) text += " " + arg;
  return text;
}

}  // namespace

engine::Command account_command(const engine::Host& host, std::string_view tool,
                                std::vector<std::string> args) {
  engine::Command cmd;
  cmd.program = fmt::format("/usr/sbin/{}", tool);
  if (!host.is_system_root()) cmd.args = {"--root", host.root().string()};
  cmd.args.insert(cmd.args.end(), std::make_move_iterator(args.begin()),
                  std::make_move_iterator(args.end()));
  cmd.env = {{"LC_ALL", "C"}, {"PATH", "/usr/sbin:/usr/bin:/sbin:/bin"}};
  cmd.timeout = std::chrono::minutes(2);
  return cmd;
}

engine::Status run_account_tool(const engine::Host& host, std::string_view tool,
                                std::vector<std::string> args, std::string input) {
  engine::Command cmd = account_command(host, tool, std::move(args));
  cmd.input = std::move(input);
  auto out = host.runner().run(cmd);
  if (!out) return out.error();
  if (out->succeeded()) return {};
  std::string why = out->err.substr(0, out->err.find('\n'));
  if (out->timed_out) why = "timed out";
  if (why.empty()) why = fmt::format("exit status {}", out->exit_code);
  return engine::make_error(codes::kToolFailed, fmt::format("{} failed: {}", tool, why),
                            argv_text(cmd));
}

engine::Result<nlohmann::json> save_account_files(const RootedFs& fs,
                                                  engine::Checkpoint& checkpoint) {
  nlohmann::json saved = nlohmann::json::object();
  for (const char* path : kAccountFiles) {
    auto meta = fs.lstat(path);
    if (!meta) return meta.error();
    if (!*meta) {
      saved[path] = nullptr;
      continue;
    }
    auto bytes = fs.read_file(path);
    if (!bytes) return bytes.error();
    auto blob = checkpoint.save_blob(*bytes);
    if (!blob) return blob.error();
    saved[path] = {{"blob", *blob}, {"mode", (*meta)->mode}, {"uid", (*meta)->uid},
                   {"gid", (*meta)->gid}};
  }
  return saved;
}

engine::Status restore_account_files(const RootedFs& fs, const nlohmann::json& saved,
                                     const engine::Checkpoint& checkpoint) {
  auto bad = [](std::string why) {
    return engine::Status(engine::make_error(
        codes::kBadUndoRecord, "malformed account undo record: " + why, "etc/passwd"));
  };
  if (!saved.is_object()) return bad("no files");
  // Check the whole record before writing anything: the journal is a file
  // on disk, and a half-restored account database is worse than none.
  for (const auto& [path, entry] : saved.items()) {
    if (!is_account_file(path)) return bad("\"" + path + "\" is no account file");
    if (entry.is_null()) continue;
    if (!entry.is_object() || !entry.contains("blob") || !entry["blob"].is_string())
      return bad("no blob for " + path);
    for (const char* key : {"mode", "uid", "gid"})
      if (!entry.contains(key) || !entry[key].is_number_unsigned())
        return bad(fmt::format("no {} for {}", key, path));
  }
  for (const auto& [path, entry] : saved.items()) {
    if (entry.is_null()) {
      auto meta = fs.lstat(path);
      if (!meta) return meta.error();
      if (*meta)
        if (auto st = fs.remove(path); !st) return st;
      continue;
    }
    auto bytes = checkpoint.read_blob(entry["blob"].get<std::string>());
    if (!bytes) return bytes.error();
    if (auto st = fs.write_file_atomic(path, *bytes, entry["mode"].get<mode_t>() & 07777,
                                       entry["uid"].get<uid_t>(), entry["gid"].get<gid_t>());
        !st)
      return st;
  }
  return {};
}

engine::Result<std::vector<engine::Step>> plan_accounts(
    std::span<const engine::Resource* const> resources, const engine::Context& ctx,
    std::string_view type, const PlanAccount& plan_one) {
  auto fs = RootedFs::open(ctx.host.root());
  if (!fs) return fs.error();
  auto accounts = AccountsState::load(*fs);
  if (!accounts) return accounts.error();
  std::vector<engine::Step> steps;
  for (const engine::Resource* resource : resources) {
    auto planned = plan_one(*resource, *accounts);
    if (!planned) return planned.error();
    if (planned->changes.empty()) continue;
    steps.push_back(
        {resource, std::string(type), resource->address(), std::move(planned->changes), {}});
  }
  return steps;
}

engine::Status apply_account(const engine::Step& step, const engine::Context& ctx,
                             engine::Checkpoint& checkpoint, const PlanAccount& plan_one) {
  auto fs = RootedFs::open(ctx.host.root());
  if (!fs) return fs.error();
  auto accounts = AccountsState::load(*fs);
  if (!accounts) return accounts.error();
  auto planned = plan_one(*step.resource, *accounts);
  if (!planned) return planned.error();
  if (planned->calls.empty()) return {};
  auto saved = save_account_files(*fs, checkpoint);
  if (!saved) return saved.error();
  if (auto st = checkpoint.record({step.type, step.address, {{"files", std::move(*saved)}}}); !st)
    return st;
  for (auto& call : planned->calls)
    if (auto st = run_account_tool(ctx.host, call.tool, std::move(call.args), std::move(call.input));
        !st)
      return st;
  return {};
}

engine::Status undo_account_change(const engine::UndoRecord& record, const engine::Context& ctx,
                                   const engine::Checkpoint& checkpoint) {
  if (!record.data.is_object() || !record.data.contains("files"))
    return engine::make_error(codes::kBadUndoRecord, "malformed account undo record: no files",
                              record.address);
  auto fs = RootedFs::open(ctx.host.root());
  if (!fs) return fs.error();
  return restore_account_files(*fs, record.data["files"], checkpoint);
}

}  // namespace twin::resources
