// Risky-change findings for `twin lint`, judged on what the twin would
// make rather than on its text: the declarations after expansion (a
// mirror's files one by one) and, for a file whose `source` is a file of
// the twin, the bytes of that file (read beneath the twin).
//
// With a base commit (in CI, the branch a push is compared with: `--base
// origin/main`), only what differs from the twin at the base is judged,
// and judged whole: a file a snapshot recorded as its own copy in
// filesystem/ is judged by its bytes once they differ from the base's,
// and every finding names the commit and author that brought it in (or
// says no commit holds it yet). Without a base, such copies are left to
// the plan, which judges them against the machine: a snapshot's twin holds
// the machine's own sudoers and PAM files, and recording them is not a
// change.
#pragma once

#include <string>

#include "engine/core/provider.h"
#include "engine/core/result.h"
#include "engine/repo/twin_loader.h"
#include "lang/diagnostic.h"
#include "lang/value.h"

namespace twin::ops {

struct LintRisks {
  std::string base_id;     // the full id compared with; "" without a base
  std::size_t judged = 0;  // resources judged (after expansion)
};

/// Appends the W03xx findings of `twin` (already loaded, precedence
/// applied) to `sink`; `base` is a commit, branch or tag of the twin, or
/// "" for none. `facts` are the machine's, for loading the base the same
/// way. Errors: E2003 for a base that names no commit; E2001/E2005 when the
/// base cannot be read or written out.
engine::Result<LintRisks> judge_lint_risks(const engine::LoadedTwin& twin,
                                           const engine::ProviderRegistry& registry,
                                           const engine::Context& ctx, const lang::Value& facts,
                                           const std::string& base, lang::DiagnosticSink& sink);

}  // namespace twin::ops
