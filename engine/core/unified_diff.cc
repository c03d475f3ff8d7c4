#include "engine/core/unified_diff.h"

#include <algorithm>

#include "engine/core/git_runtime.h"
#include "engine/core/secrets.h"
#include "lang/sha256.h"

namespace twin::engine {

Result<std::string> unified_diff(const ContentDiff& diff) {
  if (diff.sensitive)
    return (diff.summary.empty() ? sensitive_summary(diff.old_text, diff.new_text) : diff.summary) +
           "\n";
  if (diff.binary)
    return "(binary content: " + std::to_string(diff.old_text.size()) + " → " +
           std::to_string(diff.new_text.size()) + " bytes, sha256 " +
           lang::sha256_hex(diff.old_text).substr(0, 8) + "… → " +
           lang::sha256_hex(diff.new_text).substr(0, 8) + "…)\n";
  ensure_libgit2();
  git_diff_options options = GIT_DIFF_OPTIONS_INIT;
  options.context_lines = 3;
  git_patch* raw = nullptr;
  int rc = git_patch_from_buffers(&raw, diff.old_text.data(), diff.old_text.size(),
                                  diff.old_label.c_str(), diff.new_text.data(),
                                  diff.new_text.size(), diff.new_label.c_str(), &options);
  if (rc < 0) return git_failure(rc, "cannot compute diff");
  GitPatch patch(raw);
  git_buf buf = GIT_BUF_INIT;
  rc = git_patch_to_buf(&buf, patch.get());
  if (rc < 0) return git_failure(rc, "cannot format diff");
  std::string text(buf.ptr, buf.size);
  git_buf_dispose(&buf);
  // libgit2's header lines are meant for repositories ("diff --git",
  // a/ and b/ prefixes); the labels are used verbatim instead.
  std::size_t hunks = text.find("\n@@");
  std::string body = hunks == std::string::npos ? std::string() : text.substr(hunks + 1);
  return "--- " + diff.old_label + "\n+++ " + diff.new_label + "\n" + body;
}

}  // namespace twin::engine
