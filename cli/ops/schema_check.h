// The schema check every pipeline needs (lint, plan, apply, review, agent):
// loaded resources type-checked against the stdlib's schemas.
#pragma once

#include <filesystem>
#include <vector>

#include "lang/checker.h"
#include "lang/resource_decl.h"
#include "lang/schema.h"
#include "resources/twin_file_probe.h"

namespace twin::ops {

/// The schemas of stdlib/*.twin, parsed once on first use, with the value
/// formats resources registers (resources/value_formats.h).
const lang::SchemaSet& builtin_schemas();

/// Type-checks loaded resources against builtin_schemas(); `source`-like
/// paths are looked up as regular files under `twin_dir`. Problems of the
/// stdlib itself (a bug) are appended to `sink` as errors too.
lang::CheckResult check_twin(const std::vector<lang::ResourceDecl>& resources,
                             const std::filesystem::path& twin_dir, lang::DiagnosticSink& sink);

/// The same, looking sources up through `probe`, which then holds the
/// lstat of each regular file it found (for the file provider's validation,
/// resources/twin_file_probe.h).
lang::CheckResult check_twin(const std::vector<lang::ResourceDecl>& resources,
                             resources::TwinFileProbe& probe, lang::DiagnosticSink& sink);

}  // namespace twin::ops
