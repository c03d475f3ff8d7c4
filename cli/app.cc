#include "cli/app.h"

#include <CLI/CLI.hpp>

#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include "cli/exit_code.h"
#include "cli/fmt_command.h"
#include "cli/lint_command.h"
#include "cli/reconcile_command.h"
#include "cli/version.h"

namespace twin::cli {
namespace {

/// Options of every command, filled by CLI11 while parsing.
struct Options {
  PlanOptions plan;
  ApplyOptions apply;
  bool dry_run = false;
  LintOptions lint;
  FmtOptions fmt;
  std::string help_topic;
};

/// One row per command: how `twin help` lists it, its flags, what it runs.
struct CommandSpec {
  std::string name;
  std::string summary;
  std::function<void(CLI::App&, Options&)> add_flags;
  std::function<int(const Options&)> run;
};

void add_target_flags(CLI::App& cmd, TargetOptions& t) {
  cmd.add_option("--twin", t.twin_dir, "The twin directory (default: current directory)");
  cmd.add_option("--root", t.root, "Target root: / or a sandbox directory")->capture_default_str();
}

void add_plan_flags(CLI::App& cmd, Options& o) {
  add_target_flags(cmd, o.plan.target);
  cmd.add_flag("--json", o.plan.json, "Print the plan as JSON (schema in SPEC.md)");
  cmd.add_flag("--summary", o.plan.summary, "One line per step, without diffs");
  cmd.add_option("--out", o.plan.out, "Also save the plan to FILE, for `twin apply FILE`");
}

void add_apply_flags(CLI::App& cmd, Options& o) {
  add_target_flags(cmd, o.apply.target);
  cmd.add_flag("-y,--yes", o.apply.yes, "Apply without asking (required when not on a terminal)");
  cmd.add_flag("--atomic,!--no-atomic", o.apply.atomic,
               "On a failure, roll back every change (default); --no-atomic keeps what succeeded "
               "and skips what depends on the failure");
}

const std::vector<CommandSpec>& commands() {
  static const std::vector<CommandSpec> kCommands = {
      {"plan", "Show what would change on the machine (a dry run); exit 2 if anything would",
       add_plan_flags, [](const Options& o) { return run_plan(o.plan); }},
      {"apply", "Show the plan, ask, and apply it with rollback; or apply a saved plan FILE",
       [](CLI::App& cmd, Options& o) {
         add_apply_flags(cmd, o);
         cmd.add_option("plan", o.apply.plan_file, "A plan saved by `twin plan --out FILE`");
       },
       [](const Options& o) { return run_apply(o.apply); }},
      {"reconcile", "Plan and apply in one go; --dry-run only plans",
       [](CLI::App& cmd, Options& o) {
         add_apply_flags(cmd, o);
         cmd.add_flag("-n,--dry-run", o.dry_run, "Only show the plan (same as `twin plan`)");
       },
       [](const Options& o) {
         return o.dry_run ? run_plan({.target = o.apply.target}) : run_apply(o.apply);
       }},
      {"lint", "Check the manifests without changing anything (for CI); exit 1 on errors",
       [](CLI::App& cmd, Options& o) {
         add_target_flags(cmd, o.lint.target);
         cmd.add_option("paths", o.lint.paths, "Manifests or directories (default: state/*.twin)");
         cmd.add_option("--format", o.lint.format, "text, json, github (annotations) or sarif")
             ->check(CLI::IsMember({"text", "json", "github", "sarif"}))
             ->capture_default_str();
         cmd.add_flag("--strict", o.lint.strict, "Fail (exit 1) on warnings too");
       },
       [](const Options& o) { return run_lint(o.lint); }},
      {"fmt", "Rewrite .twin files in the canonical layout; --check lists them and exits 1",
       [](CLI::App& cmd, Options& o) {
         cmd.add_option("paths", o.fmt.paths, "Files or directories (default: .)");
         cmd.add_flag("--check", o.fmt.check, "Change nothing; list unformatted files (for CI)");
       },
       [](const Options& o) { return run_fmt(o.fmt); }},
  };
  return kCommands;
}

std::string overview() {
  std::string text =
      "twin " TWIN_VERSION " - keep a digital twin of this machine in Git, and apply it back.\n\n"
      "Usage: twin COMMAND [OPTIONS]\n\nCommands:\n";
  for (const auto& c : commands()) text += "  " + c.name + std::string(12 - c.name.size(), ' ') + c.summary + "\n";
  text += "  help        Show this help, or a command's: twin help COMMAND\n";
  text += "\nExit codes: 0 success or no changes, 1 error, 2 changes pending (plan).\n";
  return text;
}

}  // namespace

int run(int argc, char** argv) {
  CLI::App app{"twin - digital twin of a machine", "twin"};
  app.set_version_flag("--version", "twin " TWIN_VERSION);
  app.require_subcommand(0, 1);
  app.set_help_flag("-h,--help", "Show help");

  Options options;
  std::vector<std::pair<CLI::App*, const CommandSpec*>> subcommands;
  for (const auto& spec : commands()) {
    CLI::App* cmd = app.add_subcommand(spec.name, spec.summary);
    spec.add_flags(*cmd, options);
    subcommands.emplace_back(cmd, &spec);
  }
  CLI::App* help = app.add_subcommand("help", "Show help for twin or a command");
  help->add_option("command", options.help_topic, "A command name");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << overview();
    return to_int(ExitCode::kOk);
  } catch (const CLI::CallForVersion&) {
    std::cout << "twin " TWIN_VERSION "\n";
    return to_int(ExitCode::kOk);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    std::cerr << "twin: error: " << e.what() << "\nRun `twin help` for usage.\n";
    return to_int(ExitCode::kError);
  }

  if (help->parsed()) {
    if (options.help_topic.empty()) {
      std::cout << overview();
      return to_int(ExitCode::kOk);
    }
    for (auto& [cmd, spec] : subcommands)
      if (spec->name == options.help_topic) {
        std::cout << cmd->help();
        return to_int(ExitCode::kOk);
      }
    std::cerr << "twin: error: no command `" << options.help_topic << "`\n";
    return to_int(ExitCode::kError);
  }
  for (auto& [cmd, spec] : subcommands)
    if (cmd->parsed()) return spec->run(options);

  std::cout << overview();
  return to_int(ExitCode::kOk);
}

}  // namespace twin::cli
