#include "resources/crontab_provider.h"

#include <fmt/format.h>

#include <ctime>

#include "resources/account_names.h"
#include "resources/cron_syntax.h"
#include "resources/crontab_codes.h"
#include "resources/crontab_spec.h"
#include "resources/rooted_fs.h"

namespace twin::resources {
namespace {

namespace codes = crontab_codes;
using engine::Action;
using engine::Change;
using engine::make_error;

constexpr char kType[] = "crontab";
constexpr mode_t kSpoolMode = 0600;


engine::Command crontab_command(std::vector<std::string> args, std::string input = {}) {
  engine::Command cmd;
  cmd.program = kCrontabProgram;
  cmd.args = std::move(args);
  cmd.env = {{"LC_ALL", "C"}, {"PATH", "/usr/sbin:/usr/bin:/sbin:/bin"}};
  cmd.input = std::move(input);
  cmd.timeout = std::chrono::minutes(1);
  return cmd;
}

std::string argv_text(const engine::Command& cmd) {
  std::string text = cmd.program;
  for (const auto& arg : cmd.args) text += " " + arg;
  return text;
}

engine::Error crontab_failed(const engine::Command& cmd, const engine::CommandOutput& out) {
  std::string err = out.err.substr(0, out.err.find('\n'));
  if (out.timed_out) err = "timed out";
  if (err.empty()) err = fmt::format("exit status {}", out.exit_code);
  return make_error(codes::kCrontabFailed, fmt::format("crontab failed: {}", err), argv_text(cmd));
}

std::string spool_path(const std::string& user) {
  return fmt::format("{}/{}", kCrontabSpoolDir, user);
}

// What the target holds for one user.
struct Observed {
  bool exists = false;
  std::string text;              // without crontab's header
  std::string raw;               // sandbox: the whole file
  std::optional<FileMeta> meta;  // sandbox only
};

engine::Result<Observed> observe_system(const engine::Host& host, const std::string& user) {
  engine::Command cmd = crontab_command({"-l", "-u", user});
  auto out = host.runner().run(cmd);
  if (!out) return out.error();
  Observed seen;
  if (out->succeeded()) {
    seen.exists = true;
    seen.text = std::move(out->out);
    return seen;
  }
  if (out->exit_code == 1 && out->err.find("no crontab for") != std::string::npos) return seen;
  return crontab_failed(cmd, *out);
}

engine::Result<Observed> observe_spool(const RootedFs& fs, const std::string& user) {
  std::string path = spool_path(user);
  auto meta = fs.lstat(path);
  if (!meta) return meta.error();
  Observed seen;
  if (!*meta) return seen;
  if ((*meta)->kind != FileKind::kFile)
    return make_error(
        codes::kNotRegular,
        fmt::format("the crontab spool entry is a {}, not a file", kind_name((*meta)->kind)),
        (fs.root() / path.substr(1)).string());
  auto raw = fs.read_file(path);
  if (!raw) return raw.error();
  seen.exists = true;
  seen.meta = *meta;
  seen.raw = std::move(*raw);
  seen.text = strip_crontab_header(seen.raw);
  return seen;
}

engine::Result<Observed> observe(const engine::Host& host, const std::string& user) {
  if (host.is_system_root()) return observe_system(host, user);
  auto fs = RootedFs::open(host.root());
  if (!fs) return fs.error();
  return observe_spool(*fs, user);
}

struct SpoolOwner {
  uid_t uid;
  gid_t gid;
};

// Owner and group a spool file must have for cron to run it.
engine::Result<SpoolOwner> spool_owner(const RootedFs& fs, const std::string& user) {
  auto accounts = AccountDb::load(fs);
  if (!accounts) return accounts.error();
  auto uid = accounts->resolve_user(user);
  if (!uid)
    return make_error(codes::kUnknownUser, fmt::format("user \"{}\" is not in etc/passwd", user),
                      fs.root().string());
  auto gid = accounts->resolve_group("crontab");
  if (!gid)
    return make_error(codes::kNoCrontabGroup,
                      "etc/group has no `crontab` group, so cron would not read a spool file",
                      fs.root().string());
  return SpoolOwner{*uid, *gid};
}

engine::Result<CrontabSpec> spec_of(const engine::Resource& resource, const engine::Host& host) {
  auto fs = RootedFs::open(host.root());
  if (!fs) return fs.error();
  auto accounts = AccountDb::load(*fs);
  if (!accounts) return accounts.error();
  lang::DiagnosticSink sink;
  auto spec = read_crontab_spec(resource, *accounts, sink);
  if (!spec)
    return make_error(
        codes::kInvalidDecl,
        sink.all().empty() ? "invalid crontab declaration" : sink.all().front().message,
        resource.address());
  return *spec;
}

// The bytes of a `source` file, read beneath the twin directory.
engine::Result<std::string> read_source(const std::string& source, const engine::Context& ctx) {
  auto dir = RootedFs::open(std::filesystem::absolute(ctx.twin_dir));
  if (!dir) return dir.error();
  auto text = dir->read_file(source);
  if (!text)
    return make_error(codes::kSourceUnreadable,
                      fmt::format("cannot read source: {}", text.error().message), source);
  return with_final_newline(std::move(*text));
}

// The text the crontab must hold (`content`, entries or the source file).
engine::Result<std::string> desired_text(const CrontabSpec& spec, const engine::Context& ctx) {
  if (spec.text) return *spec.text;
  if (!spec.source) return std::string();
  auto text = read_source(*spec.source, ctx);
  if (!text) return text.error();
  // validate() reports these with context; plan and apply must not go on
  // with a file that changed since (cron would skip the bad lines silently).
  if (auto problems = check_crontab_text(*text); !problems.empty())
    return make_error(codes::kInvalidDecl,
                      fmt::format("{}:{}: {}", *spec.source, problems.front().line,
                                  problems.front().problem.message),
                      *spec.source);
  return text;
}

// Writes the new crontab or removes it, as crontab itself would.
engine::Status write_crontab(const engine::Host& host, const std::string& user,
                             const std::optional<std::string>& text) {
  if (host.is_system_root()) {
    engine::Command cmd =
        text ? crontab_command({"-u", user, "-"}, *text) : crontab_command({"-u", user, "-r"});
    auto out = host.runner().run(cmd);
    if (!out) return out.error();
    if (!out->succeeded()) {
      bool already_gone = !text && out->err.find("no crontab for") != std::string::npos;
      if (!already_gone) return crontab_failed(cmd, *out);
    }
    return {};
  }
  auto fs = RootedFs::open(host.root());
  if (!fs) return fs.error();
  std::string path = spool_path(user);
  if (!text) {
    auto meta = fs->lstat(path);
    if (!meta) return meta.error();
    return *meta ? fs->remove(path) : engine::Status();
  }
  auto dir = fs->stat(kCrontabSpoolDir);
  if (!dir) return dir.error();
  if (!*dir || (*dir)->kind != FileKind::kDirectory)
    return make_error(codes::kNoSpoolDir,
                      "the root has no crontab spool directory (is cron installed?)",
                      (host.root() / &kCrontabSpoolDir[1]).string());
  auto owner = spool_owner(*fs, user);
  if (!owner) return owner.error();
  return fs->write_file_atomic(path, crontab_header("-", std::time(nullptr)) + *text, kSpoolMode,
                               owner->uid, owner->gid);
}

}  // namespace


void CrontabProvider::validate(const engine::Resource& resource, const engine::Context& ctx,
                               lang::DiagnosticSink& sink) const {
  AccountDb accounts;
  auto fs = RootedFs::open(ctx.host.root());
  if (fs) {
    auto loaded = AccountDb::load(*fs);
    if (loaded) accounts = std::move(*loaded);
  }
  auto spec = read_crontab_spec(resource, accounts, sink);
  if (!spec || !spec->source) return;
  const lang::Attribute* attr = resource.find("source");
  auto text = read_source(*spec->source, ctx);
  if (!text) {
    sink.error(codes::kDiagBadSource, text.error().message, attr->value.span,
           "the path is relative to the twin directory");
    return;
  }
  for (const auto& p : check_crontab_text(*text))
    sink.error(codes::kDiagBadLine,
           fmt::format("{}:{}: {}", *spec->source, p.line, p.problem.message), attr->value.span,
           p.problem.hint);
}

engine::Result<std::vector<engine::Step>> CrontabProvider::plan(
    std::span<const engine::Resource* const> resources, const engine::Context& ctx) {
  std::vector<engine::Step> steps;
  std::optional<RootedFs> fs;
  if (!ctx.host.is_system_root()) {
    auto opened = RootedFs::open(ctx.host.root());
    if (!opened) return opened.error();
    fs.emplace(std::move(*opened));
  }
  for (const engine::Resource* resource : resources) {
    auto spec = spec_of(*resource, ctx.host);
    if (!spec) return spec.error();
    auto seen = observe(ctx.host, spec->user);
    if (!seen) return seen.error();
    engine::Step step{resource, kType, resource->address(), {}};
    std::string label = spool_path(spec->user).substr(1);
    engine::ContentDiff diff{"a/" + label, "b/" + label, seen->text, "", false, spec->sensitive};
    if (spec->absent) {
      if (seen->exists)
        step.changes.push_back({Action::kDelete,
                                fmt::format("remove the crontab of {}", spec->user),
                                std::move(diff),
                                {}});
    } else {
      auto text = desired_text(*spec, ctx);
      if (!text) return text.error();
      diff.new_text = *text;
      if (!seen->exists) {
        step.changes.push_back({Action::kCreate,
                                fmt::format("install a crontab for {}", spec->user),
                                std::move(diff),
                                {}});
      } else if (seen->text != *text) {
        step.changes.push_back({Action::kReplace, "content", std::move(diff), {}});
      } else if (fs) {
        auto owner = spool_owner(*fs, spec->user);
        if (!owner) return owner.error();
        const FileMeta& meta = *seen->meta;
        if (meta.mode != kSpoolMode || meta.uid != owner->uid || meta.gid != owner->gid)
          step.changes.push_back(
              {Action::kReplace,
               fmt::format("spool file mode/owner {:04o} {}:{} → {:04o} {}:{}", meta.mode, meta.uid,
                           meta.gid, kSpoolMode, owner->uid, owner->gid),
               std::nullopt,
               {}});
      }
      // A sandbox without a `crontab` group fails here, in the plan, not mid-apply.
      if (fs && !step.changes.empty()) {
        if (auto owner = spool_owner(*fs, spec->user); !owner) return owner.error();
      }
    }
    if (!step.changes.empty()) steps.push_back(std::move(step));
  }
  return steps;
}

engine::Status CrontabProvider::apply(const engine::Step& step, const engine::Context& ctx,
                                      engine::Checkpoint& checkpoint) {
  auto spec = spec_of(*step.resource, ctx.host);
  if (!spec) return spec.error();
  std::optional<std::string> text;
  if (!spec->absent) {
    auto desired = desired_text(*spec, ctx);
    if (!desired) return desired.error();
    text = std::move(*desired);
  }
  // Observe again: undo must hold exactly what stands before this change.
  auto seen = observe(ctx.host, spec->user);
  if (!seen) return seen.error();
  bool system = ctx.host.is_system_root();
  nlohmann::json before = nullptr;
  if (seen->exists) {
    auto blob = checkpoint.save_blob(system ? seen->text : seen->raw);
    if (!blob) return blob.error();
    before = {{"blob", *blob}};
    if (!system) {
      before["mode"] = seen->meta->mode;
      before["uid"] = seen->meta->uid;
      before["gid"] = seen->meta->gid;
    }
  }
  nlohmann::json data = {
      {"op", system ? "crontab" : "spool"}, {"user", spec->user}, {"before", before}};
  if (auto st = checkpoint.record({kType, step.address, std::move(data)}); !st) return st;
  return write_crontab(ctx.host, spec->user, text);
}

engine::Status CrontabProvider::undo(const engine::UndoRecord& record, const engine::Context& ctx,
                                     const engine::Checkpoint& checkpoint) {
  const nlohmann::json& data = record.data;
  auto bad = [&](std::string_view why) {
    return engine::Status(make_error(codes::kBadUndoRecord,
                                     fmt::format("malformed crontab undo record: {}", why),
                                     record.address));
  };
  if (!data.is_object() || !data.contains("op") || !data["op"].is_string() ||
      !data.contains("user") || !data["user"].is_string() || !data.contains("before"))
    return bad("no op, user or before");
  std::string op = data["op"].get<std::string>();
  std::string user = data["user"].get<std::string>();
  // The journal is a file on disk: check the name again before it reaches argv or a path.
  if (!is_valid_user_name(user)) return bad("invalid user name");
  bool system = ctx.host.is_system_root();
  if ((op == "crontab") != system || (op != "crontab" && op != "spool"))
    return bad(fmt::format("op \"{}\" does not fit root {}", op, ctx.host.root().string()));

  if (!system) {
    // A kill between writing the spool file's temporary copy and renaming
    // it leaves the copy beside the spool file: remove it first.
    auto fs = RootedFs::open(ctx.host.root());
    if (!fs) return fs.error();
    if (auto st = fs->remove_leftover_temp(spool_path(user)); !st) return st;
  }
  const nlohmann::json& before = data["before"];
  if (before.is_null()) return write_crontab(ctx.host, user, std::nullopt);
  if (!before.is_object() || !before.contains("blob") || !before["blob"].is_string())
    return bad("no blob");
  if (!system) {
    for (const char* key : {"mode", "uid", "gid"})
      if (!before.contains(key) || !before[key].is_number_unsigned())
        return bad("no mode or owner");
  }
  auto bytes = checkpoint.read_blob(before["blob"].get<std::string>());
  if (!bytes) return bytes.error();
  if (system) return write_crontab(ctx.host, user, *bytes);
  auto fs = RootedFs::open(ctx.host.root());
  if (!fs) return fs.error();
  return fs->write_file_atomic(spool_path(user), *bytes, before["mode"].get<mode_t>() & 07777,
                               before["uid"].get<uid_t>(), before["gid"].get<gid_t>());
}

}  // namespace twin::resources
