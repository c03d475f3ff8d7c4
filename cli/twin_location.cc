#include "cli/twin_location.h"

#include "cli/console_reporter.h"

namespace twin::cli {
namespace fs = std::filesystem;

engine::Result<fs::path> find_twin(const std::string& flag, std::ostream& notes) {
  auto twin = ops::choose_twin(flag);
  if (!twin) return twin.error();
  if (twin->source == ops::TwinSource::kRemembered) {
    auto root = ops::choose_root(engine::TwinLayout(twin->dir), "");
    ConsoleReporter(notes).target(*twin, root ? *root : fs::path("/"));
  }
  return twin->dir;
}

std::optional<fs::path> locate_twin(const std::string& flag, std::ostream& notes) {
  auto twin = find_twin(flag, notes);
  if (!twin) {
    print_error(twin.error());
    return std::nullopt;
  }
  return *twin;
}

std::optional<ops::Target> locate_target(const TargetOptions& options, std::ostream& notes) {
  ConsoleReporter reporter(notes);
  auto target = ops::locate(options, reporter);
  if (!target) {
    print_error(target.error());
    return std::nullopt;
  }
  return *target;
}

std::unique_ptr<ops::Workspace> open_workspace(const TargetOptions& options,
                                               std::ostream& notes) {
  ConsoleReporter reporter(notes);
  auto workspace = ops::Workspace::open(options, reporter);
  if (!workspace) {
    print_error(workspace.error());
    return nullptr;
  }
  return std::move(*workspace);
}

std::optional<engine::Plan> plan_or_print(const ops::Workspace& workspace) {
  auto plan = workspace.plan();
  if (!plan) {
    print_error(plan.error());
    return std::nullopt;
  }
  return std::move(*plan);
}

std::optional<fs::path> locate_root(const std::string& flag) {
  auto root = ops::root_from_flag(flag.empty() ? "/" : flag);
  if (!root) {
    print_error(root.error());
    return std::nullopt;
  }
  return *root;
}

}  // namespace twin::cli
