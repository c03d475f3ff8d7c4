#include "cli/app.h"

#include <CLI/CLI.hpp>

#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include "cli/agent_command.h"
#include "cli/check_deps_command.h"
#include "cli/checkpoints_command.h"
#include "cli/command_tree.h"
#include "cli/completion.h"
#include "cli/config_command.h"
#include "cli/config_fs_command.h"
#include "cli/diff_command.h"
#include "cli/exit_code.h"
#include "cli/fmt_command.h"
#include "cli/graph_command.h"
#include "cli/history_command.h"
#include "cli/init_command.h"
#include "cli/lint_command.h"
#include "cli/logs_command.h"
#include "cli/man_page.h"
#include "cli/menu_command.h"
#include "cli/modules_command.h"
#include "cli/reconcile_command.h"
#include "cli/remote_command.h"
#include "cli/rollback_command.h"
#include "cli/setup_github_command.h"
#include "cli/snapshot_command.h"
#include "cli/status_command.h"
#include "cli/sync_command.h"
#include "cli/terminal.h"
#include "cli/time_machine_command.h"
#include "cli/usage_error.h"
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
  GraphOptions graph;
  StatusOptions status;
  CheckpointsOptions checkpoints;
  RollbackOptions rollback;
  RemoteOptions remote;
  PushOptions push;
  PullOptions pull;
  SetupGithubOptions setup_github;
  MenuOptions menu;
  ModulesOptions modules;
  AgentOptions agent;
  InitOptions init;
  SnapshotOptions snapshot;
  HistoryOptions history;
  ResetOptions reset;
  TimeMachineOptions time_machine;
  DiffOptions diff;
  LogsOptions logs;
  ConfigOptions config;
  ConfigFsOptions config_fs;
  CheckDepsOptions check_deps;
  std::string help_topic;
  std::string completion_shell;  // completion: bash or zsh
  std::string man_dir;           // man-page: where the pages go
};

/// One row per command: how `twin help` lists it, its flags, what it runs.
struct CommandSpec {
  std::string name;
  std::string summary;
  std::function<void(CLI::App&, Options&)> add_flags;
  std::function<int(const Options&)> run;
};

void add_target_flags(CLI::App& cmd, TargetOptions& t) {
  cmd.add_option("--twin", t.twin_dir,
                 "The twin (default: here or a parent, else the remembered one)");
  cmd.add_option("--root", t.root,
                 "Target root: / or a sandbox directory (default: the root the twin records, "
                 "else /)");
  cmd.add_flag("--other-machine", t.other_machine,
               "Use the twin on a root or machine other than the one it records");
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
  cmd.add_flag("--resume", o.apply.resume,
               "Continue an apply that was interrupted (killed), in its own checkpoint");
  cmd.add_option("--timeout", o.apply.timeout,
                 "Seconds to wait when another apply is changing the same root (from any twin); "
                 "default 0: refuse at once");
  cmd.add_flag("-q,--quiet", o.apply.quiet,
               "No progress lines (a terminal shows the running step on one line, a pipe one "
               "line per step); with --yes not the plan either");
  cmd.add_option("--approve-risky", o.apply.approve_risky,
                 "Approve the risky changes of the plan with this fingerprint (`twin plan` "
                 "prints it); without it `twin apply` asks for each on a terminal");
}

const std::vector<CommandSpec>& commands() {
  static const std::vector<CommandSpec> kCommands = {
      {"init", "Create a twin (default ~/twinsync-device), remember it, take the first snapshot",
       [](CLI::App& cmd, Options& o) {
         cmd.add_option("dir", o.init.dir, "Where (default: $TWIN_DIR or ~/twinsync-device)");
         cmd.add_option("--twin", o.init.twin_dir, "The same as DIR");
         cmd.add_option("--root", o.init.root, "Target root to snapshot")->capture_default_str();
         cmd.add_option("--device", o.init.device, "The device name (default: the hostname)");
         cmd.add_flag("--no-snapshot", o.init.no_snapshot, "Only lay out and commit the twin");
       },
       [](const Options& o) { return run_init(o.init); }},
      {"snapshot", "Record the machine in the twin (files, packages, services, crontabs, accounts, logs) "
                   "and commit; alias snap",
       [](CLI::App& cmd, Options& o) {
         cmd.alias("snap");
         cmd.add_option("--twin", o.snapshot.twin_dir, "The twin (default: here, or the remembered one)");
         cmd.add_option("--root", o.snapshot.root,
                        "Target root: / or a sandbox directory (default: the root the twin "
                        "records, else /)");
         cmd.add_flag("--other-machine", o.snapshot.other_machine,
                      "Snapshot a root or machine other than the one the twin records");
         cmd.add_option("-m,--message", o.snapshot.message, "Added to the commit message");
         cmd.add_flag("--force", o.snapshot.force,
                      "Overwrite edits not applied yet (they are committed first)");
         cmd.add_flag("--no-push", o.snapshot.no_push,
                      "Do not push, even when the twin has a remote");
         cmd.add_flag("-q,--quiet", o.snapshot.quiet,
                      "No progress (a terminal shows what is being read on one line); only the "
                      "outcome, warnings and errors");
       },
       [](const Options& o) { return run_snapshot(o.snapshot); }},
      {"history", "The twin's commits (snapshots, resets, edits), newest first",
       [](CLI::App& cmd, Options& o) {
         cmd.add_option("--twin", o.history.twin_dir, "The twin (default: here, or the remembered one)");
         cmd.add_option("-n,--limit", o.history.limit, "At most this many (0: all)")->capture_default_str();
         cmd.add_flag("--json", o.history.json, "The commits as JSON (schema in SPEC.md)");
       },
       [](const Options& o) { return run_history(o.history); }},
      {"reset", "Bring the twin's files back to commit ID as a new commit; --undo takes it back",
       [](CLI::App& cmd, Options& o) {
         cmd.add_option("id", o.reset.id, "A commit id from `twin history` (4+ hex digits) or HEAD~N");
         cmd.add_option("--twin", o.reset.twin_dir, "The twin (default: here, or the remembered one)");
         cmd.add_flag("--undo", o.reset.undo, "Take back the latest reset");
         cmd.add_flag("-y,--yes", o.reset.yes, "Do not ask (required when not on a terminal)");
         cmd.add_flag("--force", o.reset.force, "Commit uncommitted edits first instead of refusing");
       },
       [](const Options& o) { return run_reset(o.reset); }},
      {"time-machine", "Reset the twin to a commit (asks); without one, list the last 20 to "
                       "pick from; --undo takes a reset back",
       [](CLI::App& cmd, Options& o) {
         auto& t = o.time_machine;
         cmd.add_option("rev", t.id, "A commit id from `twin history` (4+ hex digits) or HEAD~N");
         cmd.add_option("--commit", t.commit, "The same as REV");
         cmd.add_option("--twin", t.twin_dir, "The twin (default: here, or the remembered one)");
         cmd.add_flag("--undo", t.undo, "Take back the latest reset");
         cmd.add_flag("-y,--yes", t.yes, "Do not ask (required when not on a terminal)");
         cmd.add_flag("--force", t.force, "Commit uncommitted edits first instead of refusing");
       },
       [](const Options& o) { return run_time_machine(o.time_machine); }},
      {"diff", "What changed in the twin: REV (default HEAD) to the working tree, or REV1 to "
               "REV2; --stat for counts",
       [](CLI::App& cmd, Options& o) {
         cmd.add_option("args", o.diff.args,
                        "REV [REV2] [PATH...]: commits (4+ hex digits, HEAD~N), then paths; "
                        "paths after `--` are always paths");
         cmd.add_option("--twin", o.diff.twin_dir, "The twin (default: here, or the remembered one)");
         cmd.add_flag("--stat", o.diff.stat, "Only the changed files with their line counts");
         cmd.add_flag("--exit-code", o.diff.exit_code, "Exit 2 when there are differences");
       },
       [](const Options& o) { return run_diff(o.diff); }},
      {"logs", "The logs the last snapshot captured, errors first; --errors, --grep PATTERN "
               "filter them",
       [](CLI::App& cmd, Options& o) {
         cmd.add_option("--twin", o.logs.twin_dir, "The twin (default: here, or the remembered one)");
         cmd.add_flag("--errors", o.logs.errors_only, "Only the lines that look like errors");
         cmd.add_option("--grep", o.logs.grep,
                        "Only the lines matching this ECMAScript regex, as LOG:LINE: text");
         cmd.add_flag("-i,--ignore-case", o.logs.ignore_case, "--grep ignores case");
         cmd.add_flag("--json", o.logs.json, "The logs, their error lines or --grep's matches as JSON");
       },
       [](const Options& o) { return run_logs(o.logs); }},
      {"config", "The twin's config.yaml: `config [show | get KEY | set KEY VALUE]`",
       [](CLI::App& cmd, Options& o) {
         cmd.add_option("--twin", o.config.twin_dir, "The twin (default: here, or the remembered one)");
         cmd.add_option("action", o.config.action, "show (default), get or set")
             ->check(CLI::IsMember({"show", "get", "set"}));
         cmd.add_option("args", o.config.args,
                        "get: KEY such as files.max_size; set: KEY VALUE (lists comma-separated)");
         cmd.add_flag("--json", o.config.json, "show: every key, defaults filled in, as JSON");
       },
       [](const Options& o) { return run_config(o.config); }},
      {"config-fs", "The mirrored file roots: `config-fs [list | add PATH | remove PATH]`",
       [](CLI::App& cmd, Options& o) {
         cmd.add_option("--twin", o.config_fs.twin_dir, "The twin (default: here, or the remembered one)");
         cmd.add_option("--root", o.config_fs.root, "Target root, for list")->capture_default_str();
         cmd.add_option("action", o.config_fs.action, "list (default), add or remove")
             ->check(CLI::IsMember({"list", "add", "remove"}));
         cmd.add_option("path", o.config_fs.path, "add, remove: an absolute path or ~/...");
       },
       [](const Options& o) { return run_config_fs(o.config_fs); }},
      {"check-deps", "Which external commands twin needs are present, with versions; "
                     "--install installs the missing ones",
       [](CLI::App& cmd, Options& o) {
         cmd.add_flag("--install", o.check_deps.install,
                      "apt-get install the missing ones (as root, after confirmation)");
         cmd.add_flag("-y,--yes", o.check_deps.yes, "Install without asking");
         cmd.add_flag("--json", o.check_deps.json, "The commands' statuses as JSON");
       },
       [](const Options& o) { return run_check_deps(o.check_deps); }},
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
         cmd.add_flag("-n,--dry-run", o.dry_run,
                      "Only show the plan (same as `twin plan`, and takes its flags)");
         cmd.add_flag("--json", o.plan.json, "--dry-run: print the plan as JSON (schema in SPEC.md)");
         cmd.add_flag("--summary", o.plan.summary, "--dry-run: one line per step, without diffs");
         cmd.add_option("--out", o.plan.out, "--dry-run: also save the plan to FILE");
       },
       [](const Options& o) {
         if (o.dry_run) {
           PlanOptions plan = o.plan;
           plan.target = o.apply.target;
           return run_plan(plan);
         }
         if (o.plan.json || o.plan.summary || !o.plan.out.empty()) {
           std::cerr << "twin: error: --json, --summary and --out go with --dry-run (or `twin "
                        "plan`)\nRun `twin help reconcile` for usage.\n";
           return to_int(ExitCode::kError);
         }
         return run_apply(o.apply);
       }},
      {"status", "One screen of drift per resource type; exit 2 on drift",
       [](CLI::App& cmd, Options& o) {
         add_target_flags(cmd, o.status.target);
         cmd.add_flag("--json", o.status.json, "The counts and drifted resources as JSON");
         cmd.add_flag("--watch", o.status.watch,
                      "Keep the status current: plan again whenever a watched directory "
                      "changes, print it when it differs; until Ctrl-C");
         cmd.add_option("--interval", o.status.interval,
                        "With --watch: seconds between plans when no change is seen")
             ->check(CLI::Range(1, 86400));
       },
       [](const Options& o) { return run_status(o.status); }},
      {"graph", "The resource graph (Graphviz dot or JSON), drifted resources highlighted",
       [](CLI::App& cmd, Options& o) {
         add_target_flags(cmd, o.graph.target);
         cmd.add_option("--format", o.graph.format, "dot or json")
             ->check(CLI::IsMember({"dot", "json"}))
             ->capture_default_str();
       },
       [](const Options& o) { return run_graph(o.graph); }},
      {"checkpoints", "List past applies; `show ID` shows one's plan; `prune` applies retention",
       [](CLI::App& cmd, Options& o) {
         cmd.add_option("--twin", o.checkpoints.twin_dir,
                        "The twin (default: here or a parent, else the remembered one)");
         cmd.add_option("action", o.checkpoints.action, "show or prune (default: list them)")
             ->check(CLI::IsMember({"show", "prune"}));
         cmd.add_option("id", o.checkpoints.id, "show: a checkpoint ID or a unique prefix");
         cmd.add_flag("--json", o.checkpoints.json, "The list, or show's checkpoint, as JSON");
       },
       [](const Options& o) { return run_checkpoints(o.checkpoints); }},
      {"rollback", "Undo an apply (default: the latest), a killed one included",
       [](CLI::App& cmd, Options& o) {
         add_target_flags(cmd, o.rollback.target);
         cmd.add_option("id", o.rollback.id, "A checkpoint ID or unique prefix (default: latest)");
         cmd.add_flag("-y,--yes", o.rollback.yes,
                      "Undo without asking (required when not on a terminal)");
         cmd.add_option("--timeout", o.rollback.timeout,
                        "Seconds to wait while an apply (or a tool it started, still running "
                        "after it was killed) is changing the root; default 0: refuse at once");
         cmd.add_flag("-q,--quiet", o.rollback.quiet,
                      "No line per undone change; with --yes not the list of changes either");
       },
       [](const Options& o) { return run_rollback(o.rollback); }},
      {"remote", "Show, set or remove the twin's Git remote: `remote [show|set URL|remove]`",
       [](CLI::App& cmd, Options& o) {
         cmd.add_option("--twin", o.remote.twin_dir, "The twin (default: here or a parent, else the remembered one)");
         cmd.add_option("action", o.remote.action, "show (default), set or remove")
             ->check(CLI::IsMember({"show", "set", "remove"}));
         cmd.add_option("url", o.remote.url, "For set: https, ssh, git or file URL, or a path");
       },
       [](const Options& o) { return run_remote(o.remote); }},
      {"push", "Push the twin's history to its remote",
       [](CLI::App& cmd, Options& o) {
         cmd.add_option("--twin", o.push.twin_dir, "The twin (default: here or a parent, else the remembered one)");
       },
       [](const Options& o) { return run_push(o.push); }},
      {"pull", "Pull from the remote (fast-forward or conflict-free merge) and review what came in",
       [](CLI::App& cmd, Options& o) {
         add_target_flags(cmd, o.pull.target);
         cmd.add_flag("--review,!--no-review", o.pull.review,
                      "After pulling, show the plan and risky changes it brings (default)");
       },
       [](const Options& o) { return run_pull(o.pull); }},
      {"setup-github", "Create (or link) a private GitHub repository as the remote, and push",
       [](CLI::App& cmd, Options& o) {
         auto& g = o.setup_github;
         cmd.add_option("--twin", g.twin_dir, "The twin (default: here or a parent, else the remembered one)");
         cmd.add_option("--repo", g.repo, "NAME or OWNER/NAME (default: twin-HOSTNAME)");
         cmd.add_option("--org", g.org, "Create the repository in this organization");
         cmd.add_option("--api-url", g.api_url,
                        "GitHub API base URL, for GitHub Enterprise (default: $GITHUB_API_URL, "
                        "else https://api.github.com)");
         cmd.add_option("--token-file", g.token_file,
                        "Read the token from FILE (else GITHUB_TOKEN, GH_TOKEN, or a prompt)");
         cmd.add_flag("-y,--yes", g.yes, "Link an existing repository of that name without asking");
       },
       [](const Options& o) { return run_setup_github(o.setup_github); }},
      {"agent", "Fleet pull mode: `agent install|uninstall|run|status`; a systemd timer pulls, "
                "applies as --apply-policy allows, snapshots and pushes",
       [](CLI::App& cmd, Options& o) { add_agent_flags(cmd, o.agent); },
       [](const Options& o) { return run_agent(o.agent); }},
      {"modules", "Fleet modules from config.yaml: `modules [list|update [NAME...]|sync|verify]`",
       [](CLI::App& cmd, Options& o) {
         cmd.add_option("--twin", o.modules.twin_dir, "The twin (default: here or a parent, else the remembered one)");
         cmd.add_option("action", o.modules.action,
                        "list (default), update (move to the newest commit of each ref), sync "
                        "(back to modules.lock) or verify (exit 1 on drift)")
             ->check(CLI::IsMember({"list", "update", "sync", "verify"}));
         cmd.add_option("names", o.modules.names, "update: only these modules move");
         cmd.add_flag("--json", o.modules.json, "list: the modules and their states as JSON");
       },
       [](const Options& o) { return run_modules(o.modules); }},
      {"menu", "The interactive whiptail menu (also `twin` alone on a terminal)",
       [](CLI::App& cmd, Options& o) { add_target_flags(cmd, o.menu.target); },
       [](const Options& o) { return run_menu(o.menu); }},
      {"lint", "Check the manifests without changing anything (for CI); exit 1 on errors",
       [](CLI::App& cmd, Options& o) {
         add_target_flags(cmd, o.lint.target);
         cmd.add_option("paths", o.lint.paths, "Manifests or directories (default: state/*.twin)");
         cmd.add_option("--format", o.lint.format, "text, json, github (annotations) or sarif")
             ->check(CLI::IsMember({"text", "json", "github", "sarif"}))
             ->capture_default_str();
         cmd.add_flag("--strict", o.lint.strict, "Fail (exit 1) on warnings too");
         cmd.add_option("--base", o.lint.base,
                        "Judge risky changes on what differs from this commit, branch or tag "
                        "(e.g. origin/main), a snapshot's own copies included, each with the "
                        "commit that brought it in");
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

constexpr const char* kSummary = "keep a digital twin of this machine in Git, and apply it back";

/// `twin help`: every visible command of `app` with its summary.
std::string overview(const CLI::App& app) {
  std::string text = "twin " TWIN_VERSION " - " + std::string(kSummary) +
                     ".\n\nUsage: twin COMMAND [OPTIONS]\n\nCommands:\n";
  for (const CLI::App* c : visible_subcommands(app)) {
    const std::string& name = c->get_name();
    text += "  " + name + std::string(name.size() < 12 ? 12 - name.size() : 1, ' ') +
            c->get_description() + "\n";
  }
  text += "\nExit codes:\n";
  for (const auto& [code, meaning] : kExitCodeMeanings)
    text += "  " + std::to_string(to_int(code)) + "  " + meaning + "\n";
  return text;
}

ManPageExtras man_page_extras() {
  ManPageExtras extras{kSummary, {}, {"twin.twin(5)", "twin-repo(5)"}};
  for (const auto& [code, meaning] : kExitCodeMeanings)
    extras.exit_codes.emplace_back(to_int(code), meaning);
  return extras;
}

}  // namespace

bool has_command(std::string_view name) {
  for (const auto& c : commands())
    if (c.name == name) return true;
  return false;
}

int run(int argc, char** argv) {
  // `twin` alone on a terminal opens the menu; elsewhere it prints help.
  if (argc <= 1 && is_interactive()) return run_menu({});
  CLI::App app{"twin - digital twin of a machine", "twin"};
  app.set_version_flag("--version", "twin " TWIN_VERSION);
  app.require_subcommand(0, 1);
  app.set_help_flag("-h,--help", "Show help");

  Options options;
  // `twin diff ... -- PATH...`: CLI11 2.1 cannot tell arguments after `--`
  // from positionals, so they are taken off here as paths.
  if (argc > 1 && std::string_view(argv[1]) == "diff")
    for (int i = 2; i < argc; ++i)
      if (std::string_view(argv[i]) == "--") {
        options.diff.separator = true;
        options.diff.paths_after_separator.assign(argv + i + 1, argv + argc);
        argc = i;
        break;
      }
  std::vector<std::pair<CLI::App*, const CommandSpec*>> subcommands;
  for (const auto& spec : commands()) {
    CLI::App* cmd = app.add_subcommand(spec.name, spec.summary);
    spec.add_flags(*cmd, options);
    subcommands.emplace_back(cmd, &spec);
  }
  CLI::App* help = app.add_subcommand("help", "Show this help, or a command's: twin help COMMAND");
  help->add_option("command", options.help_topic, "A command name");
  CLI::App* completion = app.add_subcommand(
      "completion", "Print the shell completion script: `twin completion bash|zsh`");
  completion->add_option("shell", options.completion_shell, "bash or zsh")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh"}));
  // Hidden (empty group): the build writes the manual pages with it, from
  // the same table as --help (packaging/CMakeLists.txt).
  CLI::App* man_page = app.add_subcommand("man-page", "Write twin.1 and twin-COMMAND.1 into DIR");
  man_page->group("");
  man_page->add_option("dir", options.man_dir, "Where")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    // `twin COMMAND [SUB] --help` shows that command's own help.
    CLI::App* shown = nullptr;
    for (auto& [cmd, spec] : subcommands)
      if (argc > 1 && cmd->check_name(argv[1])) shown = cmd;
    if (shown && argc > 2)
      for (CLI::App* sub : shown->get_subcommands({}))
        if (sub->check_name(argv[2])) shown = sub;
    std::cout << (shown ? shown->help() : overview(app));
    return to_int(ExitCode::kOk);
  } catch (const CLI::CallForVersion&) {
    std::cout << "twin " TWIN_VERSION "\n";
    return to_int(ExitCode::kOk);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    auto unknown = describe_unknown_word(app, argc, argv);
    std::cerr << "twin: error: " << (unknown ? *unknown : std::string(e.what()))
              << "\nRun `twin help` for usage.\n";
    return to_int(ExitCode::kError);
  }

  if (completion->parsed()) {
    std::cout << (options.completion_shell == "bash" ? bash_completion(app) : zsh_completion(app));
    return to_int(ExitCode::kOk);
  }
  if (man_page->parsed()) {
    if (auto error = write_man_pages(app, options.man_dir, TWIN_VERSION, man_page_extras())) {
      std::cerr << "twin: error: " << *error << "\n";
      return to_int(ExitCode::kError);
    }
    return to_int(ExitCode::kOk);
  }
  if (help->parsed()) {
    if (options.help_topic.empty()) {
      std::cout << overview(app);
      return to_int(ExitCode::kOk);
    }
    for (const CLI::App* cmd : visible_subcommands(app))
      if (cmd->check_name(options.help_topic)) {
        std::cout << cmd->help();
        return to_int(ExitCode::kOk);
      }
    std::cerr << "twin: error: no command '" << options.help_topic << "'"
              << did_you_mean_command(app, options.help_topic) << "\n";
    return to_int(ExitCode::kError);
  }
  for (auto& [cmd, spec] : subcommands)
    if (cmd->parsed()) return spec->run(options);

  std::cout << overview(app);
  return to_int(ExitCode::kOk);
}

}  // namespace twin::cli
