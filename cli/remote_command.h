// `twin remote [show | set URL | remove]`: the twin's Git remote (origin),
// any URL Git understands (https, ssh, git, file). Credentials are never part
// of it: a URL with a user name or password is refused.
#pragma once

#include <string>

namespace twin::cli {

struct RemoteOptions {
  std::string twin_dir;         // default: the current directory
  std::string action = "show";  // show, set, remove
  std::string url;              // for set
};

/// Exit 0 on success (also `show` with no remote set), 1 on errors.
int run_remote(const RemoteOptions& options);

}  // namespace twin::cli
