#include "cli/ops/commit_signature.h"

#include <fstream>
#include <string_view>
#include <system_error>

#include "engine/core/scratch_dir.h"

namespace twin::ops {
namespace {

namespace fs = std::filesystem;

constexpr char kSshKeygen[] = "/usr/bin/ssh-keygen";
constexpr char kGpgv[] = "/usr/bin/gpgv";
constexpr char kSshTrustList[] = "etc/twinsync/allowed_signers";
constexpr char kOpenPgpTrustList[] = "etc/twinsync/trusted-keys.gpg";

engine::Command tool(const char* program, std::vector<std::string> args, std::string input = {}) {
  return {program, std::move(args), {{"LC_ALL", "C"}, {"PATH", "/usr/bin:/bin"}},
          std::move(input), std::chrono::seconds(30)};
}

SignatureVerdict refused(std::string why) { return {false, "", std::move(why)}; }

bool write_file(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
  return static_cast<bool>(out);
}

bool starts_with(const std::string& text, std::string_view prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

SignatureVerdict verify_ssh(engine::CommandRunner& runner, const fs::path& root,
                            const std::string& commit, const std::string& signature,
                            const std::string& signed_data) {
  fs::path trust = root / kSshTrustList;
  std::error_code ec;
  if (!fs::is_regular_file(trust, ec))
    return refused("commit " + commit + " is signed with SSH but the machine has no SSH trust "
                   "list (/" + std::string(kSshTrustList) + ")");
  engine::ScratchDir scratch("twin-sig");
  fs::path sig = scratch.path() / "commit.sig";
  if (scratch.path().empty() || !write_file(sig, signature))
    return refused("cannot write the signature of commit " + commit + " for ssh-keygen");
  auto principals =
      runner.run(tool(kSshKeygen, {"-Y", "find-principals", "-s", sig.string(), "-f",
                                   trust.string()}));
  if (!principals || !principals->succeeded())
    return refused("commit " + commit + " is signed by a key the trust list does not hold");
  std::string principal = principals->out.substr(0, principals->out.find('\n'));
  auto verified = runner.run(tool(kSshKeygen,
                                  {"-Y", "verify", "-f", trust.string(), "-I", principal, "-n",
                                   "git", "-s", sig.string()},
                                  signed_data));
  if (!verified || !verified->succeeded())
    return refused("the signature of commit " + commit + " does not verify");
  return {true, principal, ""};
}

/// The value after `[GNUPG:] KEYWORD ` in gpgv's status output, or empty.
std::string status_line(const std::string& status, std::string_view keyword) {
  std::string marker = "[GNUPG:] " + std::string(keyword) + " ";
  size_t at = status.find(marker);
  if (at == std::string::npos) return "";
  size_t begin = at + marker.size();
  return status.substr(begin, status.find('\n', begin) - begin);
}

SignatureVerdict verify_openpgp(engine::CommandRunner& runner, const fs::path& root,
                                const std::string& commit, const std::string& signature,
                                const std::string& signed_data) {
  fs::path trust = root / kOpenPgpTrustList;
  std::error_code ec;
  if (!fs::is_regular_file(trust, ec))
    return refused("commit " + commit + " is signed with OpenPGP but the machine has no OpenPGP "
                   "trust list (/" + std::string(kOpenPgpTrustList) + ")");
  {
    std::ifstream in(trust, std::ios::binary);
    std::string head(32, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<size_t>(in.gcount()));
    // gpgv reads binary keyrings only; an armored one would read as "no
    // public key" and hide the real mistake.
    if (starts_with(head, "-----BEGIN PGP"))
      return refused("the OpenPGP trust list /" + std::string(kOpenPgpTrustList) +
                     " is armored; store it binary (`gpg --export KEY`, or `gpg --dearmor`)");
  }
  engine::ScratchDir scratch("twin-sig");
  fs::path sig = scratch.path() / "commit.sig";
  fs::path home = scratch.path() / "gnupg";
  if (scratch.path().empty() || !write_file(sig, signature) ||
      !fs::create_directory(home, ec))
    return refused("cannot write the signature of commit " + commit + " for gpgv");
  fs::permissions(home, fs::perms::owner_all, ec);
  auto verified = runner.run(tool(kGpgv,
                                  {"--homedir", home.string(), "--status-fd", "1", "--keyring",
                                   trust.string(), sig.string(), "-"},
                                  signed_data));
  if (!verified) return refused("cannot run gpgv: " + verified.error().message);
  std::string good = status_line(verified->out, "GOODSIG");
  std::string valid = status_line(verified->out, "VALIDSIG");
  if (verified->succeeded() && !good.empty() && !valid.empty()) {
    // GOODSIG <long key id> <user id>; VALIDSIG <fingerprint> ...
    std::string user = good.substr(std::min(good.size(), good.find(' ') + 1));
    std::string fingerprint = valid.substr(0, valid.find(' '));
    return {true, user + " (" + fingerprint + ")", ""};
  }
  if (!status_line(verified->out, "NO_PUBKEY").empty())
    return refused("commit " + commit + " is signed by a key the trust list does not hold");
  return refused("the signature of commit " + commit + " does not verify");
}

}  // namespace

SignatureVerdict verify_commit_signature(engine::CommandRunner& runner, const fs::path& root,
                                         const std::string& commit, const std::string& signature,
                                         const std::string& signed_data) {
  if (signature.find("-----BEGIN SSH SIGNATURE-----") != std::string::npos)
    return verify_ssh(runner, root, commit, signature, signed_data);
  if (signature.find("-----BEGIN PGP SIGNATURE-----") != std::string::npos)
    return verify_openpgp(runner, root, commit, signature, signed_data);
  return refused("commit " + commit + " has a signature of a kind not accepted (only SSH and "
                 "OpenPGP are)");
}

}  // namespace twin::ops
