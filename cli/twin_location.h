// How a command that does not load the manifests (history, diff, logs,
// checkpoints, rollback, remote, ...) finds its twin and root: the one rule
// of ops/workspace.h, with errors printed and a remembered twin announced.
#pragma once

#include <filesystem>
#include <iostream>
#include <optional>
#include <string>

#include "cli/ops/workspace.h"

namespace twin::cli {

using ops::TargetOptions;

// `notes` takes the announcement of a remembered twin and other notes:
// stdout for text reports, stderr when stdout is JSON.

/// The twin by ops::choose_twin, announced when it is the remembered one.
/// Errors: E1201.
engine::Result<std::filesystem::path> find_twin(const std::string& flag,
                                                std::ostream& notes = std::cout);

/// The same; nullopt after printing the error.
std::optional<std::filesystem::path> locate_twin(const std::string& flag,
                                                 std::ostream& notes = std::cout);

/// The twin and root by ops::locate; nullopt after printing the error.
std::optional<ops::Target> locate_target(const TargetOptions& options,
                                         std::ostream& notes = std::cout);

/// The loaded workspace (ops::Workspace::open) with diagnostics and errors
/// printed; nullptr after an error.
std::unique_ptr<ops::Workspace> open_workspace(const TargetOptions& options,
                                               std::ostream& notes = std::cout);

/// The workspace's plan; nullopt after printing the error.
std::optional<engine::Plan> plan_or_print(const ops::Workspace& workspace);

/// A root for commands about the machine rather than a twin (`agent
/// install`): `flag` made canonical, "/" when empty; nullopt after printing
/// E1203.
std::optional<std::filesystem::path> locate_root(const std::string& flag);

}  // namespace twin::cli
