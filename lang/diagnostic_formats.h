// Diagnostics for machines: JSON for scripts, GitHub Actions workflow
// commands (annotations on pull requests), and SARIF 2.1.0 for code-scanning
// tools. The text format for people is render_text() in lang/diagnostic.h.
//
// Lines are 1-based. The machine formats count columns in Unicode code
// points (what editors show; SARIF's "unicodeCodePoints"), where
// render_text() counts bytes. End columns are exclusive (the column just
// after the span) in JSON and SARIF, inclusive (the last character) in
// GitHub annotations.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lang/diagnostic.h"

namespace twin::lang {

enum class OutputFormat { kText, kJson, kGithub, kSarif };

/// "text", "json", "github", "sarif" -> the format; nullopt otherwise.
std::optional<OutputFormat> parse_output_format(std::string_view name);

/// A JSON array with one object per diagnostic:
///   {"severity": "error"|"warning"|"note", "code", "message",
///    "file", "line", "column", "end_line", "end_column",  (null without a span)
///    "hint" (null when empty), "notes": [...],
///    "related": [{"message", "file", "line", "column", "end_line", "end_column"}]}
/// Pretty-printed, ending in a newline.
std::string render_json(const std::vector<Diagnostic>& diagnostics);

/// One workflow command per diagnostic, each ending in a newline:
///   ::error file=PREFIXstate/a.twin,line=3,endLine=3,col=9,endColumn=14,title=E0205::MESSAGE
/// (::warning for warnings, ::notice for notes). The message carries the
/// hint and notes on further lines. `path_prefix` is put before each file
/// relative file name so that it is relative to the repository root
/// (e.g. "infra/").
/// Escapes '%', CR and LF everywhere, and ':' and ',' in properties, as
/// GitHub documents.
///
/// GitHub shows at most 10 annotations of each kind per step (and 50 per
/// job): past `per_kind` of a kind the rest are left out, and a last
/// notice says how many, pointing at the job summary
/// (render_markdown_summary) that lists them all.
inline constexpr std::size_t kGithubAnnotationsPerKind = 10;
std::string render_github(const std::vector<Diagnostic>& diagnostics,
                          std::string_view path_prefix = {},
                          std::size_t per_kind = kGithubAnnotationsPerKind);

/// Every diagnostic as a Markdown table for $GITHUB_STEP_SUMMARY: a heading
/// with the counts, then severity, `FILE:LINE:COL`, code and the message
/// (hint and notes on further lines of the cell).
std::string render_markdown_summary(const std::vector<Diagnostic>& diagnostics,
                                    std::string_view path_prefix = {});

/// Who produced a SARIF log.
struct SarifRule {
  std::string short_description;  // one line
  std::string full_description;
};

struct SarifTool {
  std::string name = "twin";
  std::string version;
  std::string information_uri;  // omitted when empty
  /// When set, an absolute file:// URI of the twin directory (ending in
  /// '/'): artifact URIs are relative to it through the base id "TWINROOT".
  std::string twin_root_uri;
  /// What each code means (lang/codes.md): the rules' descriptions. A code
  /// not listed is described by its first finding's message.
  std::map<std::string, SarifRule> rules;
};

/// A SARIF 2.1.0 log with one run: tool.driver with a rule for each code
/// that occurs (id, name, descriptions, help, default level, tags), and one
/// result per diagnostic (ruleId, level, message, location,
/// relatedLocations, and partialFingerprints: a hash of the code, the file,
/// the text of the finding's line and the message, so code scanning follows
/// a finding when lines above it move). Pretty-printed, ending in a newline.
std::string render_sarif(const std::vector<Diagnostic>& diagnostics, const SarifTool& tool);

}  // namespace twin::lang
