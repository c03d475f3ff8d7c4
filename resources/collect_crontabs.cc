#include "resources/collect_crontabs.h"

#include "resources/account_names.h"
#include "resources/collect_walk.h"
#include "resources/cron_syntax.h"
#include "resources/crontab_provider.h"

namespace twin::resources {

engine::Result<CrontabsCollection> collect_crontabs(const RootedFs& fs) {
  CrontabsCollection out;
  auto listing = list_tree(fs.root(), kCrontabSpoolDir, false);
  if (!listing) return listing.error();
  if (!*listing) return out;
  for (const auto& entry : (*listing)->entries) {
    std::string user = entry.path.substr(entry.path.rfind('/') + 1);
    if (entry.meta.kind != FileKind::kFile) {
      out.skipped.push_back(user + ": not a regular file");
      continue;
    }
    if (!is_valid_user_name(user)) {
      // crontab(1) leaves temporary files (tmp.XXXX) in the spool while editing.
      out.skipped.push_back(user + ": not a user name");
      continue;
    }
    auto bytes = fs.read_file(entry.path);
    if (!bytes) {
      out.skipped.push_back(user + ": " + bytes.error().message);
      continue;
    }
    CollectedCrontab crontab{user, strip_crontab_header(*bytes), std::nullopt};
    auto problems = check_crontab_text(crontab.text);
    if (!problems.empty())
      crontab.problem = "line " + std::to_string(problems.front().line) + ": " +
                        problems.front().problem.message;
    out.crontabs.push_back(std::move(crontab));
  }
  return out;
}

}  // namespace twin::resources
