#include "resources/crontab_spec.h"

#include <fmt/format.h>

#include <set>

#include "resources/account_names.h"
#include "resources/cron_syntax.h"
#include "resources/crontab_codes.h"

namespace twin::resources {

namespace codes = crontab_codes;

std::string with_final_newline(std::string text) {
  if (!text.empty() && text.back() != '\n') text += '\n';
  return text;
}

namespace {

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

// The attribute's string; null when it is not one. That is the `crontab`
// schema's to report (the checker, E0204): the declaration is only refused.
const std::string* string_attr(const lang::Attribute& attr) {
  return attr.value.is_string() ? &attr.value.as_string() : nullptr;
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
    sink.error(codes::kDiagBadLine, fmt::format("line {} of content: {}", p.line, p.problem.message),
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
      sink.error(codes::kDiagBadEntry, fmt::format("a crontab takes no `{}` block", entry.type),
             entry.type_span,
             "a crontab's blocks are `entry \"NAME\" { schedule = ...  command = ... }`");
      ok = false;
      continue;
    }
    if (entry.title.empty() ||
        entry.title.find_first_of(std::string_view("\n\r\0", 3)) != std::string::npos) {
      sink.error(codes::kDiagBadEntry, "an entry name must be one non-empty line",
             entry.title_span, "name the job, e.g. entry \"backup\"");
      ok = false;
    } else if (!names.insert(entry.title).second) {
      sink.error(codes::kDiagBadEntry, fmt::format("duplicate entry \"{}\"", entry.title),
             entry.title_span, "give each entry its own name");
      ok = false;
    }
    const lang::Attribute* schedule = nullptr;
    const lang::Attribute* command = nullptr;
    for (const auto& attr : entry.attributes) {
      if (attr.name == "schedule") {
        schedule = &attr;
        const std::string* text = string_attr(attr);
        if (!text) {
          ok = false;
          continue;
        }
        if (auto p = check_schedule(*text)) {
          sink.error(codes::kDiagBadSchedule, fmt::format("invalid schedule: {}", p->message),
                 span_within(attr.value, *text, p->offset, p->length), p->hint);
          ok = false;
        }
      } else if (attr.name == "command") {
        command = &attr;
        const std::string* text = string_attr(attr);
        if (!text) {
          ok = false;
          continue;
        }
        if (auto p = check_command(*text)) {
          sink.error(codes::kDiagBadCommand, fmt::format("invalid command: {}", p->message),
                 attr.value.span, p->hint);
          ok = false;
        } else if (has_unescaped_percent(*text)) {
          sink.warning(codes::kDiagPercent,
                       "cron turns `%` in a command into a newline and sends the rest to its stdin",
                       attr.value.span,
                       "for a literal percent sign cron needs `\\%`: write `\\\\%` in the "
                       "manifest's string");
        }
      }  // other names: the schema's (E0203), reported by the checker
    }
    for (const auto& [attr, name] :
         {std::pair{schedule, "schedule"}, std::pair{command, "command"}}) {
      if (attr) continue;
      sink.error(codes::kDiagBadEntry, fmt::format("entry \"{}\" has no `{}`", entry.title, name),
             entry.title_span,
             "an entry needs both, e.g. schedule = \"0 3 * * *\"  command = \"/usr/bin/backup\"");
      ok = false;
    }
    for (const auto& nested : entry.children) {
      sink.error(codes::kDiagBadEntry, fmt::format("an entry takes no `{}` block", nested.type),
             nested.type_span);
      ok = false;
    }
  }
  return ok;
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
    sink.error(codes::kDiagBadUser, fmt::format("invalid user name \"{}\"", resource.title),
           resource.title_span,
           "a user name is lower-case letters, digits, '_' and '-', starting with a letter or "
           "'_', at most 32 bytes");
    ok = false;
  } else if (!accounts.resolve_user(resource.title)) {
    sink.error(codes::kDiagUnknownUser,
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
      if (!string_attr(attr)) {
        ok = false;
        continue;
      }
      if (!check_content(attr, sink)) ok = false;
      spec.text = with_final_newline(attr.value.as_string());
    } else if (attr.name == "source") {
      source = &attr;
      const std::string* text = string_attr(attr);
      if (!text) {
        ok = false;
        continue;
      }
      if (auto problem = source_path_problem(*text)) {
        sink.error(codes::kDiagBadSource, fmt::format("invalid source path: {}", *problem),
               attr.value.span,
               "`source` names a file inside the twin directory, e.g. \"files/alice.cron\"");
        ok = false;
        continue;
      }
      spec.source = *text;
    } else if (attr.name == "ensure") {
      ensure = &attr;
      const std::string* text = string_attr(attr);
      if (!text) {
        ok = false;
        continue;
      }
      if (*text == "absent" || *text == "present")
        spec.absent = *text == "absent";
      else
        ok = false;  // not in the schema's enum: the checker says so (E0205)
    } else if (attr.name == "sensitive") {
      if (attr.value.is_bool()) spec.sensitive = attr.value.as_bool();
      else ok = false;  // the schema's type: the checker says so (E0204)
    }
    // Other names are the schema's (E0203) or metaparameters: the checker's.
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
    sink.error(codes::kDiagConflict,
           fmt::format("a crontab takes {} or {}, not both", sources[0].first, sources[1].first),
           sources[1].second, "keep one way of writing the crontab");
    ok = false;
  }
  if (spec.absent && !sources.empty()) {
    sink.error(codes::kDiagConflict,
           fmt::format("{} has no meaning with ensure = \"absent\"", sources[0].first),
           sources[0].second, "remove it, or remove ensure = \"absent\"");
    ok = false;
  }
  if (!spec.absent && sources.empty() && ok) {
    sink.error(codes::kDiagConflict, "a crontab needs `content`, `source` or `entry` blocks",
           ensure ? ensure->value.span : resource.title_span,
           "write its lines in `content`, or use ensure = \"absent\" to remove it");
    ok = false;
  }
  if (!ok) return std::nullopt;
  return spec;
}

}  // namespace twin::resources
