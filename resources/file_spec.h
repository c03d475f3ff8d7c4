// The desired state of one `file` resource, read from its declaration.
// Manifests are hostile input: every attribute is checked for name, type and
// value here, and each problem becomes a diagnostic pointing at the value.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/plan.h"
#include "lang/diagnostic.h"
#include "resources/account_db.h"

namespace twin::resources {

enum class Ensure { kFile, kDirectory, kAbsent };

struct FileSpec {
  std::string path;  // absolute and normal (the title)
  Ensure ensure = Ensure::kFile;
  std::optional<std::string> content;  // inline `content`
  std::optional<std::string> source;   // `source`, relative to the twin dir
  std::optional<mode_t> mode;          // unset: new 0644/0755, existing left alone
  std::optional<uid_t> uid;            // unset: new root, existing left alone
  std::optional<gid_t> gid;
  bool sensitive = false;  // content never shown in plans

  bool manages_content() const { return content.has_value() || source.has_value(); }
};

/// The attribute names a `file` accepts, in documentation order.
const std::vector<std::string>& file_attribute_names();

/// "0644" or "644" (3 or 4 octal digits) -> the bits; nullopt otherwise.
std::optional<mode_t> parse_mode(std::string_view text);

/// Reads `resource` into a FileSpec. Appends a diagnostic (codes E0301-E0310,
/// with the span of the offending title, name or value and a hint) for each
/// problem; owner/group names are resolved through `accounts` (the target
/// root's). Returns nullopt when it appended any error. Does not look at the
/// twin directory: `source` is checked by FileProvider::validate.
std::optional<FileSpec> read_file_spec(const engine::Resource& resource, const AccountDb& accounts,
                                       lang::DiagnosticSink& sink);

}  // namespace twin::resources
