// Loads a twin's desired state: every state/*.twin manifest, in name order,
// parsed and evaluated into resources.
#pragma once

#include <filesystem>
#include <vector>

#include "engine/core/plan.h"
#include "engine/core/result.h"
#include "lang/diagnostic.h"
#include "lang/value.h"

namespace twin::engine {

struct LoadedTwin {
  std::filesystem::path dir;
  std::vector<lang::SourcePtr> sources;  // keeps spans valid
  std::vector<Resource> resources;
};

/// Reads `twin_dir`/state/*.twin and the files they import, file() and
/// template() read (paths relative to `twin_dir`). `facts` is the map the
/// manifests see as `facts` (engine/core/facts.h builds it from the target root;
/// the default gives an empty map). Language errors go to `sink` (the result
/// is still returned); a missing or unreadable twin is an Error.
Result<LoadedTwin> load_twin(const std::filesystem::path& twin_dir, lang::DiagnosticSink& sink,
                             const lang::Value& facts = {});

}  // namespace twin::engine
