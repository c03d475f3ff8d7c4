// The machine renderings of diagnostics: JSON, GitHub workflow commands and
// SARIF, each against a golden expected text.
#include "lang/diagnostic_formats.h"

#include <gtest/gtest.h>

#include <sstream>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace twin::lang {
namespace {

// Line 2 holds a two-byte character before the span, so byte and
// code-point columns differ there.
const char kManifest[] =
    "file \"/etc/motd\" {\n"
    "  content = \"é\" mode = \"0999\"\n"
    "}\n";

Span span_of(const SourcePtr& file, std::string_view text) {
  std::size_t at = file->text().find(text);
  return Span{file, at, at + text.size()};
}

std::vector<Diagnostic> sample_diagnostics() {
  SourcePtr file = make_source("state/a.twin", kManifest);
  Diagnostic mode;
  mode.code = "E0206";
  mode.message = "invalid mode \"0999\": '9' is not an octal digit";
  mode.span = span_of(file, "\"0999\"");
  mode.hint = "a mode is 3 or 4 octal digits in a string, e.g. \"0644\"";
  Diagnostic conflict;
  conflict.code = "E0208";
  conflict.message = "100% wrong, a: b";
  conflict.span = span_of(file, "mode");
  conflict.related.push_back({span_of(file, "content"), "the other one is here"});
  Diagnostic risky;
  risky.severity = Severity::kWarning;
  risky.code = "W0303";
  risky.message = "risky change";
  risky.span = span_of(file, "\"/etc/motd\"");
  risky.notes.push_back("be careful");
  Diagnostic nowhere;
  nowhere.severity = Severity::kNote;
  nowhere.message = "no location";
  return {mode, conflict, risky, nowhere};
}

TEST(DiagnosticFormats, ParsesFormatNames) {
  EXPECT_EQ(parse_output_format("text"), OutputFormat::kText);
  EXPECT_EQ(parse_output_format("json"), OutputFormat::kJson);
  EXPECT_EQ(parse_output_format("github"), OutputFormat::kGithub);
  EXPECT_EQ(parse_output_format("sarif"), OutputFormat::kSarif);
  EXPECT_EQ(parse_output_format("xml"), std::nullopt);
}

TEST(DiagnosticFormats, Json) {
  EXPECT_EQ(render_json(sample_diagnostics()),
            R"([
  {
    "code": "E0206",
    "column": 24,
    "end_column": 30,
    "end_line": 2,
    "file": "state/a.twin",
    "hint": "a mode is 3 or 4 octal digits in a string, e.g. \"0644\"",
    "line": 2,
    "message": "invalid mode \"0999\": '9' is not an octal digit",
    "notes": [],
    "related": [],
    "severity": "error"
  },
  {
    "code": "E0208",
    "column": 17,
    "end_column": 21,
    "end_line": 2,
    "file": "state/a.twin",
    "hint": null,
    "line": 2,
    "message": "100% wrong, a: b",
    "notes": [],
    "related": [
      {
        "column": 3,
        "end_column": 10,
        "end_line": 2,
        "file": "state/a.twin",
        "line": 2,
        "message": "the other one is here"
      }
    ],
    "severity": "error"
  },
  {
    "code": "W0303",
    "column": 6,
    "end_column": 17,
    "end_line": 1,
    "file": "state/a.twin",
    "hint": null,
    "line": 1,
    "message": "risky change",
    "notes": [
      "be careful"
    ],
    "related": [],
    "severity": "warning"
  },
  {
    "code": "",
    "column": null,
    "end_column": null,
    "end_line": null,
    "file": null,
    "hint": null,
    "line": null,
    "message": "no location",
    "notes": [],
    "related": [],
    "severity": "note"
  }
]
)");
}

TEST(DiagnosticFormats, JsonOfNothingIsAnEmptyArray) { EXPECT_EQ(render_json({}), "[]\n"); }

TEST(DiagnosticFormats, Github) {
  EXPECT_EQ(render_github(sample_diagnostics(), "infra/"),
            "::error file=infra/state/a.twin,line=2,endLine=2,col=24,endColumn=29,title=E0206::"
            "invalid mode \"0999\": '9' is not an octal digit%0Ahelp: a mode is 3 or 4 octal "
            "digits in a string, e.g. \"0644\"\n"
            "::error file=infra/state/a.twin,line=2,endLine=2,col=17,endColumn=20,title=E0208::"
            "100%25 wrong, a: b\n"
            "::warning file=infra/state/a.twin,line=1,endLine=1,col=6,endColumn=16,title=W0303::"
            "risky change%0Anote: be careful\n"
            "::notice ::no location\n");
}

TEST(DiagnosticFormats, GithubEscapesProperties) {
  Diagnostic d;
  d.code = "E:1,2";
  d.message = "line one\r\nline two";
  d.span = Span{make_source("a,b:c%.twin", "x\n"), 0, 1};
  EXPECT_EQ(render_github({d}),
            "::error file=a%2Cb%3Ac%25.twin,line=1,endLine=1,col=1,endColumn=1,"
            "title=E%3A1%2C2::line one%0D%0Aline two\n");
}

TEST(DiagnosticFormats, GithubLeavesAbsolutePathsAlone) {
  Diagnostic d;
  d.code = "E0001";
  d.message = "m";
  d.span = Span{make_source("/srv/twin/state/a.twin", "x\n"), 0, 1};
  EXPECT_EQ(render_github({d}, "infra/"),
            "::error file=/srv/twin/state/a.twin,line=1,endLine=1,col=1,endColumn=1,"
            "title=E0001::m\n");
}

TEST(DiagnosticFormats, Sarif) {
  SarifTool tool;
  tool.version = "0.1.0";
  tool.twin_root_uri = "file:///srv/twin/";
  std::vector<Diagnostic> diagnostics = sample_diagnostics();
  diagnostics.resize(2);
  tool.rules["E0206"] = {"value not in its format", "value or title not in its format: mode, path"};
  EXPECT_EQ(render_sarif(diagnostics, tool), R"({
  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
  "runs": [
    {
      "columnKind": "unicodeCodePoints",
      "originalUriBaseIds": {
        "TWINROOT": {
          "uri": "file:///srv/twin/"
        }
      },
      "results": [
        {
          "level": "error",
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "state/a.twin",
                  "uriBaseId": "TWINROOT"
                },
                "region": {
                  "endColumn": 30,
                  "endLine": 2,
                  "startColumn": 24,
                  "startLine": 2
                }
              }
            }
          ],
          "message": {
            "text": "invalid mode \"0999\": '9' is not an octal digit\nhelp: a mode is 3 or 4 octal digits in a string, e.g. \"0644\""
          },
          "partialFingerprints": {
            "twinFinding/v1": "c0bef80490441fb811bacf31d7c57925"
          },
          "ruleId": "E0206",
          "ruleIndex": 0
        },
        {
          "level": "error",
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "state/a.twin",
                  "uriBaseId": "TWINROOT"
                },
                "region": {
                  "endColumn": 21,
                  "endLine": 2,
                  "startColumn": 17,
                  "startLine": 2
                }
              }
            }
          ],
          "message": {
            "text": "100% wrong, a: b"
          },
          "partialFingerprints": {
            "twinFinding/v1": "9ee4fad2a0befff750c230f8880e0fdc"
          },
          "relatedLocations": [
            {
              "id": 0,
              "message": {
                "text": "the other one is here"
              },
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "state/a.twin",
                  "uriBaseId": "TWINROOT"
                },
                "region": {
                  "endColumn": 10,
                  "endLine": 2,
                  "startColumn": 3,
                  "startLine": 2
                }
              }
            }
          ],
          "ruleId": "E0208",
          "ruleIndex": 1
        }
      ],
      "tool": {
        "driver": {
          "name": "twin",
          "rules": [
            {
              "defaultConfiguration": {
                "level": "error"
              },
              "fullDescription": {
                "text": "value or title not in its format: mode, path"
              },
              "help": {
                "text": "value or title not in its format: mode, path (see lang/codes.md and SPEC.md of TwinSync++)."
              },
              "id": "E0206",
              "name": "E0206",
              "properties": {
                "tags": [
                  "twin"
                ]
              },
              "shortDescription": {
                "text": "value not in its format"
              }
            },
            {
              "defaultConfiguration": {
                "level": "error"
              },
              "fullDescription": {
                "text": "100% wrong, a: b"
              },
              "help": {
                "text": "100% wrong, a: b (see lang/codes.md and SPEC.md of TwinSync++)."
              },
              "id": "E0208",
              "name": "E0208",
              "properties": {
                "tags": [
                  "twin"
                ]
              },
              "shortDescription": {
                "text": "100% wrong, a: b"
              }
            }
          ],
          "version": "0.1.0"
        }
      }
    }
  ],
  "version": "2.1.0"
}
)");
}

// What a SARIF consumer relies on, checked structurally.
TEST(DiagnosticFormats, SarifStructure) {
  nlohmann::json log = nlohmann::json::parse(render_sarif(sample_diagnostics(), SarifTool{}));
  EXPECT_EQ(log["version"], "2.1.0");
  EXPECT_EQ(log["$schema"], "https://json.schemastore.org/sarif-2.1.0.json");
  ASSERT_EQ(log["runs"].size(), 1u);
  const auto& run = log["runs"][0];
  EXPECT_EQ(run["tool"]["driver"]["name"], "twin");
  EXPECT_FALSE(run.contains("originalUriBaseIds"));
  const auto& rules = run["tool"]["driver"]["rules"];
  ASSERT_EQ(rules.size(), 4u);  // E0206, E0208, W0303 and "twin" for the code-less note
  EXPECT_EQ(rules[2]["id"], "W0303");
  EXPECT_EQ(rules[2]["defaultConfiguration"]["level"], "warning");
  const auto& results = run["results"];
  ASSERT_EQ(results.size(), 4u);
  for (std::size_t i = 0; i < results.size(); ++i) {
    EXPECT_EQ(rules[results[i]["ruleIndex"].get<std::size_t>()]["id"], results[i]["ruleId"]);
    EXPECT_TRUE(results[i]["message"]["text"].is_string());
  }
  EXPECT_EQ(results[2]["level"], "warning");
  EXPECT_EQ(results[2]["message"]["text"], "risky change\nnote: be careful");
  EXPECT_EQ(results[3]["level"], "note");
  EXPECT_FALSE(results[3].contains("locations"));
  EXPECT_FALSE(results[0]["locations"][0]["physicalLocation"]["artifactLocation"].contains(
      "uriBaseId"));
}

TEST(DiagnosticFormats, SarifEncodesUris) {
  Diagnostic d;
  d.code = "E0001";
  d.message = "m";
  d.span = Span{make_source("state/my file#1.twin", "x\n"), 0, 1};
  nlohmann::json log = nlohmann::json::parse(render_sarif({d}, SarifTool{}));
  EXPECT_EQ(log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
               ["uri"],
            "state/my%20file%231.twin");
}

TEST(DiagnosticFormats, InvalidUtf8InMessagesDoesNotThrow) {
  Diagnostic d;
  d.code = "E0001";
  d.message = "bad \xff byte";
  EXPECT_NE(render_json({d}).find("bad \xEF\xBF\xBD byte"), std::string::npos);
  EXPECT_NE(render_sarif({d}, SarifTool{}).find("bad \xEF\xBF\xBD byte"), std::string::npos);
}

}  // namespace
}  // namespace twin::lang

namespace twin::lang {
namespace {

// GitHub shows ten annotations of a kind per step: the rest are left out
// and one notice says how many, pointing at the job summary.
TEST(DiagnosticFormats, GithubStopsAtWhatGithubShowsAndSaysHowManyMore) {
  SourcePtr file = make_source("state/a.twin", kManifest);
  std::vector<Diagnostic> many;
  for (int i = 0; i < 12; ++i) {
    Diagnostic d;
    d.code = "E0206";
    d.message = "error " + std::to_string(i);
    d.span = span_of(file, "mode");
    many.push_back(d);
  }
  Diagnostic warning = many.front();
  warning.severity = Severity::kWarning;
  many.push_back(warning);
  std::string out = render_github(many);
  std::size_t errors = 0, warnings = 0;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    errors += line.rfind("::error ", 0) == 0;
    warnings += line.rfind("::warning ", 0) == 0;
  }
  EXPECT_EQ(errors, 10u);
  EXPECT_EQ(warnings, 1u);
  EXPECT_NE(out.find("::notice title=twin lint::2 more finding(s) than GitHub shows for one step; "
                     "the job summary lists all 13\n"),
            std::string::npos)
      << out;
  EXPECT_EQ(out.find("error 10"), std::string::npos);
  // Within the limit nothing is left out and nothing is added.
  EXPECT_EQ(render_github({many.front()}).find("more finding"), std::string::npos);
}

TEST(DiagnosticFormats, MarkdownSummaryListsEveryFindingInOneRowEach) {
  std::vector<Diagnostic> all = sample_diagnostics();
  all[1].message = "a | b <script>";
  std::string md = render_markdown_summary(all, "infra/");
  EXPECT_EQ(md.rfind("### twin lint: 2 error(s), 1 warning(s)\n\n| | Location | Code | Message |\n"
                     "|---|---|---|---|\n",
                     0),
            0u)
      << md;
  EXPECT_NE(md.find("| error | infra/state/a.twin:2:24 | E0206 | invalid mode \"0999\": '9' is not "
                    "an octal digit<br>help: a mode is 3 or 4 octal digits"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("a \\| b &lt;script&gt;"), std::string::npos) << md;
  EXPECT_NE(md.find("| note |  |  | no location |"), std::string::npos) << md;
  EXPECT_EQ(render_markdown_summary({}), "### twin lint: 0 error(s), 0 warning(s)\n\nNo problems.\n");
}

// A finding keeps its fingerprint when lines above it move, and changes it
// when its own line or message does.
TEST(DiagnosticFormats, SarifFingerprintsFollowTheFindingNotItsLineNumber) {
  auto fingerprint = [](const std::string& text, const std::string& message) {
    SourcePtr file = make_source("state/a.twin", text);
    Diagnostic d;
    d.code = "E0206";
    d.message = message;
    d.span = span_of(file, "\"0999\"");
    auto log = nlohmann::json::parse(render_sarif({d}, SarifTool{}));
    return log["runs"][0]["results"][0]["partialFingerprints"]["twinFinding/v1"].get<std::string>();
  };
  std::string base = fingerprint(kManifest, "bad mode");
  EXPECT_EQ(base, fingerprint(std::string("# a comment\n\n") + kManifest, "bad mode"));
  EXPECT_NE(base, fingerprint(kManifest, "another message"));
  EXPECT_NE(base, fingerprint("file \"/etc/motd\" {\n  mode = \"0999\"\n}\n", "bad mode"));
}

}  // namespace
}  // namespace twin::lang
