#include "cli/diff_command.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>

#include "cli/exit_code.h"
#include "cli/console_reporter.h"
#include "cli/twin_location.h"
#include "cli/terminal.h"
#include "engine/core/twin_layout.h"
#include "engine/repo/git_diff.h"
#include "engine/repo/git_repo.h"
#include "engine/repo/twin_location.h"

namespace twin::cli {
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kStatBarWidth = 40;

int fail(const engine::Error& error) {
  print_error(error);
  return to_int(ExitCode::kError);
}

/// A path argument as a path of the twin: relative ones as given, an
/// absolute one inside the twin made relative, any other absolute one as
/// the machine path's mirror under filesystem/.
std::string twin_relative(const fs::path& twin_dir, const std::string& arg) {
  fs::path p(arg);
  if (!p.is_absolute()) return p.lexically_normal().generic_string();
  fs::path inside = p.lexically_normal().lexically_relative(twin_dir);
  if (!inside.empty() && *inside.begin() != "..") return inside.generic_string();
  return fs::path(engine::layout::in_filesystem(p.lexically_normal().string())).generic_string();
}

/// HEAD, HEAD~N or hex digits: meant as a commit, so its error is the commit's.
bool looks_like_commit(const std::string& arg) {
  return arg.rfind("HEAD", 0) == 0 ||
         (!arg.empty() &&
          std::all_of(arg.begin(), arg.end(), [](unsigned char c) { return std::isxdigit(c); }));
}

struct Range {
  std::string from;
  std::optional<std::string> to;  // nullopt: the working tree
  std::vector<std::string> paths;
};

/// Splits the arguments into at most two commits and paths, as git does:
/// a commit first, then whatever is not a commit but exists in the twin
/// starts the paths. After `--`, everything is a path.
std::optional<Range> parse_range(const engine::GitRepo& repo, const DiffOptions& options) {
  const fs::path twin_dir = repo.workdir();
  std::vector<std::string> revs;
  Range range;
  for (const auto& arg : options.args) {
    if (range.paths.empty() && revs.size() < 2) {
      auto id = repo.resolve(arg);
      if (id) {
        revs.push_back(*id);
        continue;
      }
      std::error_code ec;
      if (options.separator || !fs::exists(twin_dir / twin_relative(twin_dir, arg), ec)) {
        print_error(
            looks_like_commit(arg) || options.separator
                ? id.error()
                : engine::make_error("E1220", "neither a commit nor a path of the twin", arg));
        std::cerr << "(A REV is a commit id from `twin history` (4+ hex digits), HEAD, HEAD~N or a branch; "
                     "paths of the twin go after `--`: twin diff [REV] -- PATH...)\n";
        return std::nullopt;
      }
    } else {
      std::error_code ec;
      bool is_path = !options.separator && fs::exists(twin_dir / twin_relative(twin_dir, arg), ec);
      if (!is_path) {
        print_error(options.separator || repo.resolve(arg)
                        ? engine::make_error("E1220", "at most two commits can be compared", arg)
                        : engine::make_error("E1220",
                                             "not a path of the twin (put a path that no longer "
                                             "exists after `--`)",
                                             arg));
        return std::nullopt;
      }
    }
    range.paths.push_back(twin_relative(twin_dir, arg));
  }
  for (const auto& path : options.paths_after_separator)
    range.paths.push_back(twin_relative(twin_dir, path));
  if (revs.empty()) {
    auto head = repo.head_commit();  // E2004 when empty, E2006 when damaged
    if (!head) {
      print_error(head.error());
      return std::nullopt;
    }
    revs.push_back(*head);
  }
  range.from = revs[0];
  if (revs.size() == 2) range.to = revs[1];
  return range;
}

void print_patch(const engine::FileDiff& file, bool color) {
  std::string_view header = file.header;
  while (!header.empty()) {
    std::size_t end = header.find('\n');
    std::cout << paint(header.substr(0, end), "bold", color) << "\n";
    header.remove_prefix(end == std::string_view::npos ? header.size() : end + 1);
  }
  if (file.sensitive_summary) std::cout << paint(*file.sensitive_summary, "yellow", color) << "\n";
  for (const auto& hunk : file.hunks) {
    std::cout << paint(hunk.header, "cyan", color) << "\n";
    for (const auto& line : hunk.lines) {
      std::string text = line.origin + line.text;
      std::cout << (line.origin == '+'   ? paint(text, "green", color)
                    : line.origin == '-' ? paint(text, "red", color)
                                         : text)
                << "\n";
    }
  }
}

/// git's --stat: " PATH | N ++--" with the bar scaled to kStatBarWidth.
void print_stat(const std::vector<engine::FileDiff>& files, bool color) {
  std::size_t name_width = 0, most = 0;
  for (const auto& f : files) {
    name_width = std::max(name_width, f.path.size());
    most = std::max(most, f.additions + f.deletions);
  }
  std::size_t count_width = std::to_string(most).size();
  auto scaled = [&](std::size_t n) {
    if (most <= kStatBarWidth || n == 0) return n;
    return std::max<std::size_t>(1, n * kStatBarWidth / most);
  };
  for (const auto& f : files) {
    std::cout << " " << f.path << std::string(name_width - f.path.size(), ' ') << " | ";
    if (f.binary) {
      std::cout << "Bin " << f.old_size << " -> " << f.new_size << " bytes\n";
      continue;
    }
    std::string count = std::to_string(f.additions + f.deletions);
    std::string plus(scaled(f.additions), '+'), minus(scaled(f.deletions), '-');
    std::cout << std::string(count_width - count.size(), ' ') << count << " "
              << (plus.empty() ? plus : paint(plus, "green", color))
              << (minus.empty() ? minus : paint(minus, "red", color)) << "\n";
  }
}

}  // namespace

int run_diff(const DiffOptions& options) {
  auto twin_dir = find_twin(options.twin_dir);
  if (!twin_dir) return fail(twin_dir.error());
  auto repo = engine::GitRepo::open(*twin_dir);
  if (!repo) return fail(repo.error());
  auto range = parse_range(*repo, options);
  if (!range) return to_int(ExitCode::kError);

  auto files = engine::diff_twin(*twin_dir, {range->from, range->to, range->paths});
  if (!files) return fail(files.error());
  std::string to = range->to ? range->to->substr(0, 8) : "the working tree";
  if (files->empty()) {
    std::cout << "No changes between " << range->from.substr(0, 8) << " and " << to << ".\n";
    return to_int(ExitCode::kOk);
  }
  bool color = use_color(stdout);
  if (options.stat) {
    print_stat(*files, color);
  } else {
    for (const auto& file : *files) print_patch(file, color);
    std::cout << "\n";
  }
  std::cout << " " << engine::diff_summary(engine::diff_totals(*files)) << "\n";
  return options.exit_code ? to_int(ExitCode::kChanges) : to_int(ExitCode::kOk);
}

}  // namespace twin::cli
