#include "cli/ops/signed_approval.h"

#include <fmt/format.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "cli/ops/agent_policy.h"
#include "engine/core/scratch_dir.h"
#include "engine/repo/git_repo.h"

namespace twin::ops {
namespace {

constexpr char kSshKeygen[] = "/usr/bin/ssh-keygen";
constexpr char kTrustList[] = "etc/twinsync/allowed_signers";

engine::Command ssh_keygen(std::vector<std::string> args, std::string input = {}) {
  return {kSshKeygen, std::move(args), {{"LC_ALL", "C"}, {"PATH", "/usr/bin:/bin"}},
          std::move(input), std::chrono::seconds(30)};
}

FileApproval refused(std::string commit, std::string why) {
  return {false, std::move(commit), "", std::move(why)};
}

}  // namespace

const FileApproval& SignedApprovals::file(const std::string& relative) {
  auto it = verdicts_.find(relative);
  if (it == verdicts_.end()) it = verdicts_.emplace(relative, check(relative)).first;
  return it->second;
}

FileApproval SignedApprovals::check(const std::string& relative) {
  std::filesystem::path trust = root_ / kTrustList;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(trust, ec))
    return refused("", "the machine has no trust list (/" + std::string(kTrustList) + ")");
  auto repo = engine::GitRepo::open(twin_dir_);
  if (!repo) return refused("", repo.error().message);
  auto edited = repo->worktree_changes();
  if (!edited) return refused("", edited.error().message);
  if (edited->count(relative))
    return refused("", relative + " has changes no commit holds, so nothing signed them");
  auto last = repo->last_commit_changing(relative);
  if (!last) return refused("", last.error().message);
  if (!*last) return refused("", "no commit holds " + relative);
  const engine::PathCommit& commit = **last;
  std::string short_id = commit.id.substr(0, 12);
  if (commit.signature.empty())
    return refused(short_id, "commit " + short_id + " by " + commit.author + " is not signed");
  if (commit.signature.find("-----BEGIN SSH SIGNATURE-----") == std::string::npos)
    return refused(short_id, "commit " + short_id + " has a signature that is not SSH's "
                                                     "(OpenPGP is not accepted yet)");
  engine::ScratchDir scratch("twin-sig");
  if (scratch.path().empty()) return refused(short_id, "cannot make a private directory");
  std::filesystem::path sig = scratch.path() / "commit.sig";
  {
    std::ofstream out(sig, std::ios::binary);
    out << commit.signature;
    if (!out) return refused(short_id, "cannot write the signature for ssh-keygen");
  }
  auto principals = runner_.run(
      ssh_keygen({"-Y", "find-principals", "-s", sig.string(), "-f", trust.string()}));
  if (!principals || !principals->succeeded())
    return refused(short_id, "commit " + short_id + " is signed by a key the trust list does "
                                                     "not hold");
  std::string principal = principals->out.substr(0, principals->out.find('\n'));
  auto verified = runner_.run(ssh_keygen({"-Y", "verify", "-f", trust.string(), "-I", principal,
                                          "-n", "git", "-s", sig.string()},
                                         commit.signed_data));
  if (!verified || !verified->succeeded())
    return refused(short_id, "the signature of commit " + short_id + " does not verify");
  return {true, short_id, principal, ""};
}

std::vector<AgentFinding> SignedApprovals::unapproved(const engine::Plan& plan) {
  std::vector<AgentFinding> left;
  engine::Plan one;
  for (const auto& step : plan.steps) {
    one.steps = {step};
    std::vector<AgentFinding> findings = planned_risks(one, twin_dir_);
    if (findings.empty()) continue;
    // Every file the change comes from must be signed: its manifest, and
    // the bytes it writes when they come from a file of the twin.
    std::vector<std::string> files;
    for (const auto& f : findings)
      if (!f.file.empty()) files.push_back(f.file);
    if (step.resource)
      if (const std::string* source = step.resource->get_string("source")) files.push_back(*source);
    std::string why = files.empty() ? "no file of the twin declares it" : "";
    for (const auto& file : files) {
      const FileApproval& verdict = this->file(file);
      if (!verdict.trusted) {
        why = verdict.why;
        break;
      }
    }
    if (why.empty()) continue;
    for (auto& f : findings) {
      f.message += " (not approved: " + why + ")";
      left.push_back(std::move(f));
    }
  }
  return left;
}

}  // namespace twin::ops
