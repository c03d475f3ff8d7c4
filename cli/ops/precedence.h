// Generated and hand-written manifests compose: `twin snapshot` writes
// state/{files,packages,services,crontabs}.twin from the machine, and a
// person declares in any other state/*.twin. When both declare the same
// thing (the same type and identity, so `service "cron"` meets
// `service "cron.service"`), the person's declaration wins and the
// generated one is set aside, instead of E0202: the next snapshot leaves
// it out of the generated file anyway (SPEC.md §1, Snapshots).
#pragma once

#include <string>
#include <vector>

#include "engine/core/provider.h"
#include "engine/repo/twin_loader.h"

namespace twin::ops {

/// Removes from `twin.resources` the generated declarations a hand-written
/// one overrides; returns their addresses, in order. Two declarations in
/// the same kind of file are left for E0202.
std::vector<std::string> apply_precedence(engine::LoadedTwin& twin,
                                          const engine::ProviderRegistry& registry);

}  // namespace twin::ops
