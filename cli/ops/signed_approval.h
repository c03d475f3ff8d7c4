// Approval of risky changes by a signature the change's author cannot
// forge: a risky finding is approved when every twin file it comes from
// (the manifest declaring it, and the `source` file of the resource) was
// last changed by a commit signed with a key of the machine's trust list,
// and the working tree still holds exactly that commit's version.
//
// The trust lists are outside the twin, under ROOT/etc/twinsync/, written
// only by someone with root on the machine; commit_signature.h says which
// and how each kind of signature (SSH, OpenPGP) is checked.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "cli/ops/agent_report.h"
#include "engine/core/host.h"
#include "engine/core/plan.h"

namespace twin::ops {

/// What the check found for one twin file.
struct FileApproval {
  bool trusted = false;
  std::string commit;  // the commit that last changed it, when known
  std::string signer;  // the trusted principal, when trusted
  std::string why;     // why not, when not
};

class SignedApprovals {
 public:
  SignedApprovals(std::filesystem::path twin_dir, std::filesystem::path root,
                  engine::CommandRunner& runner)
      : twin_dir_(std::move(twin_dir)), root_(std::move(root)), runner_(runner) {}

  /// The verdict for a twin-relative file, computed once per file.
  const FileApproval& file(const std::string& relative);

  /// The findings of `plan` that no trusted signature approves, each with
  /// why in its message; the approved ones are left out.
  std::vector<AgentFinding> unapproved(const engine::Plan& plan);

 private:
  FileApproval check(const std::string& relative);

  std::filesystem::path twin_dir_;
  std::filesystem::path root_;
  engine::CommandRunner& runner_;
  std::map<std::string, FileApproval> verdicts_;
};

}  // namespace twin::ops
