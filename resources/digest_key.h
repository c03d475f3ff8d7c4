// The machine's key for digests of sensitive content (engine/core/secrets.h
// sensitive_digest): 32 random bytes in TWIN/.twin/digest-key, mode 0600,
// never committed. Keyed digests let a plan show that a secret changed, and
// let its fingerprint change with it, without a digest anyone could match
// against guesses of a short secret.
#pragma once

#include <filesystem>

#include "engine/core/result.h"

namespace twin::resources {

/// Makes sensitive_digest use this twin's machine key, creating the key on
/// first use. A key that is not the effective user's 0600 file (one that
/// came from a commit) is replaced. Errors: the twin's .twin/ cannot be
/// read or written; digests then use a key for this process only.
engine::Status use_machine_digest_key(const std::filesystem::path& twin_dir);

}  // namespace twin::resources
