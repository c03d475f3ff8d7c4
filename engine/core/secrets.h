// Recognising content that must never be shown or leave the machine by
// accident: private key blocks and password/token-style assignments.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace twin::engine {

/// Credentials recognisable by their form alone, wherever they appear: key
/// blocks (PEM "PRIVATE KEY", OpenPGP "PRIVATE KEY BLOCK", PuTTY .ppk) and
/// tokens (GitHub, GitLab, Slack, Google, AWS access key ids, Stripe live
/// keys). A snapshot refuses to commit them (engine/repo/snapshot_commit.h).
std::optional<std::string> credential_reason(std::string_view text);

/// A short reason ("private key block", "token= assignment", ".netrc
/// password") when `text` looks like it holds a secret: a credential as
/// above, a password/token/secret assignment (`db_password: x`,
/// `psk=...`, `aws_secret_access_key = ...`), a .netrc `password` entry,
/// or a crypt(3) password hash field (`user:$y$...:`). The one test plans,
/// diffs, logs and the snapshot's file collector use; nullopt otherwise.
std::optional<std::string> secret_reason(std::string_view text);

/// Sets the key sensitive content is digested with: the machine's own
/// (TWIN/.twin/digest-key, never committed; resources/digest_key.h). Until
/// it is set, a random key for this process only.
void set_sensitive_digest_key(std::string key);

/// HMAC-SHA-256 of `bytes` under the machine's key, in hex. A plain SHA-256
/// of a short secret (a PIN, a password file) could be guessed offline from
/// a plan; this changes whenever the content does, on this machine only.
std::string sensitive_digest(std::string_view bytes);

/// "(sensitive: N lines changed, digest ab12cd34… → ef56ab78…)": how a
/// sensitive content change appears in plans, checkpoint listings and logs
/// (the digests are sensitive_digest prefixes).
std::string sensitive_summary(std::string_view old_text, std::string_view new_text);

}  // namespace twin::engine
