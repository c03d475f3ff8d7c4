// The twin as it was at a commit, loaded the way the current one is (the
// machine's facts, precedence, expansion), to see which resources a later
// change touches. The commit's tree is written to a private scratch
// directory first (engine/repo/tree_export.h), since the loader, the
// checker and a mirror's listing read a twin from disk.
#pragma once

#include <filesystem>
#include <string>
#include <unordered_map>

#include "engine/core/provider.h"
#include "engine/core/result.h"
#include "lang/value.h"

namespace twin::ops {

struct PastTwin {
  std::string commit;  // full id
  /// Address to resource_fingerprint(), for every resource after expansion.
  std::unordered_map<std::string, std::string> fingerprints;
  /// Address to the resource as declared then (after expansion), so a rule
  /// can tell which of its attributes changed (RiskScope::before).
  std::unordered_map<std::string, engine::Resource> resources;
};

/// Loads the twin of `twin_dir`'s repository at `revision` (a commit id,
/// HEAD~N, branch or tag). Errors: E2002, E2003, those of reading and
/// writing out its tree (E2001, E2005), and E1223 when its manifests do not
/// load without errors (nothing could then be compared with it).
engine::Result<PastTwin> load_past_twin(const std::filesystem::path& twin_dir,
                                        const std::string& revision, const lang::Value& facts,
                                        const engine::ProviderRegistry& registry,
                                        const engine::Host& host);

}  // namespace twin::ops
