#include "cli/ops/signed_approval.h"

#include "cli/ops/agent_policy.h"
#include "cli/ops/commit_signature.h"
#include "engine/repo/git_repo.h"

namespace twin::ops {
namespace {

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
  SignatureVerdict verdict =
      verify_commit_signature(runner_, root_, short_id, commit.signature, commit.signed_data);
  if (!verdict.trusted) return refused(short_id, verdict.why);
  return {true, short_id, verdict.signer, ""};
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
