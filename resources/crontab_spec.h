// The desired state of a `crontab` resource, read and checked from its
// declaration (pure: no command runs here; `source` is not read).
#pragma once

#include <optional>
#include <string>

#include "engine/core/plan.h"
#include "lang/diagnostic.h"
#include "resources/account_db.h"

namespace twin::resources {

/// The desired state of one `crontab`, read from its declaration.
struct CrontabSpec {
  std::string user;
  bool absent = false;                // ensure = "absent"
  std::optional<std::string> text;    // from `content` or the entries, newline-terminated
  std::optional<std::string> source;  // `source`, relative to the twin directory
  bool sensitive = false;
};

/// Reads and checks a `crontab` declaration against the target's accounts,
/// appending diagnostics E0336-E0347 (line-precise spans into `content` where
/// the text appears literally in the manifest). Does not read `source`.
/// nullopt when it appended an error, or silently when the declaration
/// breaks the `crontab` schema (names, types, enum values: the checker's).
std::optional<CrontabSpec> read_crontab_spec(const engine::Resource& resource,
                                             const AccountDb& accounts, lang::DiagnosticSink& sink);

/// "# twin: NAME\nSCHEDULE COMMAND\n" for each entry block, in order.
std::string render_crontab_entries(const engine::Resource& resource);

/// `text` with a final newline (Debian's crontab refuses a file without one).
std::string with_final_newline(std::string text);

}  // namespace twin::resources
