#include "cli/config_fs_command.h"

#include <iostream>
#include <optional>

#include "cli/config_command.h"
#include "cli/exit_code.h"
#include "cli/console_reporter.h"
#include "cli/twin_location.h"
#include "engine/core/twin_layout.h"
#include "engine/repo/effective_config.h"
#include "engine/repo/twin_config_keys.h"
#include "resources/collect_files.h"
#include "resources/rooted_fs.h"

namespace twin::cli {
namespace {
namespace fs = std::filesystem;

int fail(const engine::Error& error) {
  print_error(error);
  return to_int(ExitCode::kError);
}

/// Where a configured root is on the target: "~" resolved as a snapshot
/// resolves it; nullopt when the user has no home there.
std::optional<std::string> machine_path(const std::string& configured,
                                        const std::optional<std::string>& home) {
  if (configured != "~" && configured.rfind("~/", 0) != 0) return configured;
  if (!home) return std::nullopt;
  return *home + configured.substr(1);
}

std::optional<std::string> invoking_home(const resources::RootedFs& target) {
  auto passwd = target.read_file("/etc/passwd");
  return resources::passwd_home(passwd.ok() ? *passwd : "", resources::invoking_user());
}

bool is_directory(const resources::RootedFs& target, const std::string& path) {
  auto meta = target.lstat(path);
  return meta.ok() && *meta && (*meta)->kind == resources::FileKind::kDirectory;
}

/// Files (and symlinks) the twin mirrors under `path`: filesystem/PATH.
std::size_t mirrored_files(const fs::path& twin, const std::string& path) {
  std::size_t count = 0;
  std::error_code ec;
  fs::path dir = engine::TwinLayout(twin).filesystem() / fs::path(path).relative_path();
  for (auto it = fs::recursive_directory_iterator(dir, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
    if (!it->is_directory(ec) || it->is_symlink(ec)) ++count;
  return count;
}

int list_roots(const fs::path& twin, const engine::EffectiveConfig& config,
               const std::string& root_flag) {
  auto root = locate_root(root_flag);
  if (!root) return to_int(ExitCode::kError);
  auto target = resources::RootedFs::open(*root);
  if (!target) return fail(target.error());
  auto home = invoking_home(*target);
  const auto& roots = config.twin.roots;
  if (roots.empty()) {
    std::cout << "No mirrored roots: `twin snapshot` mirrors no files. Add one with "
                 "`twin config-fs add PATH`.\n";
    return to_int(ExitCode::kOk);
  }
  std::size_t width = 0;
  for (const auto& r : roots) width = std::max(width, r.size());
  std::cout << "Mirrored roots (files.roots in " << engine::TwinLayout(twin).config().string() << "), on "
            << root->string() << ":\n";
  for (const auto& configured : roots) {
    std::cout << "  " << configured << std::string(width - configured.size() + 2, ' ');
    auto path = machine_path(configured, home);
    if (!path) {
      std::cout << "unknown  (" << resources::invoking_user() << " has no home in "
                << (*root / "etc/passwd").string() << ")\n";
      continue;
    }
    std::cout << (is_directory(*target, *path) ? "present" : "missing") << "  ";
    std::size_t files = mirrored_files(twin, *path);
    std::string where = engine::layout::in_filesystem(*path);
    if (files == 0)
      std::cout << "nothing mirrored in " << where;
    else
      std::cout << files << (files == 1 ? " file" : " files") << " mirrored in " << where;
    std::cout << (*path != configured ? "  (" + *path + ")" : "") << "\n";
  }
  return to_int(ExitCode::kOk);
}

}  // namespace

bool root_present_under(const fs::path& root, const std::string& configured) {
  auto target = resources::RootedFs::open(root);
  if (!target) return false;
  auto path = machine_path(configured, invoking_home(*target));
  return path && is_directory(*target, *path);
}

int run_config_fs(const ConfigFsOptions& options) {
  bool changes = options.action == "add" || options.action == "remove";
  if (changes && options.path.empty()) {
    std::cerr << "twin: error: `twin config-fs " << options.action
              << "` needs a PATH (absolute or ~/...)\n";
    return to_int(ExitCode::kError);
  }
  if (!changes && !options.path.empty()) {
    std::cerr << "twin: error: only `twin config-fs add` and `remove` take a PATH\n";
    return to_int(ExitCode::kError);
  }
  auto twin = locate_twin(options.twin_dir);
  if (!twin) return to_int(ExitCode::kError);
  auto config = engine::load_effective_config(*twin);
  if (!config) {
    print_error(config.error());
    std::cerr << "Fix config.yaml first (every key is described in SPEC.md, section 1).\n";
    return to_int(ExitCode::kError);
  }
  if (!changes) return list_roots(*twin, *config, options.root);

  auto changed = options.action == "add" ? engine::add_root(*config, options.path)
                                         : engine::remove_root(*config, options.path);
  if (!changed) {
    print_error(changed.error());
    std::cerr << "config.yaml was not changed.\n";
    return to_int(ExitCode::kError);
  }
  std::string root = options.action == "add" ? config->twin.roots.back() : options.path;
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  int code = save_config_change(*twin, *config, "config: " + options.action + " file root " + root,
                                "files.roots");
  if (code == to_int(ExitCode::kOk))
    std::cout << (options.action == "add"
                      ? "The next `twin snapshot` mirrors it into filesystem/.\n"
                      : "The next `twin snapshot` stops mirroring it and no longer manages it; "
                        "what filesystem/ already holds of it is left as it is.\n");
  return code;
}

}  // namespace twin::cli
