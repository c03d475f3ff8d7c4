// Whether a commit's signature was made by a key of the machine's trust
// list. The trust lists live outside the twin, under ROOT/etc/twinsync/,
// written only by someone with root on the machine:
//
//   allowed_signers    ssh-keygen's allowed-signers format
//                      ("PRINCIPAL ssh-ed25519 AAAA..."), for SSH signatures
//   trusted-keys.gpg   an OpenPGP keyring in binary form (`gpg --export`),
//                      for OpenPGP signatures
//
// Each signature is checked by the tool made for it, argv only, never a
// shell: `ssh-keygen -Y find-principals` then `ssh-keygen -Y verify -n git`,
// or `gpgv --keyring` with a throwaway home so that neither the user's nor
// root's GnuPG state is read or written.
#pragma once

#include <filesystem>
#include <string>

#include "engine/core/host.h"

namespace twin::ops {

struct SignatureVerdict {
  bool trusted = false;
  std::string signer;  // who signed, as the trust list names them, when trusted
  std::string why;     // why not, when not (a phrase: "... is signed by a key ...")
};

/// Checks `signature` (a commit's gpgsig header) over `signed_data` (the
/// commit without it) against the trust lists under `root`. `commit` is the
/// short id used in the reasons.
SignatureVerdict verify_commit_signature(engine::CommandRunner& runner,
                                         const std::filesystem::path& root,
                                         const std::string& commit, const std::string& signature,
                                         const std::string& signed_data);

}  // namespace twin::ops
