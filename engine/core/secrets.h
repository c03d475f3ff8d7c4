// Recognising content that must never be shown or leave the machine by
// accident: private key blocks and password/token-style assignments.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace twin::engine {

/// A short reason ("private key block", "token= assignment") when `text`
/// looks like it holds a secret; nullopt otherwise.
std::optional<std::string> secret_reason(std::string_view text);

/// "(sensitive: N lines changed, sha256 ab12cd34… → ef56ab78…)": how a
/// sensitive content change appears in plans, checkpoint listings and logs.
std::string sensitive_summary(std::string_view old_text, std::string_view new_text);

}  // namespace twin::engine
