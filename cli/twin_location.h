// How a command that does not load the manifests (history, diff, logs,
// checkpoints, rollback, remote, ...) finds its twin and root: the one rule
// of ops/workspace.h, with errors printed and a remembered twin announced.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "cli/ops/workspace.h"

namespace twin::cli {

using ops::TargetOptions;

/// The twin by ops::choose_twin, announced on stderr when it is the
/// remembered one. Errors: E1201.
engine::Result<std::filesystem::path> find_twin(const std::string& flag);

/// The same; nullopt after printing the error.
std::optional<std::filesystem::path> locate_twin(const std::string& flag);

/// The twin and root by ops::locate; nullopt after printing the error.
std::optional<ops::Target> locate_target(const TargetOptions& options);

/// The loaded workspace (ops::Workspace::open) with diagnostics and errors
/// printed; nullptr after an error.
std::unique_ptr<ops::Workspace> open_workspace(const TargetOptions& options);

/// The workspace's plan; nullopt after printing the error.
std::optional<engine::Plan> plan_or_print(const ops::Workspace& workspace);

/// A root for commands about the machine rather than a twin (`agent
/// install`): `flag` made canonical, "/" when empty; nullopt after printing
/// E1203.
std::optional<std::filesystem::path> locate_root(const std::string& flag);

}  // namespace twin::cli
