// The desired state of one `file` resource, read from its declaration.
// Manifests are hostile input: the checker (lang/checker.h) checks them
// against the `file` schema first; this reads the values, refuses any that
// still do not fit, and reports the file rules a schema cannot express.
#pragma once

#include <sys/types.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/plan.h"
#include "lang/diagnostic.h"
#include "resources/account_db.h"

namespace twin::resources {

enum class Ensure { kFile, kDirectory, kLink, kAbsent };

/// Where the machine keeps what twin content must never change: the trust
/// list of signers (etc/twinsync/allowed_signers). Refused as a title (E0312)
/// and never mirrored or purged by a snapshot.
inline constexpr char kTrustDir[] = "/etc/twinsync";

struct FileSpec {
  std::string path;  // absolute and normal (the title)
  Ensure ensure = Ensure::kFile;
  std::optional<std::string> content;  // inline `content`
  std::optional<std::string> source;   // `source`, relative to the twin dir
  /// `package_default`: the bytes this package shipped at `path`
  /// (resources/package_files.h); a validated package name.
  std::optional<std::string> package_default;
  /// `machine_secret = "ID"`: the content is the copy ID of a secret that
  /// stays on this machine (resources/secret_file_store.h); never shown in
  /// plans. A valid ID.
  std::optional<std::string> machine_secret;
  std::optional<std::string> target;   // `target` of ensure = "link", as written
  std::optional<mode_t> mode;          // unset: new 0644/0755, existing left alone
  std::optional<uid_t> uid;            // unset: new root, existing left alone
  std::optional<gid_t> gid;
  bool sensitive = false;  // content never shown in plans
  /// An owner or group by a name the target does not have yet, that a
  /// `user`/`group` declaration of this twin makes (an earlier step: the
  /// file depends on it). uid/gid stay unset until apply reads the accounts
  /// again.
  std::optional<std::string> owner_to_make;
  std::optional<std::string> group_to_make;

  bool manages_content() const {
    return content.has_value() || source.has_value() || package_default.has_value();
  }
};

/// "0644" or "644" (3 or 4 octal digits, lang::mode_problem()) -> the bits;
/// nullopt otherwise.
std::optional<mode_t> parse_mode(std::string_view text);

/// Reads `resource` into a FileSpec. Appends a diagnostic (E0301 title,
/// E0307 source path, E0308/E0309 owner or group unknown in `accounts` (the
/// target root's), E0310 attributes that mean nothing with this ensure, E0311
/// a link without a usable target; with
/// the span of the offending title, name or value and a hint) for each
/// problem of the file rules. What the `file` schema says (attribute names,
/// value types, ensure values, mode format, content xor source) is the
/// checker's to report (lang/checker.h): such a violation only makes the
/// result nullopt, without a diagnostic. Returns nullopt when anything is
/// wrong. Does not look at the twin directory: FileProvider::validate checks
/// that `source` exists.
///
/// `made_by_twin` (may be empty) answers whether a declaration of this twin
/// makes the user (`is_user`) or group of that name: such an owner is
/// accepted before the target has it (FileSpec::owner_to_make).
using AccountMadeByTwin = std::function<bool(bool is_user, std::string_view name)>;
std::optional<FileSpec> read_file_spec(const engine::Resource& resource, const AccountDb& accounts,
                                       lang::DiagnosticSink& sink,
                                       const AccountMadeByTwin& made_by_twin = {});

}  // namespace twin::resources
