#include "resources/crontab_provider.h"

#include <fmt/format.h>

#include <ctime>
#include <set>

#include "engine/metaparams.h"
#include "lang/suggest.h"
#include "resources/cron_syntax.h"
#include "resources/crontab_codes.h"
#include "resources/rooted_fs.h"

namespace twin::resources {
namespace {

namespace codes = crontab_codes;
using engine::Action;
using engine::Change;
using engine::make_error;

constexpr char kType[] = "crontab";
constexpr mode_t kSpoolMode = 0600;

void report(lang::DiagnosticSink& sink, const char* code, std::string message,
            const lang::Span& span, std::string hint = {},
            lang::Severity severity = lang::Severity::kError) {
  lang::Diagnostic d;
  d.severity = severity;
  d.code = code;
  d.message = std::move(message);
  d.span = span;
  d.hint = std::move(hint);
  sink.add(std::move(d));
}

// The manifest text a value was written as, when it has a file.
std::string_view written_text(const lang::Value& value) {
  if (!value.span.valid()) return {};
  const std::string& text = value.span.file->text();
  if (value.span.begin >= value.span.end || value.span.end > text.size()) return {};
  return std::string_view(text).substr(value.span.begin, value.span.end - value.span.begin);
}

// A span for bytes [offset, offset+length) of a string value, when `part`
// (which holds them, starting at `part_offset` in the value) appears
// literally in the manifest at or after `*cursor`; else the whole value.
lang::Span span_within(const lang::Value& value, std::string_view part, std::size_t offset,
                       std::size_t length, std::size_t* cursor = nullptr) {
  std::string_view written = written_text(value);
  std::size_t from = cursor ? *cursor : 0;
  std::size_t at = part.empty() ? std::string_view::npos : written.find(part, from);
  if (at == std::string_view::npos) return value.span;
  if (cursor) *cursor = at + part.size();
  lang::Span span = value.span;
  span.begin = value.span.begin + at + offset;
  span.end = span.begin + std::max<std::size_t>(1, std::min(length, part.size() - offset));
  return span;
}

const std::string* string_attr(const lang::Attribute& attr, lang::DiagnosticSink& sink,
                               std::string_view example) {
  if (attr.value.is_string()) return &attr.value.as_string();
  report(sink, codes::kDiagWrongType,
         fmt::format("attribute `{}` must be a string, not {}", attr.name, attr.value.type_name()),
         attr.value.span, fmt::format("write `{} = {}`", attr.name, example));
  return nullptr;
}

std::string terminated(std::string text) {
  if (!text.empty() && text.back() != '\n') text += '\n';
  return text;
}

// Reports every problem of a crontab text written in `content`.
bool check_content(const lang::Attribute& attr, lang::DiagnosticSink& sink) {
  const std::string& text = attr.value.as_string();
  std::size_t cursor = 0;
  bool ok = true;
  for (const auto& p : check_crontab_text(text)) {
    std::size_t end = text.find('\n', p.line_offset);
    std::string_view line = std::string_view(text).substr(
        p.line_offset, (end == std::string::npos ? text.size() : end) - p.line_offset);
    report(
        sink, codes::kDiagBadLine, fmt::format("line {} of content: {}", p.line, p.problem.message),
        span_within(attr.value, line, p.problem.offset, p.problem.length, &cursor), p.problem.hint);
    ok = false;
  }
  return ok;
}

std::optional<std::string> source_path_problem(std::string_view path) {
  if (path.empty()) return "empty path";
  if (path.front() == '/') return "it is absolute";
  if (path.find('\0') != std::string_view::npos) return "it holds a NUL byte";
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view part = path.substr(start, end - start);
    if (part == "..") return "it leaves the twin directory with '..'";
    start = end + 1;
  }
  return std::nullopt;
}

// Reads and checks the entry blocks; returns false after reporting.
bool check_entries(const engine::Resource& resource, lang::DiagnosticSink& sink) {
  bool ok = true;
  std::set<std::string> names;
  for (const auto& entry : resource.children) {
    if (entry.type != "entry") {
      report(sink, codes::kDiagBadEntry, fmt::format("a crontab takes no `{}` block", entry.type),
             entry.type_span,
             "a crontab's blocks are `entry \"NAME\" { schedule = ...  command = ... }`");
      ok = false;
      continue;
    }
    if (entry.title.empty() ||
        entry.title.find_first_of(std::string_view("\n\r\0", 3)) != std::string::npos) {
      report(sink, codes::kDiagBadEntry, "an entry name must be one non-empty line",
             entry.title_span, "name the job, e.g. entry \"backup\"");
      ok = false;
    } else if (!names.insert(entry.title).second) {
      report(sink, codes::kDiagBadEntry, fmt::format("duplicate entry \"{}\"", entry.title),
             entry.title_span, "give each entry its own name");
      ok = false;
    }
    const lang::Attribute* schedule = nullptr;
    const lang::Attribute* command = nullptr;
    for (const auto& attr : entry.attributes) {
      if (attr.name == "schedule") {
        schedule = &attr;
        const std::string* text = string_attr(attr, sink, "\"0 3 * * *\"");
        if (!text) {
          ok = false;
          continue;
        }
        if (auto p = check_schedule(*text)) {
          report(sink, codes::kDiagBadSchedule, fmt::format("invalid schedule: {}", p->message),
                 span_within(attr.value, *text, p->offset, p->length), p->hint);
          ok = false;
        }
      } else if (attr.name == "command") {
        command = &attr;
        const std::string* text = string_attr(attr, sink, "\"/usr/bin/backup\"");
        if (!text) {
          ok = false;
          continue;
        }
        if (auto p = check_command(*text)) {
          report(sink, codes::kDiagBadCommand, fmt::format("invalid command: {}", p->message),
                 attr.value.span, p->hint);
          ok = false;
        } else if (has_unescaped_percent(*text)) {
          report(sink, codes::kDiagPercent,
                 "cron turns `%` in a command into a newline and sends the rest to its stdin",
                 attr.value.span, "write `\\%` for a literal percent sign",
                 lang::Severity::kWarning);
        }
      } else {
        auto guess = lang::closest_name(attr.name, {"schedule", "command"});
        report(sink, codes::kDiagUnknownAttribute,
               fmt::format("unknown attribute `{}` for a crontab entry", attr.name), attr.name_span,
               guess ? fmt::format("did you mean `{}`?", *guess)
                     : "an entry accepts: schedule, command");
        ok = false;
      }
    }
    for (const auto& [attr, name] :
         {std::pair{schedule, "schedule"}, std::pair{command, "command"}}) {
      if (attr) continue;
      report(sink, codes::kDiagBadEntry, fmt::format("entry \"{}\" has no `{}`", entry.title, name),
             entry.title_span,
             "an entry needs both, e.g. schedule = \"0 3 * * *\"  command = \"/usr/bin/backup\"");
      ok = false;
    }
    for (const auto& nested : entry.children) {
      report(sink, codes::kDiagBadEntry, fmt::format("an entry takes no `{}` block", nested.type),
             nested.type_span);
      ok = false;
    }
  }
  return ok;
}

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
  return terminated(std::move(*text));
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

std::string render_crontab_entries(const engine::Resource& resource) {
  std::string text;
  for (const auto& entry : resource.children) {
    const std::string* schedule = entry.get_string("schedule");
    const std::string* command = entry.get_string("command");
    if (entry.type != "entry" || !schedule || !command) continue;
    text += fmt::format("# twin: {}\n{} {}\n", entry.title, *schedule, *command);
  }
  return text;
}

std::optional<CrontabSpec> read_crontab_spec(const engine::Resource& resource,
                                             const AccountDb& accounts,
                                             lang::DiagnosticSink& sink) {
  CrontabSpec spec;
  spec.user = resource.title;
  bool ok = true;
  if (!is_valid_user_name(resource.title)) {
    report(sink, codes::kDiagBadUser, fmt::format("invalid user name \"{}\"", resource.title),
           resource.title_span,
           "a user name is lower-case letters, digits, '_' and '-', starting with a letter or "
           "'_', at most 32 bytes");
    ok = false;
  } else if (!accounts.resolve_user(resource.title)) {
    report(sink, codes::kDiagUnknownUser,
           fmt::format("user \"{}\" does not exist on the target", resource.title),
           resource.title_span, "users are looked up in the target root's etc/passwd");
    ok = false;
  }

  const lang::Attribute* content = nullptr;
  const lang::Attribute* source = nullptr;
  const lang::Attribute* ensure = nullptr;
  for (const auto& attr : resource.attributes) {
    if (attr.name == "content") {
      content = &attr;
      if (!string_attr(attr, sink, "\"0 3 * * * /usr/bin/backup\\n\"")) {
        ok = false;
        continue;
      }
      if (!check_content(attr, sink)) ok = false;
      spec.text = terminated(attr.value.as_string());
    } else if (attr.name == "source") {
      source = &attr;
      const std::string* text = string_attr(attr, sink, "\"files/alice.cron\"");
      if (!text) {
        ok = false;
        continue;
      }
      if (auto problem = source_path_problem(*text)) {
        report(sink, codes::kDiagBadSource, fmt::format("invalid source path: {}", *problem),
               attr.value.span,
               "`source` names a file inside the twin directory, e.g. \"files/alice.cron\"");
        ok = false;
        continue;
      }
      spec.source = *text;
    } else if (attr.name == "ensure") {
      ensure = &attr;
      const std::string* text = string_attr(attr, sink, "\"absent\"");
      if (!text) {
        ok = false;
        continue;
      }
      if (*text == "absent" || *text == "present") {
        spec.absent = *text == "absent";
      } else {
        auto guess = lang::closest_name(*text, {"present", "absent"});
        report(
            sink, codes::kDiagBadEnsure, fmt::format("invalid ensure value \"{}\"", *text),
            attr.value.span,
            guess ? fmt::format("did you mean \"{}\"?", *guess) : "use \"present\" or \"absent\"");
        ok = false;
      }
    } else if (attr.name == "sensitive") {
      if (!attr.value.is_bool()) {
        report(sink, codes::kDiagWrongType,
               fmt::format("attribute `sensitive` must be a bool, not {}", attr.value.type_name()),
               attr.value.span, "write `sensitive = true`");
        ok = false;
        continue;
      }
      spec.sensitive = attr.value.as_bool();
    } else if (engine::is_metaparameter(attr.name)) {
      continue;  // ordering and risk: the engine's, checked by the type checker
    } else {
      auto guess = lang::closest_name(attr.name, {"content", "source", "ensure", "sensitive"});
      report(sink, codes::kDiagUnknownAttribute,
             fmt::format("unknown attribute `{}` for a crontab", attr.name), attr.name_span,
             guess ? fmt::format("did you mean `{}`?", *guess)
                   : "a crontab accepts: content, source, ensure, sensitive and entry blocks");
      ok = false;
    }
  }
  bool has_entries = !resource.children.empty();
  if (has_entries) {
    if (!check_entries(resource, sink)) ok = false;
    spec.text = render_crontab_entries(resource);
  }

  // At most one way to say what the crontab holds.
  std::vector<std::pair<std::string, lang::Span>> sources;
  if (content) sources.emplace_back("`content`", content->name_span);
  if (source) sources.emplace_back("`source`", source->name_span);
  if (has_entries) sources.emplace_back("`entry` blocks", resource.children.front().type_span);
  if (sources.size() > 1) {
    report(sink, codes::kDiagConflict,
           fmt::format("a crontab takes {} or {}, not both", sources[0].first, sources[1].first),
           sources[1].second, "keep one way of writing the crontab");
    ok = false;
  }
  if (spec.absent && !sources.empty()) {
    report(sink, codes::kDiagConflict,
           fmt::format("{} has no meaning with ensure = \"absent\"", sources[0].first),
           sources[0].second, "remove it, or remove ensure = \"absent\"");
    ok = false;
  }
  if (!spec.absent && sources.empty() && ok) {
    report(sink, codes::kDiagConflict, "a crontab needs `content`, `source` or `entry` blocks",
           ensure ? ensure->value.span : resource.title_span,
           "write its lines in `content`, or use ensure = \"absent\" to remove it");
    ok = false;
  }
  if (!ok) return std::nullopt;
  return spec;
}

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
    report(sink, codes::kDiagBadSource, text.error().message, attr->value.span,
           "the path is relative to the twin directory");
    return;
  }
  for (const auto& p : check_crontab_text(*text))
    report(sink, codes::kDiagBadLine,
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
