#include "cli/fmt_command.h"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <system_error>

#include "cli/exit_code.h"
#include "cli/console_reporter.h"
#include "cli/twin_location.h"
#include "engine/core/twin_layout.h"
#include "engine/core/durable_io.h"
#include "lang/formatter.h"

namespace twin::cli {
namespace {
namespace fs = std::filesystem;

// A twin's modules/ holds other people's code pinned by modules.lock:
// reformatting it would only make `twin modules verify` fail.
bool is_pinned_modules_dir(const fs::path& dir) {
  std::error_code ec;
  engine::TwinLayout twin(dir.parent_path());
  return dir.filename() == engine::layout::kModules &&
         (fs::exists(twin.modules_lock(), ec) || fs::exists(twin.config(), ec));
}

// The .twin files under `path` (itself when a file), in name order; hidden
// directories (.git, .twin-state) and a twin's modules/ are skipped.
void collect(const fs::path& path, std::vector<fs::path>& out, std::error_code& ec) {
  if (!fs::is_directory(path, ec)) {
    out.push_back(path);
    return;
  }
  std::vector<fs::path> found;
  auto it = fs::recursive_directory_iterator(path, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::path& entry = it->path();
    if (it->is_directory(ec) &&
        (entry.filename().string().front() == '.' || is_pinned_modules_dir(entry))) {
      it.disable_recursion_pending();
      continue;
    }
    if (entry.extension() == engine::layout::kManifestExtension && it->is_regular_file(ec))
      found.push_back(entry);
  }
  std::sort(found.begin(), found.end());
  out.insert(out.end(), found.begin(), found.end());
}

}  // namespace

int run_fmt(const FmtOptions& options) {
  std::vector<std::string> roots = options.paths.empty() ? std::vector<std::string>{"."} : options.paths;
  std::vector<fs::path> files;
  bool failed = false;
  for (const std::string& root : roots) {
    std::error_code ec;
    collect(root, files, ec);
    if (ec) {
      std::cerr << "twin: error: cannot list " << root << ": " << ec.message() << "\n";
      failed = true;
    }
  }
  bool unformatted = false;
  for (const fs::path& path : files) {
    auto text = engine::read_whole_file(path);
    if (!text) {
      print_error(text.error());
      failed = true;
      continue;
    }
    lang::DiagnosticSink sink;
    std::optional<std::string> formatted =
        lang::format_source(lang::make_source(path.string(), *text), sink);
    if (!formatted) {
      print_diagnostics(sink);
      failed = true;
      continue;
    }
    if (*formatted == *text) continue;
    unformatted = true;
    if (!options.check) {
      std::error_code ec;
      auto mode = static_cast<unsigned>(fs::status(path, ec).permissions() & fs::perms::mask);
      if (auto written = engine::write_file_durably(path, *formatted, ec ? 0644 : mode); !written) {
        print_error(written.error());
        failed = true;
        continue;
      }
    }
    std::cout << path.string() << "\n";
  }
  if (failed || (options.check && unformatted)) return to_int(ExitCode::kError);
  return to_int(ExitCode::kOk);
}

}  // namespace twin::cli
