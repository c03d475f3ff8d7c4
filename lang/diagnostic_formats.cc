#include "lang/diagnostic_formats.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "lang/sha256.h"

namespace twin::lang {
namespace {

using nlohmann::json;

// Where a span starts and ends, in lines and code-point columns.
struct Region {
  unsigned line = 0;
  unsigned column = 0;
  unsigned end_line = 0;
  unsigned end_column = 0;  // exclusive
};

unsigned code_point_column(const SourceFile& file, unsigned line, unsigned byte_column) {
  std::string_view text = file.line_text(line);
  std::size_t bytes = std::min<std::size_t>(byte_column - 1, text.size());
  unsigned column = 1;
  for (std::size_t i = 0; i < bytes; ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
  return column;
}

Region region_of(const Span& span) {
  const SourceFile& file = *span.file;
  SourceFile::LineCol begin = file.line_col(span.begin);
  SourceFile::LineCol end = file.line_col(std::max(span.begin, span.end));
  return {begin.line, code_point_column(file, begin.line, begin.column), end.line,
          code_point_column(file, end.line, end.column)};
}

std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kNote: return "note";
  }
  return "error";
}

// The message with the hint and notes, for formats that carry one text.
std::string full_message(const Diagnostic& d) {
  std::string text = d.message;
  for (const std::string& note : d.notes) text += "\nnote: " + note;
  if (!d.hint.empty()) text += "\nhelp: " + d.hint;
  return text;
}

// nlohmann's dump() throws on invalid UTF-8; user text may hold any bytes,
// so they become U+FFFD instead.
std::string dump(const json& j) {
  return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

void put_location(json& out, const Span& span) {
  if (!span.valid()) {
    for (const char* key : {"file", "line", "column", "end_line", "end_column"}) out[key] = nullptr;
    return;
  }
  Region r = region_of(span);
  out["file"] = span.file->path();
  out["line"] = r.line;
  out["column"] = r.column;
  out["end_line"] = r.end_line;
  out["end_column"] = r.end_column;
}

// --- GitHub workflow commands ---------------------------------------------------

std::string escape_data(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else out += c;
  }
  return out;
}

std::string escape_property(std::string_view text) {
  std::string out;
  for (char c : escape_data(text)) {
    if (c == ':') out += "%3A";
    else if (c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

std::string_view github_command(Severity s) {
  switch (s) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kNote: return "notice";
  }
  return "error";
}

// --- SARIF -------------------------------------------------------------------------

std::string_view sarif_level(Severity s) {
  switch (s) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kNote: return "note";
  }
  return "error";
}

// A relative path as a URI reference: unreserved characters and '/' stay,
// every other byte is percent-encoded.
std::string uri_path(std::string_view path) {
  std::string out;
  for (char c : path) {
    auto u = static_cast<unsigned char>(c);
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    out += keep ? std::string(1, c) : fmt::format("%{:02X}", u);
  }
  return out;
}

json sarif_location(const Span& span, const SarifTool& tool) {
  Region r = region_of(span);
  json artifact = {{"uri", uri_path(span.file->path())}};
  if (!tool.twin_root_uri.empty()) artifact["uriBaseId"] = "TWINROOT";
  return {{"physicalLocation",
           {{"artifactLocation", artifact},
            {"region",
             {{"startLine", r.line},
              {"startColumn", r.column},
              {"endLine", r.end_line},
              {"endColumn", r.end_column}}}}}};
}

// A rule: its descriptions from lang/codes.md (tool.rules), else the first
// finding's message; W03xx are security findings.
json sarif_rule(const std::string& id, const Diagnostic& first, const SarifTool& tool) {
  auto known = tool.rules.find(id);
  std::string full = known != tool.rules.end() ? known->second.full_description : first.message;
  std::string brief = known != tool.rules.end() ? known->second.short_description : first.message;
  json tags = json::array({"twin"});
  if (id.starts_with("W03")) tags.push_back("security");
  return {{"id", id},
          {"name", id},
          {"shortDescription", {{"text", brief}}},
          {"fullDescription", {{"text", full}}},
          {"help", {{"text", full + " (see lang/codes.md and SPEC.md of TwinSync++)."}}},
          {"defaultConfiguration", {{"level", sarif_level(first.severity)}}},
          {"properties", {{"tags", std::move(tags)}}}};
}

// Stable while lines above the finding move: the code, the file, the
// finding's line text without its indentation, and the message.
std::string finding_fingerprint(const std::string& id, const Diagnostic& d) {
  std::string key = id + '\0' + d.message;
  if (d.span.valid()) {
    std::string_view line = d.span.file->line_text(region_of(d.span).line);
    std::size_t start = line.find_first_not_of(" \t");
    key += '\0' + d.span.file->path() + '\0' +
           std::string(start == std::string_view::npos ? "" : line.substr(start));
  }
  return sha256_hex(key).substr(0, 32);
}

}  // namespace

std::optional<OutputFormat> parse_output_format(std::string_view name) {
  if (name == "text") return OutputFormat::kText;
  if (name == "json") return OutputFormat::kJson;
  if (name == "github") return OutputFormat::kGithub;
  if (name == "sarif") return OutputFormat::kSarif;
  return std::nullopt;
}

std::string render_json(const std::vector<Diagnostic>& diagnostics) {
  json all = json::array();
  for (const Diagnostic& d : diagnostics) {
    json item;
    item["severity"] = severity_name(d.severity);
    item["code"] = d.code;
    item["message"] = d.message;
    put_location(item, d.span);
    item["hint"] = d.hint.empty() ? json(nullptr) : json(d.hint);
    item["notes"] = d.notes;
    item["related"] = json::array();
    for (const Label& label : d.related) {
      json related = {{"message", label.message}};
      put_location(related, label.span);
      item["related"].push_back(std::move(related));
    }
    all.push_back(std::move(item));
  }
  return dump(all);
}

std::string render_github(const std::vector<Diagnostic>& diagnostics,
                          std::string_view path_prefix, std::size_t per_kind) {
  std::string out;
  std::map<Severity, std::size_t> shown;
  std::size_t left_out = 0;
  for (const Diagnostic& d : diagnostics) {
    // The last notice slot is kept for the line that says what was left out.
    std::size_t limit = d.severity == Severity::kNote && per_kind > 0 ? per_kind - 1 : per_kind;
    if (shown[d.severity] >= limit) {
      ++left_out;
      continue;
    }
    ++shown[d.severity];
    std::vector<std::string> properties;
    if (d.span.valid()) {
      Region r = region_of(d.span);
      const std::string& path = d.span.file->path();
      std::string prefix = path.starts_with('/') ? "" : std::string(path_prefix);
      properties.push_back("file=" + escape_property(prefix + path));
      properties.push_back(fmt::format("line={}", r.line));
      properties.push_back(fmt::format("endLine={}", r.end_line));
      properties.push_back(fmt::format("col={}", r.column));
      // GitHub's end column is the last character; ours is one past it.
      unsigned last = r.end_column > r.column && r.end_line == r.line ? r.end_column - 1 : r.column;
      if (r.end_line == r.line) properties.push_back(fmt::format("endColumn={}", last));
    }
    if (!d.code.empty()) properties.push_back("title=" + escape_property(d.code));
    out += fmt::format("::{} {}::{}\n", github_command(d.severity), fmt::join(properties, ","),
                       escape_data(full_message(d)));
  }
  if (left_out > 0)
    out += fmt::format(
        "::notice title=twin lint::{}\n",
        escape_data(fmt::format("{} more finding(s) than GitHub shows for one step; the job "
                                "summary lists all {}",
                                left_out, diagnostics.size())));
  return out;
}

std::string render_markdown_summary(const std::vector<Diagnostic>& diagnostics,
                                    std::string_view path_prefix) {
  std::size_t errors = 0, warnings = 0;
  for (const Diagnostic& d : diagnostics) {
    errors += d.severity == Severity::kError;
    warnings += d.severity == Severity::kWarning;
  }
  std::string out = fmt::format("### twin lint: {} error(s), {} warning(s)\n\n", errors, warnings);
  if (diagnostics.empty()) return out + "No problems.\n";
  // A cell is one line: '|' would end it and a newline the row.
  auto cell = [](std::string_view text) {
    std::string escaped;
    for (char c : text) {
      if (c == '|') escaped += "\\|";
      else if (c == '\n') escaped += "<br>";
      else if (c == '\r') continue;
      else if (c == '<') escaped += "&lt;";
      else if (c == '>') escaped += "&gt;";
      else if (c == '&') escaped += "&amp;";
      else escaped += c;
    }
    return escaped;
  };
  out += "| | Location | Code | Message |\n|---|---|---|---|\n";
  for (const Diagnostic& d : diagnostics) {
    std::string where;
    if (d.span.valid()) {
      Region r = region_of(d.span);
      const std::string& path = d.span.file->path();
      where = fmt::format("{}{}:{}:{}", path.starts_with('/') ? "" : std::string(path_prefix),
                          path, r.line, r.column);
    }
    out += fmt::format("| {} | {} | {} | {} |\n", severity_name(d.severity), cell(where),
                       cell(d.code), cell(full_message(d)));
  }
  return out;
}

std::string render_sarif(const std::vector<Diagnostic>& diagnostics, const SarifTool& tool) {
  // Rules in order of first occurrence; results point at them by index.
  std::map<std::string, std::size_t> rule_index;
  json rules = json::array();
  json results = json::array();
  for (const Diagnostic& d : diagnostics) {
    std::string id = d.code.empty() ? "twin" : d.code;
    auto [it, inserted] = rule_index.emplace(id, rules.size());
    if (inserted) rules.push_back(sarif_rule(id, d, tool));
    json result = {{"ruleId", id},
                   {"ruleIndex", it->second},
                   {"level", sarif_level(d.severity)},
                   {"message", {{"text", full_message(d)}}}};
    if (d.span.valid()) result["locations"] = json::array({sarif_location(d.span, tool)});
    result["partialFingerprints"] = {{"twinFinding/v1", finding_fingerprint(id, d)}};
    json related = json::array();
    for (const Label& label : d.related) {
      if (!label.span.valid()) continue;
      json location = sarif_location(label.span, tool);
      location["id"] = related.size();
      location["message"] = {{"text", label.message}};
      related.push_back(std::move(location));
    }
    if (!related.empty()) result["relatedLocations"] = std::move(related);
    results.push_back(std::move(result));
  }
  json driver = {{"name", tool.name}, {"rules", std::move(rules)}};
  if (!tool.version.empty()) driver["version"] = tool.version;
  if (!tool.information_uri.empty()) driver["informationUri"] = tool.information_uri;
  json run = {{"tool", {{"driver", std::move(driver)}}},
              {"columnKind", "unicodeCodePoints"},
              {"results", std::move(results)}};
  if (!tool.twin_root_uri.empty())
    run["originalUriBaseIds"] = {{"TWINROOT", {{"uri", tool.twin_root_uri}}}};
  json log = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
              {"version", "2.1.0"},
              {"runs", json::array({std::move(run)})}};
  return dump(log);
}

}  // namespace twin::lang
