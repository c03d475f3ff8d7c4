// Running Debian's tools on the built package, for the packaging tests.
#pragma once

#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "resources/process_runner.h"

namespace twin::testing {

/// PROGRAM ARGS... (argv, no shell) with a minimal environment; exit_code
/// -1 and the reason in err when it could not run.
inline engine::CommandOutput run_tool(const std::string& program, std::vector<std::string> args,
                                      std::chrono::minutes timeout = std::chrono::minutes(2)) {
  engine::Command c{program,
                    std::move(args),
                    {{"PATH", "/usr/sbin:/usr/bin:/sbin:/bin"},
                     {"LC_ALL", "C"},
                     {"DEBIAN_FRONTEND", "noninteractive"}},
                    "",
                    timeout};
  resources::ProcessRunner runner;
  auto ran = runner.run(c);
  if (!ran) return {.exit_code = -1, .err = ran.error().text()};
  return *ran;
}

/// The paths in a .deb ("./usr/bin/twin"), with their owners ("root/root").
inline std::vector<std::pair<std::string, std::string>> deb_contents(const std::string& deb) {
  auto listed = run_tool("/usr/bin/dpkg-deb", {"--contents", deb});
  std::vector<std::pair<std::string, std::string>> entries;
  std::istringstream lines(listed.out);
  for (std::string line; std::getline(lines, line);) {
    // drwxr-xr-x root/root 0 2026-12-05 23:59 ./usr/
    std::istringstream fields(line);
    std::string mode, owner, size, date, time, path;
    fields >> mode >> owner >> size >> date >> time >> path;
    entries.emplace_back(path, owner);
  }
  return entries;
}

}  // namespace twin::testing
