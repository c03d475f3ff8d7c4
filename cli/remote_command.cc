#include "cli/remote_command.h"

#include <iostream>

#include "cli/exit_code.h"
#include "cli/console_reporter.h"
#include "cli/twin_location.h"
#include "engine/repo/git_remote.h"

namespace twin::cli {

int run_remote(const RemoteOptions& options) {
  auto twin = locate_twin(options.twin_dir);
  if (!twin) return to_int(ExitCode::kError);
  const std::string name(engine::kRemoteName);
  if (options.action == "set") {
    if (options.url.empty()) {
      std::cerr << "twin: error: `twin remote set` needs a URL\n";
      return to_int(ExitCode::kError);
    }
    if (auto ok = engine::set_remote_url(*twin, options.url); !ok) {
      print_error(ok.error());
      return to_int(ExitCode::kError);
    }
    std::cout << "Remote " << name << " is now " << options.url << "\n";
    return to_int(ExitCode::kOk);
  }
  if (!options.url.empty()) {
    std::cerr << "twin: error: only `twin remote set` takes a URL\n";
    return to_int(ExitCode::kError);
  }
  if (options.action == "remove") {
    if (auto ok = engine::remove_remote(*twin); !ok) {
      print_error(ok.error());
      return to_int(ExitCode::kError);
    }
    std::cout << "Removed the remote " << name << "; the twin's history is unchanged.\n";
    return to_int(ExitCode::kOk);
  }
  auto url = engine::remote_url(*twin);
  if (!url) {
    print_error(url.error());
    return to_int(ExitCode::kError);
  }
  if (!url->has_value())
    std::cout << "No remote is set. Set one with `twin remote set URL`, or create a private "
                 "GitHub repository with `twin setup-github`.\n";
  else
    std::cout << name << "\t" << **url << "\n";
  return to_int(ExitCode::kOk);
}

}  // namespace twin::cli
