#include "cli/menu_child.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <string_view>

#include "cli/console_reporter.h"
#include "resources/process_runner.h"

extern char** environ;

namespace twin::cli {

Captured run_twin(const std::vector<std::string>& args,
                  const std::vector<std::pair<std::string, std::string>>& extra_env) {
  std::error_code ec;
  std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return {1, "Cannot find the twin binary: " + ec.message() + "\n"};
  engine::Command command{self.string(), args, {}, "", std::chrono::hours(2)};
  for (char** e = environ; e && *e; ++e) {
    std::string_view entry(*e);
    auto eq = entry.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;
    std::string name(entry.substr(0, eq));
    if (name == "NO_COLOR") continue;
    bool overridden = std::any_of(extra_env.begin(), extra_env.end(),
                                  [&](const auto& kv) { return kv.first == name; });
    if (!overridden) command.env.emplace_back(name, std::string(entry.substr(eq + 1)));
  }
  command.env.emplace_back("NO_COLOR", "1");
  command.env.insert(command.env.end(), extra_env.begin(), extra_env.end());
  resources::ProcessRunner runner;
  auto ran = runner.run(command);
  if (!ran) return {1, error_text(ran.error(), false)};
  return {ran->exit_code, ran->out + ran->err};
}

}  // namespace twin::cli
