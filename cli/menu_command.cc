#include "cli/menu_command.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <functional>
#include <iostream>
#include <optional>
#include <sstream>
#include <vector>

#include "cli/app.h"
#include "cli/config_fs_command.h"
#include "cli/console_reporter.h"
#include "cli/exit_code.h"
#include "cli/menu_child.h"
#include "cli/ops/agent_run.h"
#include "cli/ops/apply_transaction.h"
#include "cli/ops/git_auth.h"
#include "cli/ops/pull_review.h"
#include "cli/ops/rollback_choice.h"
#include "cli/ops/snapshot.h"
#include "cli/plan_text.h"
#include "cli/reconcile_command.h"
#include "cli/snapshot_command.h"
#include "cli/status_command.h"
#include "cli/sync_command.h"
#include "cli/terminal.h"
#include "cli/text_reporter.h"
#include "cli/whiptail.h"
#include "engine/core/checkpoint.h"
#include "engine/core/checkpoint_store.h"
#include "engine/repo/effective_config.h"
#include "engine/repo/git_repo.h"

namespace twin::cli {
namespace {
namespace fs = std::filesystem;

/// An error as a line of the menu's header: "no twin here and none
/// remembered (E1201)", not a command line's "twin: error[E1201]: ...".
std::string header_problem(const engine::Error& error) {
  return error.text() + (error.code.empty() ? "" : " (" + error.code + ")");
}

class Menu {
 public:
  Menu(Whiptail ui, MenuOptions options) : ui_(std::move(ui)), options_(std::move(options)) {}

  void main_menu() {
    for (;;) {
      locate();  // again each time: Setup may have just created the twin
      std::string where =
          (twin_ ? "Twin: " + twin_->string() + (remembered_ ? " (remembered)" : "") +
                       (engine::TwinLayout(*twin_).is_twin() ? "" : " - not a twin yet")
                 : "No twin: " + twin_problem_) +
          "\nMachine: " + root_ + (root_problem_.empty() ? "" : "\n" + root_problem_);
      auto choice = ui_.menu("TwinSync++", where,
                             {{"setup", "Setup"},
                              {"sync", "Snapshot & sync"},
                              {"plan", "Plan & apply"},
                              {"history", "Time machine"},
                              {"logs", "Logs"},
                              {"fleet", "Fleet: agent and modules"},
                              {"quit", "Quit"}});
      if (!choice || *choice == "quit") return;
      if (*choice == "setup") setup_menu();
      if (*choice == "sync") sync_menu();
      if (*choice == "plan") plan_menu();
      if (*choice == "history") history_menu();
      if (*choice == "logs") logs_menu();
      if (*choice == "fleet") fleet_menu();
    }
  }

 private:
  /// The twin and root by the rule of every command (ops/workspace.h:
  /// --twin, $TWIN_DIR, here or a parent, the remembered one). Without a
  /// twin the menu does not invent one (the current directory would be
  /// wrong for every item): the header says why, and items run without
  /// --twin, so they answer exactly as `twin COMMAND` would (init creates
  /// the default twin).
  void locate() {
    auto chosen = ops::choose_twin_dir(options_.target.twin_dir);
    twin_.reset();
    twin_problem_.clear();
    remembered_ = false;
    if (chosen) {
      twin_ = chosen->dir;
      remembered_ = chosen->source == ops::TwinSource::kRemembered;
    } else {
      twin_problem_ = header_problem(chosen.error());
    }
    const std::string& flag = options_.target.root;
    root_problem_.clear();
    auto root = twin_ ? ops::choose_root(engine::TwinLayout(*twin_), flag)
                      : ops::root_from_flag(flag.empty() ? "/" : flag);
    root_ = root ? root->string() : (flag.empty() ? "/" : flag);
    if (!root) root_problem_ = header_problem(root.error());
  }

  ops::TargetOptions target() const { return {twin_ ? twin_->string() : "", root_}; }

  /// {"--twin", DIR} for a child, or nothing when no twin was found (the
  /// child then applies the same rule and says the same).
  std::vector<std::string> twin_flag() const {
    if (!twin_) return {};
    return {"--twin", twin_->string()};
  }

  /// The twin for an item that works on it in this process; nullopt after
  /// showing why there is none.
  std::optional<fs::path> need_twin(const std::string& title) {
    if (!twin_) ui_.textbox(title, twin_problem_ + "\n");
    return twin_;
  }

  /// Runs a command of the table in a child with --twin (and --root when it
  /// looks at the machine) and shows what it printed.
  void show_command(const std::string& title, std::vector<std::string> args, bool with_root) {
    auto flag = twin_flag();
    args.insert(args.end(), flag.begin(), flag.end());
    if (with_root) args.insert(args.end(), {"--root", root_});
    ui_.textbox(title, run_twin(args).text);
  }

  /// Opens the workspace for a use case; nullptr after showing why.
  std::unique_ptr<ops::Workspace> open_workspace(const std::string& title) {
    TextReporter reporter;
    auto workspace = ops::Workspace::open(target(), reporter);
    if (workspace) return std::move(*workspace);
    ui_.textbox(title, reporter.text() + error_text(workspace.error(), false));
    return nullptr;
  }

  /// The plan or the status in a box (the plan's own renderers).
  void show_plan(const std::string& title, bool status) {
    auto workspace = open_workspace(title);
    if (!workspace) return;
    workspace->use_stat_cache();
    auto plan = workspace->plan();
    if (!plan) return ui_.textbox(title, error_text(plan.error(), false));
    ui_.textbox(title, status ? render_status(workspace->prepared(), *plan, false)
                              : plan_header(workspace->target().twin.dir, root_) +
                                    render_plan_text(*plan, false));
  }

  /// Plans under the apply lock, asks with the summary in a yes/no box, and
  /// applies exactly the plan that was shown.
  void apply() {
    auto workspace = open_workspace("Apply");
    if (!workspace) return;
    TextReporter reporter;
    ops::ApplyRequest request;
    request.review = [&](const ops::ApplyPreview& preview) {
      if (preview.plan.empty()) return true;
      return ui_.yesno("Apply?",
                       render_plan_summary(preview.plan, false) + "\nApply these changes to " +
                           root_ + "?",
                       {"Apply", "Cancel"});
    };
    request.started = [&](const std::string& id) {
      reporter.progress("Applying (checkpoint " + id + "):");
    };
    auto outcome = ops::apply(*workspace, request, reporter);
    if (!outcome) return ui_.textbox("Apply", reporter.text() + error_text(outcome.error(), false));
    switch (outcome->end) {
      case ops::ApplyEnd::kNothingToDo:
        return ui_.textbox("Apply", "Nothing to apply: the machine matches the twin.");
      case ops::ApplyEnd::kCancelled: return;
      case ops::ApplyEnd::kApplied:
      case ops::ApplyEnd::kFailed: break;
    }
    std::ostringstream shown;
    shown << reporter.text();
    (void)render_apply_outcome(*outcome, *workspace, shown, shown, false);
    ui_.textbox("Apply", shown.str());
  }

  void snapshot() {
    auto twin = need_twin("Snapshot");
    if (!twin) return;
    if (!ui_.yesno("Snapshot", "Record " + root_ + " in the twin " + twin->string() +
                                   " and commit (and push when a remote is set)?",
                   {"Snapshot", "Cancel"}))
      return;
    TextReporter reporter;
    std::ostringstream shown;
    auto taken = ops::take_snapshot(*twin, root_, {}, reporter);
    shown << reporter.text();
    if (!taken)
      shown << error_text(taken.error(), false);
    else
      (void)render_snapshot(*taken, shown, shown);
    ui_.textbox("Snapshot", shown.str());
  }

  void pull() {
    TextReporter reporter;
    std::ostringstream shown;
    auto target = ops::locate(this->target(), reporter);
    if (target) {
      auto pulled = ops::pull_and_review(*target, true, reporter);
      shown << reporter.text();
      if (pulled)
        (void)render_pull(*target, *pulled, true, shown, shown, false);
      else
        shown << error_text(pulled.error(), false);
    } else {
      shown << reporter.text() << error_text(target.error(), false);
    }
    ui_.textbox("Pull", shown.str());
  }

  void push() {
    auto twin = need_twin("Push");
    if (!twin) return;
    TextReporter reporter;
    auto pushed = engine::push_branch(*twin, ops::stored_git_auth(reporter));
    std::string text = reporter.text();
    if (pushed)
      text += "Pushed " + pushed->branch + " (" + pushed->head + ") to " +
              std::string(engine::kRemoteName) + " " + pushed->url + "\n";
    else
      text += error_text(pushed.error(), false);
    ui_.textbox("Push", text);
  }

  /// One agent run with the report policy: pulls, plans, records, applies
  /// nothing.
  void agent_run() {
    TextReporter reporter;
    auto ran = ops::run_agent({.target = target(), .policy = "report"}, reporter);
    std::string text = reporter.text();
    if (ran)
      text += "Agent run " + ran->report.decision + ": " + ran->report.reason +
              "\nReport: " + ran->saved.string() + "\n";
    else
      text += error_text(ran.error(), false);
    ui_.textbox("Agent run", text);
  }

  /// The items of a submenu whose commands exist in this build, and a note
  /// naming those that do not.
  std::vector<WhiptailItem> available(std::vector<std::pair<WhiptailItem, std::string>> wanted,
                                      std::string& note) {
    std::vector<WhiptailItem> items;
    for (auto& [item, command] : wanted) {
      if (command.empty() || has_command(command)) items.push_back(item);
      else note += (note.empty() ? "Not in this build: twin " : ", twin ") + command;
    }
    return items;
  }

  void loop(const std::string& title, std::vector<std::pair<WhiptailItem, std::string>> wanted,
            const std::function<void(const std::string&)>& act) {
    std::string note;
    auto items = available(std::move(wanted), note);
    for (;;) {
      auto choice = ui_.menu(title, note.empty() ? "Choose; Back or Esc returns." : note, items);
      if (!choice) return;
      act(*choice);
    }
  }

  void setup_menu() {
    loop("Setup",
         {{{"init", "Create the twin here (Git repository and layout)"}, "init"},
          {{"roots", "Filesystem roots to mirror"}, "config-fs"},
          {{"github", "Link or create the private GitHub repository"}, "setup-github"},
          {{"deps", "Check and install dependencies"}, "check-deps"},
          {{"config", "Show the configuration (twin, machine, remote)"}, ""}},
         [&](const std::string& c) {
           if (c == "init") show_command("Init", {"init"}, true);
           if (c == "roots") filesystem_roots();
           if (c == "deps") check_dependencies();
           if (c == "github") setup_github();
           if (c == "config") {
             auto with_twin = [&](std::vector<std::string> args) {
               auto flag = twin_flag();
               args.insert(args.end(), flag.begin(), flag.end());
               return run_twin(args);
             };
             auto remote = with_twin({"remote", "show"});
             auto config = with_twin({"config", "show"});
             ui_.textbox("Configuration", "Twin:     " +
                                              (twin_ ? twin_->string() : twin_problem_) +
                                              "\nMachine:  " +
                                              root_ + "\n\nRemote:\n" + remote.text +
                                              "\nconfig.yaml (twin config show):\n" + config.text);
           }
         });
  }

  /// The mirrored roots as a checklist (all on), with the usual candidates
  /// present on the machine (off) and a way to type another path. What
  /// changed runs through `twin config-fs remove` and `add`, removals first.
  void filesystem_roots() {
    static const std::vector<std::string> kCandidates = {"/etc", "~/.config", "/usr/local/etc",
                                                         "/opt", "/srv", "/var/www"};
    constexpr char kAddTag[] = "+add";
    auto twin = need_twin("Filesystem roots");
    if (!twin) return;
    auto config = engine::load_effective_config(*twin);
    if (!config) return ui_.textbox("Filesystem roots", config.error().text());
    const auto& roots = config->twin.roots;
    auto is_root = [&](const std::string& r) {
      return std::find(roots.begin(), roots.end(), r) != roots.end();
    };
    std::vector<WhiptailItem> items;
    std::vector<bool> on;
    for (const auto& r : roots) items.push_back({r, r}), on.push_back(true);
    for (const auto& c : kCandidates)
      if (!is_root(c) && root_present_under(root_, c))
        items.push_back({c, c + "  (not mirrored)"}), on.push_back(false);
    items.push_back({kAddTag, "Add another path..."});
    on.push_back(false);
    auto chosen = ui_.checklist("Filesystem roots",
                                "What `twin snapshot` mirrors into filesystem/. Space toggles, "
                                "Enter saves.",
                                items, on);
    if (!chosen) return;
    auto picked = [&](const std::string& tag) {
      return std::find(chosen->begin(), chosen->end(), tag) != chosen->end();
    };
    std::vector<std::pair<std::string, std::string>> changes;  // action, path
    for (const auto& r : roots)
      if (!picked(r)) changes.emplace_back("remove", r);
    for (const auto& tag : *chosen)
      if (tag != kAddTag && !is_root(tag)) changes.emplace_back("add", tag);
    if (picked(kAddTag))
      if (auto typed = ui_.inputbox("Add a root", "An absolute path, or ~/... for the user's home:");
          typed && !typed->empty())
        changes.emplace_back("add", *typed);
    if (changes.empty()) return ui_.textbox("Filesystem roots", "Nothing changed.");
    std::string report;
    for (const auto& [action, path] : changes) {
      report += "$ twin config-fs " + action + " " + path + "\n" +
                run_twin({"config-fs", action, path, "--twin", twin->string()}).text + "\n";
    }
    report += run_twin({"config-fs", "list", "--twin", twin->string(), "--root", root_}).text;
    ui_.textbox("Filesystem roots", report);
  }

  /// `twin check-deps` in a box; when a required command is missing,
  /// offers `twin check-deps --install` (apt-get, as root).
  void check_dependencies() {
    auto checked = run_twin({"check-deps"});
    ui_.textbox("Dependencies", checked.text);
    if (checked.exit_code == to_int(ExitCode::kOk)) return;
    if (!ui_.yesno("Install?", "Install the missing packages with apt-get now?",
                   {"Install", "Cancel"}))
      return;
    auto installed = run_twin({"check-deps", "--install", "--yes"});
    ui_.textbox("Install", installed.text);
  }

  /// setup-github in a child: the token is asked here in a password box
  /// (unless the environment has one) and reaches the child through its
  /// environment, never argv. When the repository exists already, the
  /// child refuses with E2105 (its documented code); the menu then asks and
  /// runs it again with --yes.
  void setup_github() {
    std::vector<std::pair<std::string, std::string>> env;
    const char* given = std::getenv("GITHUB_TOKEN");
    if (!given || !*given) given = std::getenv("GH_TOKEN");
    if (!given || !*given) {
      auto token = ui_.password("GitHub token", "GitHub token (input hidden): ");
      if (!token || token->empty()) return;
      env.emplace_back("GITHUB_TOKEN", *token);
    }
    std::vector<std::string> args = {"setup-github"};
    auto flag = twin_flag();
    args.insert(args.end(), flag.begin(), flag.end());
    auto result = run_twin(args, env);
    if (result.exit_code != 0 && result.text.find("[E2105]") != std::string::npos &&
        ui_.yesno("GitHub", result.text + "\nLink this twin to the existing repository?",
                  {"Link", "Cancel"})) {
      args.push_back("--yes");
      result = run_twin(args, env);
    }
    ui_.textbox("GitHub", result.text);
  }

  void sync_menu() {
    loop("Snapshot & sync",
         {{{"snapshot", "Snapshot this machine, commit and push"}, "snapshot"},
          {{"push", "Push the twin to its remote"}, "push"},
          {{"pull", "Pull from the remote and review what came in"}, "pull"}},
         [&](const std::string& c) {
           if (c == "snapshot") snapshot();
           if (c == "push") push();
           if (c == "pull") pull();
         });
  }

  void plan_menu() {
    loop("Plan & apply",
         {{{"plan", "Show the plan (what would change)"}, "plan"},
          {{"apply", "Apply the plan (asks first)"}, "apply"},
          {{"status", "Status: drift per resource type"}, "status"}},
         [&](const std::string& c) {
           if (c == "plan") show_plan("Plan", false);
           if (c == "status") show_plan("Status", true);
           if (c == "apply") apply();
         });
  }

  /// Pull mode (`twin agent`) and shared modules (`twin modules`).
  void fleet_menu() {
    loop("Fleet: agent and modules",
         {{{"status", "Agent: timer and recorded runs"}, "agent"},
          {{"install", "Agent: install the timer (choose what it may apply)"}, "agent"},
          {{"run", "Agent: run once now, report only (pull, plan, snapshot, push)"}, "agent"},
          {{"uninstall", "Agent: remove the timer"}, "agent"},
          {{"modules", "Modules: list with their pinned commits"}, "modules"},
          {{"update", "Modules: fetch, pin in modules.lock and commit"}, "modules"},
          {{"verify", "Modules: check modules/ against modules.lock"}, "modules"}},
         [&](const std::string& c) {
           if (c == "status") show_command("Agent", {"agent", "status"}, true);
           if (c == "install") install_agent();
           if (c == "run" && ui_.yesno("Agent run",
                                       "Pull, plan and record a report (nothing is applied), "
                                       "then snapshot " + root_ + " and push?",
                                       {"Run", "Cancel"}))
             agent_run();
           if (c == "uninstall" &&
               ui_.yesno("Agent", "Stop and remove the agent's timer under " + root_ + "?",
                         {"Remove", "Keep"})) {
             // The timer belongs to the machine, not to a twin: no --twin.
             ui_.textbox("Agent", run_twin({"agent", "uninstall", "--root", root_}).text);
           }
           if (c == "modules") show_command("Modules", {"modules", "list"}, false);
           if (c == "update") show_command("Modules", {"modules", "update"}, false);
           if (c == "verify") show_command("Modules", {"modules", "verify"}, false);
         });
  }

  /// Asks for the apply policy (SPEC.md §8), then installs the timer.
  void install_agent() {
    auto policy = ui_.menu("Agent policy", "What may the agent apply on its own?",
                           {{"report", "report: plan and record only, apply nothing"},
                            {"safe", "safe: apply only changes with no risky finding and no removal"},
                            {"all", "all: apply everything the twin says"}});
    if (!policy) return;
    show_command("Agent", {"agent", "install", "--apply-policy", *policy}, true);
  }

  void history_menu() {
    loop("Time machine",
         {{{"pick", "Pick a snapshot and reset the twin to it"}, "reset"},
          {{"undo", "Undo the latest reset"}, "reset"},
          {{"history", "History of the twin"}, "history"},
          {{"checkpoints", "Past applies (checkpoints)"}, "checkpoints"},
          {{"rollback", "Undo the latest apply"}, "rollback"}},
         [&](const std::string& c) {
           if (c == "pick") pick_snapshot();
           if (c == "undo" && ui_.yesno("Undo the reset", "Take back the latest reset of the twin?",
                                        {"Undo", "Keep"}))
             show_command("Undo the reset", {"reset", "--undo", "--yes"}, false);
           if (c == "history") show_command("History", {"history"}, false);
           if (c == "checkpoints") show_command("Checkpoints", {"checkpoints"}, false);
           if (c == "rollback") rollback();
         });
  }

  /// Asks with what `twin rollback` would undo: which apply (when, how many
  /// steps, on which root) and its changes, newest first; then undoes that
  /// very checkpoint (by id, so a later apply cannot slip in between).
  void rollback() {
    auto twin = need_twin("Rollback");
    if (!twin) return;
    auto all = engine::CheckpointStore(*twin).list();
    if (!all) return ui_.textbox("Rollback", error_text(all.error(), false));
    auto info = ops::newest_in_effect(*all);
    if (!info) return ui_.textbox("Rollback", error_text(info.error(), false));
    auto checkpoint = engine::Checkpoint::open(info->dir);
    if (!checkpoint) return ui_.textbox("Rollback", error_text(checkpoint.error(), false));
    std::string when = info->started;
    std::replace(when.begin(), when.end(), 'T', ' ');
    if (when.ends_with('Z')) {
      when.pop_back();
      when += " UTC";
    }
    std::string text = "The latest apply still in effect: " + info->id + ", started " + when +
                       ", " + std::to_string(info->steps_done) + " of " +
                       std::to_string(info->steps_planned) + " step(s) done on " +
                       (info->root.empty() ? std::string("an unrecorded root") : info->root) +
                       ".\n\n";
    auto entries = ops::undo_entries(*checkpoint);
    if (entries.empty()) {
      text += "It changed nothing; rolling back only marks it undone.\n";
    } else {
      text += "Rolling back undoes " + std::to_string(checkpoint->records().size()) +
              " recorded change(s), newest first:\n";
      for (const auto& e : entries)
        text += "  " + e.address +
                (e.changes > 1 ? " (" + std::to_string(e.changes) + " changes)" : "") + "\n";
    }
    if (!ui_.yesno("Rollback", text + "\nUndo it on " + root_ + "?", {"Roll back", "Keep"}))
      return;
    show_command("Rollback", {"rollback", info->id, "--yes"}, true);
  }

  /// The twin's commits as a menu; the chosen one is reset to after a yes.
  /// The reset itself is `twin reset ID`, which commits the old tree anew,
  /// so "Undo the latest reset" can take it back.
  void pick_snapshot() {
    auto twin = need_twin("Time machine");
    if (!twin) return;
    auto repo = engine::GitRepo::open(*twin);
    if (!repo) return ui_.textbox("Time machine", repo.error().text());
    auto log = repo->log(40);
    if (!log) return ui_.textbox("Time machine", log.error().text());
    std::vector<WhiptailItem> items;
    for (const auto& commit : *log) {
      char when[32] = "";
      std::time_t t = static_cast<std::time_t>(commit.time);
      std::tm local{};
      localtime_r(&t, &local);
      std::strftime(when, sizeof when, "%Y-%m-%d %H:%M", &local);
      items.push_back({commit.id, commit.id.substr(0, 7) + "  " + when + "  " + commit.summary()});
    }
    if (items.empty()) return ui_.textbox("Time machine", "The twin has no snapshot yet.");
    auto chosen = ui_.menu("Time machine", "Reset the twin to which snapshot?", items);
    if (!chosen) return;
    if (!ui_.yesno("Reset?", "Bring the twin's files back to " + chosen->substr(0, 7) +
                                 " (as a new commit; undo is possible)?\nThe machine is not "
                                 "changed until you plan and apply.",
                   {"Reset", "Cancel"}))
      return;
    show_command("Reset", {"reset", *chosen, "--yes"}, false);
  }

  void logs_menu() {
    if (!has_command("logs"))
      return ui_.textbox("Logs", "This build has no `twin logs` command yet.");
    show_command("Logs (errors first)", {"logs"}, false);
  }

  Whiptail ui_;
  MenuOptions options_;
  std::optional<fs::path> twin_;
  std::string twin_problem_;  // why there is no twin (E1201), when there is none
  bool remembered_ = false;
  std::string root_;
  std::string root_problem_;
};

}  // namespace

int run_menu(const MenuOptions& options) {
  if (!is_interactive()) {
    std::cerr << "twin: the menu needs a terminal (stdin and stdout). Use the commands "
                 "instead: twin plan, twin apply, twin pull, twin push, ... (see `twin help`).\n";
    return to_int(ExitCode::kError);
  }
  auto ui = Whiptail::find();
  if (!ui) {
    std::cerr << "twin: whiptail is not installed (apt-get install whiptail), so there is no "
                 "menu. Use the commands instead: twin plan, twin apply, twin pull, twin push, "
                 "... (see `twin help`).\n";
    return to_int(ExitCode::kError);
  }
  Menu menu(std::move(*ui), options);
  menu.main_menu();
  return to_int(ExitCode::kOk);
}

}  // namespace twin::cli
