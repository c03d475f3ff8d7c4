// Manifests to resources: parses and evaluates the entry files and every
// file they import. The caller provides file access (SourceReader) and the
// machine's facts, so lang/ itself knows nothing of the system.
#pragma once

#include <vector>

#include "lang/diagnostic.h"
#include "lang/limits.h"
#include "lang/resource_decl.h"
#include "lang/source.h"
#include "lang/source_reader.h"
#include "lang/value.h"

namespace twin::lang {

struct LoadOptions {
  /// Reads imported files and serves file() and template(), by path
  /// relative to the twin root. Not owned; may be null, and then only
  /// imports of other entry files resolve (others fail with E0109).
  SourceReader* reader = nullptr;
  /// The `facts` map the manifests read (`facts.os.id`); a Value holding a
  /// Map. Anything else (the default) gives an empty map.
  Value facts;
  /// Serves `import "std:NAME"` (the standard library of defines) as
  /// "NAME.twin". Not owned; may be null, and then std: imports fail (E0109).
  SourceReader* std_reader = nullptr;
  /// Shared modules: the root-relative directory (e.g. "modules") holding
  /// one subdirectory per module. When set, an import path whose first
  /// segment is this directory resolves from the root ("modules/web/web.twin"
  /// from any file) and may not contain ".."; a file inside DIR/NAME/ may
  /// import only files of its own module (its relative imports resolve
  /// inside it), other modules through "DIR/OTHER/…", and std:. Empty (the
  /// default): every import path is relative to the importing file.
  std::string modules_dir;
  /// The help line of E0109 when an import under `modules_dir` cannot be
  /// read: the caller knows how modules are fetched. Empty: a generic one.
  std::string missing_module_hint;
  /// What the evaluation may build and how long it may run (E0128-E0131);
  /// tests lower them.
  EvalLimits limits;
};

/// Parses and evaluates each entry file (paths relative to the twin root,
/// e.g. "state/site.twin") and, depth first, every file it imports. Each
/// file is evaluated once, however many files import it or whether it is
/// also an entry; its resources come out once, after those of the files it
/// imports and before the rest of the importer's. An import brings the
/// imported file's own top-level lets and defines into the importer (not
/// what that file imported itself); resources are global anyway.
///
/// Reports everything to `sink`: syntax errors (the file is still
/// evaluated as far as it parsed), E0108 import cycle with the whole chain,
/// E0109 unreadable import, E0110 name clashes between imports and lets,
/// E0125 import path outside the twin (or outside the importing module, see
/// LoadOptions::modules_dir), every evaluation error, and E0128-E0131 when
/// the evaluation exceeds LoadOptions::limits. Callers
/// must check `sink.has_errors()` before using the result.
std::vector<ResourceDecl> load(const std::vector<SourcePtr>& entry_files,
                               const LoadOptions& options, DiagnosticSink& sink);

/// load() without a reader or facts (kept for callers that predate them).
std::vector<ResourceDecl> load_sources(const std::vector<SourcePtr>& files, DiagnosticSink& sink);

}  // namespace twin::lang
