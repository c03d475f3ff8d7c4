// What the `crontabs "unlisted"` and `accounts "unlisted"` shorthands check
// alike: the only title is "unlisted", and every `keep` entry is a user (or
// group) name as etc/passwd holds them.
#pragma once

#include <string_view>

#include "engine/core/plan.h"
#include "lang/diagnostic.h"

namespace twin::resources {

struct UnlistedCodes {
  const char* title;    // a title other than "unlisted"
  const char* keep;     // a `keep` entry that is no name
  std::string_view kept;  // what keep names, for the message: "user", "user or group"
};

/// Appends the diagnostics to `sink`.
void validate_unlisted(const engine::Resource& resource, const UnlistedCodes& codes,
                       lang::DiagnosticSink& sink);

}  // namespace twin::resources
