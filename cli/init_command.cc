#include "cli/init_command.h"

#include <sys/stat.h>

#include <fstream>
#include <cerrno>
#include <cstring>
#include <iostream>

#include "cli/exit_code.h"
#include "cli/console_reporter.h"
#include "cli/twin_location.h"
#include "cli/snapshot_command.h"
#include "engine/core/twin_layout.h"
#include "engine/core/durable_io.h"
#include "engine/core/facts.h"
#include "engine/repo/git_repo.h"
#include "engine/repo/snapshot_commit.h"
#include "engine/repo/twin_config.h"
#include "engine/repo/twin_location.h"

namespace twin::cli {
namespace {
namespace fs = std::filesystem;

constexpr char kGitignore[] =
    "# Never committed: apply checkpoints (undo journals) and saved plans.\n/.twin/\n/plan/\n";

int fail(const engine::Error& error) {
  print_error(error);
  return to_int(ExitCode::kError);
}

bool has(const fs::path& path) {
  std::error_code ec;
  return fs::exists(fs::symlink_status(path, ec));
}

std::string hostname_of(const fs::path& root) {
  lang::Value facts = engine::read_facts(root);
  if (facts.is_map())
    for (const auto& [key, value] : facts.as_map())
      if (key == "hostname" && value.is_string()) return value.as_string();
  return {};
}

engine::Status write(const fs::path& path, const std::string& text) {
  return engine::write_file_durably(path, text, 0644);
}

}  // namespace

std::string twin_readme() {
  return R"(# The twin of this machine

This Git repository is a *digital twin* kept by TwinSync++ (`twin`). It describes the machine
(files, packages, services, crontabs) and records what was observed, so that people and AI
agents can read it, change it, and have the changes applied back safely.

## Layout

| Path | What it is | Edit it? |
|---|---|---|
| `state/*.twin` | the **desired state**, in the `.twin` language | yes: this is what you change |
| `filesystem/…` | mirrored file contents (`filesystem/etc/motd` is `/etc/motd`) | yes |
| `live/*.yaml` | what the last snapshot **observed** (system, packages, services, files, crontabs, accounts) | no: read it |
| `logs/current/` | log tails and error counts from the last snapshot; older ones in `logs/TIME/` | no |
| `config.yaml` | what snapshots collect (roots, excludes, size limit), commit identity, modules | yes, or `twin config set KEY VALUE` |
| `modules/…`, `modules.lock` | shared modules fetched by `twin modules update`, pinned | no: change the module upstream |
| `plan/`, `.twin/` | saved plans and apply checkpoints (not committed) | no |

`twin snapshot` writes `state/files.twin`, `state/packages.twin`, `state/services.twin`,
`state/crontabs.twin` and `state/accounts.twin` from what it saw. Put your own resources in other files under `state/`
(for example `state/site.twin`): what you declare there wins, and snapshots leave it alone.

## How to change the machine

1. Edit `state/*.twin` or a file under `filesystem/` (a new file under `filesystem/etc/` is
   created on the machine; a changed one is replaced). Examples:
   ```
   package "htop" {
   }

   service "nginx" {
     enabled = true
   }

   file "/etc/motd" {
     content = "Welcome.\n"
     mode = "0644"
   }
   ```
2. `twin lint` checks the manifests; `twin fmt` lays them out canonically.
3. `twin plan` shows exactly what would change (exit code 2 when something would).
4. `twin apply` applies it after confirmation, with rollback on failure.
5. `twin snapshot` records the result. A snapshot refuses to overwrite edits that are not
   applied yet (it lists them); `--force` overwrites them after committing them.

Removing a file from `filesystem/` does not delete it on the machine: declare
`file "/path" { ensure = "absent" }` for that. A symlink under `filesystem/` is a symlink on the
machine. Packages are removed only where a manifest says `ensure = "absent"`, or where it opts
in to removing every manually installed package it does not list:
`packages "unlisted" { ensure = "absent" keep = ["linux-image-*"] }`.

## History

Every snapshot is a commit (`snapshot HOST TIME`). `twin history` lists them and `twin diff`
shows what changed since the last commit. `twin time-machine` picks one of the last 20 and
brings the twin's files back to it as a new commit (the machine changes only when you apply);
`twin time-machine --undo` takes that back. `twin logs --errors` shows the errors of the
captured logs, `twin logs --grep PATTERN` the matching lines.

Secrets (shadow files, private keys, Wi-Fi passwords, files only root may read) are not
copied into the twin, and commits holding a private key or an access token are refused.
)";
}

int run_init(const InitOptions& options) {
  std::error_code ec;
  std::string given = !options.dir.empty() ? options.dir : options.twin_dir;
  fs::path dir = given.empty() ? engine::default_twin_dir() : fs::absolute(given, ec).lexically_normal();
  if (!dir.has_filename() && dir != dir.root_path()) dir = dir.parent_path();
  auto root = locate_root(options.root);
  if (!root) return to_int(ExitCode::kError);

  // A directory with state/ is a twin; one made by hand (no .git yet) is
  // completed below, and its snapshot guard protects what it holds.
  bool twin = engine::TwinLayout(dir).is_twin();
  if (twin && has(dir / ".git")) {
    if (auto remembered = engine::remember_twin_dir(dir); !remembered) return fail(remembered.error());
    std::cout << dir.string() << " is already a twin; it is now the one `twin` uses by default.\n";
    return to_int(ExitCode::kOk);
  }
  if (!twin && fs::exists(dir, ec) && (!fs::is_directory(dir, ec) || !fs::is_empty(dir, ec)))
    return fail(engine::make_error(
        "E1206", "refusing to create a twin in a directory that is not empty and not a twin",
        dir.string()));

  engine::TwinConfig config;
  config.device = options.device;
  engine::TwinLayout layout(dir);
  // Private from the start: it will hold copies of files only some groups
  // may read (0640 root:adm), and its commits hold them all.
  if (auto made = engine::make_dirs(dir, 0700); !made) return fail(made.error());
  if (::chmod(dir.c_str(), 0700) != 0)
    return fail(engine::make_error("E1001", std::string("cannot make the twin private: ") +
                                                std::strerror(errno),
                                   dir.string()));
  for (const fs::path& sub :
       {layout.state(), layout.filesystem(), layout.live(), layout.logs(), layout.plans()})
    if (auto made = engine::make_dirs(sub, 0755); !made) return fail(made.error());
  for (auto [name, text] : {std::pair<const char*, std::string>{engine::kTwinConfigFile,
                                                                engine::render_twin_config(config)},
                            {".gitignore", kGitignore},
                            {"README.md", twin_readme()}})
    if (!has(dir / name))
      if (auto written = write(dir / name, text); !written) return fail(written.error());
  auto repo = engine::GitRepo::init(dir);
  if (!repo) return fail(repo.error());
  // The machine this twin describes: plans and applies default to it and
  // refuse another root (ops/workspace.h).
  if (auto recorded = ops::record_root(layout, *root); !recorded) return fail(recorded.error());
  // Without a home to remember it in, the twin is made all the same and
  // named by --twin or TWIN_DIR.
  if (auto remembered = engine::remember_twin_dir(dir); !remembered) {
    if (remembered.error().code != "E1402") return fail(remembered.error());
    std::cout << "Created the twin " << dir.string() << ".\n";
    std::cerr << "twin: warning: " << remembered.error().text()
              << "; name the twin with --twin or TWIN_DIR\n";
  } else {
    std::cout << "Created the twin " << dir.string() << " (remembered in "
              << engine::global_config_path().string() << ").\n";
  }

  if (!options.no_snapshot) return take_snapshot(dir, *root, "the first snapshot, by twin init", false);
  std::string host = options.device.empty() ? hostname_of(*root) : options.device;
  auto committed = engine::commit_twin(*repo, "twin init", "", engine::twin_identity(config, host), config);
  if (!committed) return fail(committed.error());
  std::cout << "Committed the empty layout; run `twin snapshot` to fill it.\n";
  return to_int(ExitCode::kOk);
}

}  // namespace twin::cli
