// Who brought a risky change in: the incoming commit that last touched a
// declaration, found by blaming its lines since the head before a pull.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "engine/repo/git_remote.h"
#include "engine/core/plan.h"
#include "engine/core/provider.h"
#include "lang/diagnostic.h"

namespace twin::ops {

/// The incoming commit (after `since`) that last touched the declaration a
/// finding is about; nullopt when none did (it was there before).
std::optional<engine::IncomingCommit> introduced_by(const std::filesystem::path& twin,
                                                    const std::vector<engine::Resource>& resources,
                                                    const lang::Diagnostic& finding,
                                                    const std::string& since);

/// How many risky declarations came in after `since` but change nothing on
/// this machine (no step of `plan`), so they are not flagged.
std::size_t count_inert_incoming(const engine::ProviderRegistry& registry,
                                 const std::vector<engine::Resource>& resources,
                                 const engine::Plan& plan, const std::filesystem::path& twin,
                                 const std::string& since);

}  // namespace twin::ops
