#include "cli/menu_command.h"

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <functional>
#include <iostream>
#include <sstream>
#include <vector>

#include "cli/app.h"
#include "cli/check_deps_command.h"
#include "cli/config_command.h"
#include "cli/config_fs_command.h"
#include "cli/exit_code.h"
#include "cli/reconcile_command.h"
#include "cli/remote_command.h"
#include "cli/setup_github_command.h"
#include "cli/sync_command.h"
#include "cli/terminal.h"
#include "cli/whiptail.h"
#include "engine/effective_config.h"
#include "engine/git_repo.h"

namespace twin::cli {
namespace {
namespace fs = std::filesystem;

/// Captures what a command prints (stdout and stderr, uncoloured) while it
/// lives, so that the menu can show it in a box.
class CapturedOutput {
 public:
  CapturedOutput()
      : out_(std::cout.rdbuf(text_.rdbuf())), err_(std::cerr.rdbuf(text_.rdbuf())) {
    const char* old = std::getenv("NO_COLOR");
    if (old) saved_no_color_ = old;
    had_no_color_ = old != nullptr;
    ::setenv("NO_COLOR", "1", 1);
  }
  ~CapturedOutput() {
    std::cout.rdbuf(out_);
    std::cerr.rdbuf(err_);
    if (had_no_color_) ::setenv("NO_COLOR", saved_no_color_.c_str(), 1);
    else ::unsetenv("NO_COLOR");
  }
  CapturedOutput(const CapturedOutput&) = delete;
  CapturedOutput& operator=(const CapturedOutput&) = delete;
  std::string text() const { return text_.str(); }

 private:
  std::ostringstream text_;
  std::streambuf* out_;
  std::streambuf* err_;
  std::string saved_no_color_;
  bool had_no_color_ = false;
};

struct Captured {
  int exit_code;
  std::string text;
};

Captured capture(const std::function<int()>& command) {
  CapturedOutput output;
  int code = command();
  return {code, output.text()};
}

/// Runs `twin ARGS...` in this process: the command table's own code.
int run_command_line(std::vector<std::string> args) {
  args.insert(args.begin(), "twin");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  return run(static_cast<int>(args.size()), argv.data());
}

/// Answers setup-github's questions in whiptail boxes.
class WhiptailPrompter : public SetupPrompter {
 public:
  explicit WhiptailPrompter(Whiptail& ui) : ui_(&ui) {}
  bool can_ask() const override { return true; }
  std::optional<std::string> secret(std::string_view prompt) override {
    return ui_->password("GitHub token", std::string(prompt));
  }
  bool confirm(std::string_view question) override {
    return ui_->yesno("GitHub", std::string(question));
  }

 private:
  Whiptail* ui_;
};

class Menu {
 public:
  Menu(Whiptail ui, MenuOptions options) : ui_(std::move(ui)), options_(std::move(options)) {
    std::error_code ec;
    twin_ = options_.target.twin_dir.empty() ? fs::current_path(ec).string() : options_.target.twin_dir;
  }

  void main_menu() {
    for (;;) {
      auto choice = ui_.menu("TwinSync++", "Twin: " + twin_ + "\nMachine: " + options_.target.root,
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
  /// Runs a command of the table with --twin (and --root when it plans).
  void show_command(const std::string& title, std::vector<std::string> args, bool with_root) {
    args.insert(args.end(), {"--twin", twin_});
    if (with_root) args.insert(args.end(), {"--root", options_.target.root});
    auto result = capture([&] { return run_command_line(args); });
    ui_.textbox(title, result.text);
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
             auto remote = capture([&] { return run_remote({.twin_dir = twin_}); });
             auto config = capture([&] { return run_config({.twin_dir = twin_}); });
             ui_.textbox("Configuration", "Twin:     " + twin_ + "\nMachine:  " +
                                              options_.target.root + "\n\nRemote:\n" + remote.text +
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
    auto config = engine::load_effective_config(twin_);
    if (!config) return ui_.msgbox("Filesystem roots", config.error().text());
    const auto& roots = config->twin.roots;
    auto is_root = [&](const std::string& r) {
      return std::find(roots.begin(), roots.end(), r) != roots.end();
    };
    std::vector<WhiptailItem> items;
    std::vector<bool> on;
    for (const auto& r : roots) items.push_back({r, r}), on.push_back(true);
    for (const auto& c : kCandidates)
      if (!is_root(c) && root_present_under(options_.target.root, c))
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
    if (changes.empty()) return ui_.msgbox("Filesystem roots", "Nothing changed.");
    std::string report;
    for (const auto& [action, path] : changes) {
      ConfigFsOptions fs_options{.twin_dir = twin_, .action = action, .path = path};
      report += "$ twin config-fs " + action + " " + path + "\n" +
                capture([&] { return run_config_fs(fs_options); }).text + "\n";
    }
    ConfigFsOptions list{.twin_dir = twin_, .root = options_.target.root};
    report += capture([&] { return run_config_fs(list); }).text;
    ui_.textbox("Filesystem roots", report);
  }

  /// `twin check-deps` in a box; when a required command is missing,
  /// offers `twin check-deps --install` (apt-get, as root).
  void check_dependencies() {
    auto checked = capture([] { return run_check_deps({}); });
    ui_.textbox("Dependencies", checked.text);
    if (checked.exit_code == to_int(ExitCode::kOk)) return;
    if (!ui_.yesno("Install?", "Install the missing packages with apt-get now?")) return;
    auto installed = capture([] { return run_check_deps({.install = true, .yes = true}); });
    ui_.textbox("Install", installed.text);
  }

  void setup_github() {
    WhiptailPrompter prompter(ui_);
    SetupGithubOptions options;
    options.twin_dir = twin_;
    auto result = capture([&] { return run_setup_github(options, prompter); });
    ui_.textbox("GitHub", result.text);
  }

  void sync_menu() {
    loop("Snapshot & sync",
         {{{"snapshot", "Snapshot this machine, commit and push"}, "snapshot"},
          {{"push", "Push the twin to its remote"}, "push"},
          {{"pull", "Pull from the remote and review what came in"}, "pull"}},
         [&](const std::string& c) {
           if (c == "snapshot") show_command("Snapshot", {"snapshot"}, true);
           if (c == "push") show_command("Push", {"push"}, false);
           if (c == "pull") show_command("Pull", {"pull"}, true);
         });
  }

  void plan_menu() {
    loop("Plan & apply",
         {{{"plan", "Show the plan (what would change)"}, "plan"},
          {{"apply", "Apply the plan (asks first)"}, "apply"},
          {{"status", "Status: drift per resource type"}, "status"}},
         [&](const std::string& c) {
           if (c == "plan") show_command("Plan", {"plan"}, true);
           if (c == "status") show_command("Status", {"status"}, true);
           if (c == "apply") apply();
         });
  }

  /// Plans into a private file, asks with the summary, and applies exactly
  /// that plan (refused as stale if the machine changed meanwhile).
  void apply() {
    std::string dir = (fs::temp_directory_path() / "twin-menu-plan.XXXXXX").string();
    if (!::mkdtemp(dir.data())) return ui_.msgbox("Apply", "Cannot make a temporary directory.");
    std::string saved = dir + "/plan.json";
    PlanOptions plan{.target = options_.target, .summary = true, .out = saved};
    plan.target.twin_dir = twin_;
    auto planned = capture([&] { return run_plan(plan); });
    // The saved file is an internal detail here: keep the summary only.
    if (auto note = planned.text.find("Saved the plan to "); note != std::string::npos)
      planned.text.erase(note);
    if (planned.exit_code == to_int(ExitCode::kChanges) &&
        ui_.yesno("Apply?", planned.text + "\nApply these changes to " + options_.target.root + "?")) {
      ApplyOptions apply{.target = plan.target, .yes = true, .plan_file = saved};
      auto applied = capture([&] { return run_apply(apply); });
      ui_.textbox("Apply", applied.text);
    } else if (planned.exit_code == to_int(ExitCode::kOk)) {
      ui_.msgbox("Apply", "Nothing to apply: the machine matches the twin.");
    } else if (planned.exit_code == to_int(ExitCode::kError)) {
      ui_.textbox("Apply", planned.text);
    }
    std::error_code ec;
    fs::remove_all(dir, ec);
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
           if (c == "run" && ui_.yesno("Agent run", "Pull, plan and record a report (nothing is "
                                                    "applied), then snapshot " + options_.target.root +
                                                    " and push?"))
             show_command("Agent run", {"agent", "run", "--apply-policy", "report"}, true);
           if (c == "uninstall" &&
               ui_.yesno("Agent", "Stop and remove the agent's timer under " + options_.target.root + "?")) {
             // The timer belongs to the machine, not to a twin: no --twin.
             auto result = capture([&] {
               return run_command_line({"agent", "uninstall", "--root", options_.target.root});
             });
             ui_.textbox("Agent", result.text);
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
           if (c == "undo" && ui_.yesno("Undo the reset", "Take back the latest reset of the twin?"))
             show_command("Undo the reset", {"reset", "--undo", "--yes"}, false);
           if (c == "history") show_command("History", {"history"}, false);
           if (c == "checkpoints") show_command("Checkpoints", {"checkpoints"}, false);
           if (c == "rollback" && ui_.yesno("Rollback", "Undo the latest apply on " +
                                                            options_.target.root + "?"))
             show_command("Rollback", {"rollback", "--yes"}, true);
         });
  }

  /// The twin's commits as a menu; the chosen one is reset to after a yes.
  /// The reset itself is `twin reset ID`, which commits the old tree anew,
  /// so "Undo the latest reset" can take it back.
  void pick_snapshot() {
    auto repo = engine::GitRepo::open(twin_);
    if (!repo) return ui_.msgbox("Time machine", repo.error().text());
    auto log = repo->log(40);
    if (!log) return ui_.msgbox("Time machine", log.error().text());
    std::vector<WhiptailItem> items;
    for (const auto& commit : *log) {
      char when[32] = "";
      std::time_t t = static_cast<std::time_t>(commit.time);
      std::tm local{};
      localtime_r(&t, &local);
      std::strftime(when, sizeof when, "%Y-%m-%d %H:%M", &local);
      items.push_back({commit.id, commit.id.substr(0, 7) + "  " + when + "  " + commit.summary()});
    }
    if (items.empty()) return ui_.msgbox("Time machine", "The twin has no snapshot yet.");
    auto chosen = ui_.menu("Time machine", "Reset the twin to which snapshot?", items);
    if (!chosen) return;
    if (!ui_.yesno("Reset?", "Bring the twin's files back to " + chosen->substr(0, 7) +
                                 " (as a new commit; undo is possible)?\nThe machine is not "
                                 "changed until you plan and apply."))
      return;
    show_command("Reset", {"reset", *chosen, "--yes"}, false);
  }

  void logs_menu() {
    if (!has_command("logs"))
      return ui_.msgbox("Logs", "This build has no `twin logs` command yet.");
    show_command("Logs (errors first)", {"logs"}, false);
  }

  Whiptail ui_;
  MenuOptions options_;
  std::string twin_;
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
