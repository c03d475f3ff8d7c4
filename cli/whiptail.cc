#include "cli/whiptail.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>

#include "cli/box_size.h"

extern char** environ;

namespace twin::cli {
namespace {

struct ListSize {
  int height = 20;
  int width = 76;
};

/// A menu or checklist: most of the terminal, so long lists need little
/// scrolling.
ListSize list_size() {
  Screen screen = terminal_screen();
  return {std::max(10, screen.rows - 4), std::clamp(screen.cols - 6, 40, 120)};
}

/// The size arguments, and --scrolltext before the box option when the text
/// does not fit (only then: it gives the text the focus, and Enter no longer
/// presses the button).
std::vector<std::string> sized(std::vector<std::string> args, const BoxSize& box) {
  if (box.scroll) args.insert(args.begin(), "--scrolltext");
  args.push_back(std::to_string(box.height));
  args.push_back(std::to_string(box.width));
  return args;
}

/// A temp file (0600, removed when it goes) holding text for a textbox.
class TextFile {
 public:
  explicit TextFile(const std::string& text) {
    std::string pattern = (std::filesystem::temp_directory_path() / "twin-menu.XXXXXX").string();
    int fd = ::mkstemp(pattern.data());
    if (fd < 0) return;
    path_ = pattern;
    std::size_t written = 0;
    while (written < text.size()) {
      ssize_t n = ::write(fd, text.data() + written, text.size() - written);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      written += static_cast<std::size_t>(n);
    }
    ::close(fd);
  }
  ~TextFile() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  TextFile(const TextFile&) = delete;
  TextFile& operator=(const TextFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace

std::optional<Whiptail> Whiptail::find() {
  std::string program = "/usr/bin/whiptail";
  if (const char* over = std::getenv("TWIN_WHIPTAIL"); over && *over == '/') program = over;
  if (::access(program.c_str(), X_OK) != 0) return std::nullopt;
  return Whiptail(program);
}

Whiptail::Answer Whiptail::run(const std::vector<std::string>& args) {
  Answer answer;
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return answer;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDERR_FILENO);
  std::vector<std::string> argv = {program_};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> raw;
  for (auto& a : argv) raw.push_back(a.data());
  raw.push_back(nullptr);
  pid_t pid = -1;
  int rc = ::posix_spawn(&pid, program_.c_str(), &actions, nullptr, raw.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fds[0], buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
    if (n > 0) answer.text.append(buf, static_cast<std::size_t>(n));
  ::close(fds[0]);
  if (rc != 0) return answer;
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  answer.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return answer;
}

std::optional<std::string> Whiptail::menu(const std::string& title, const std::string& text,
                                          const std::vector<WhiptailItem>& items) {
  ListSize size = list_size();
  int list_height = std::min<int>(static_cast<int>(items.size()), size.height - 8);
  std::vector<std::string> args = {"--title", title, "--notags", "--cancel-button", "Back",
                                   "--menu", text, std::to_string(size.height),
                                   std::to_string(size.width), std::to_string(list_height)};
  for (const auto& item : items) {
    args.push_back(item.tag);
    args.push_back(item.label);
  }
  Answer a = run(args);
  if (a.exit_code != 0) return std::nullopt;
  return a.text;
}

bool Whiptail::yesno(const std::string& title, const std::string& text,
                     const Question& question) {
  BoxSize box = fit_box(text, title, terminal_screen());
  return run(sized({"--title", title, "--yes-button", question.yes, "--no-button", question.no,
                    "--defaultno", "--yesno", text},
                   box))
             .exit_code == 0;
}

void Whiptail::textbox(const std::string& title, const std::string& text) {
  const std::string& shown = text.empty() ? std::string("(no output)\n") : text;
  BoxSize box = fit_box(shown, title, terminal_screen());
  TextFile file(shown);
  // --msgbox reflows the text but needs no file: the fallback when /tmp
  // cannot take one.
  if (file.path().empty()) (void)run(sized({"--title", title, "--msgbox", shown}, box));
  else (void)run(sized({"--title", title, "--textbox", file.path()}, box));
}

std::optional<std::string> Whiptail::password(const std::string& title, const std::string& text) {
  Answer a = run({"--title", title, "--passwordbox", text, "10", "70"});
  if (a.exit_code != 0) return std::nullopt;
  return a.text;
}

std::optional<std::vector<std::string>> Whiptail::checklist(const std::string& title,
                                                             const std::string& text,
                                                             const std::vector<WhiptailItem>& items,
                                                             const std::vector<bool>& on) {
  ListSize size = list_size();
  int list_height = std::max(1, std::min<int>(static_cast<int>(items.size()), size.height - 8));
  // --separate-output: one chosen tag per line, unquoted (tags may hold spaces).
  std::vector<std::string> args = {"--title", title, "--notags", "--separate-output",
                                   "--cancel-button", "Back", "--checklist", text,
                                   std::to_string(size.height), std::to_string(size.width),
                                   std::to_string(list_height)};
  for (std::size_t i = 0; i < items.size(); ++i) {
    args.push_back(items[i].tag);
    args.push_back(items[i].label);
    args.push_back(i < on.size() && on[i] ? "ON" : "OFF");
  }
  Answer a = run(args);
  if (a.exit_code != 0) return std::nullopt;
  std::vector<std::string> chosen;
  std::size_t start = 0;
  while (start < a.text.size()) {
    std::size_t end = a.text.find('\n', start);
    if (end == std::string::npos) end = a.text.size();
    if (end > start) chosen.push_back(a.text.substr(start, end - start));
    start = end + 1;
  }
  return chosen;
}

std::optional<std::string> Whiptail::inputbox(const std::string& title, const std::string& text,
                                              const std::string& initial) {
  Answer a = run({"--title", title, "--inputbox", text, "10", "70", initial});
  if (a.exit_code != 0) return std::nullopt;
  return a.text;
}

}  // namespace twin::cli
