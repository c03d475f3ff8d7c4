#include "cli/setup_github_command.h"

#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <iostream>

#include "cli/exit_code.h"
#include "cli/console_reporter.h"
#include "cli/twin_location.h"
#include "cli/terminal.h"
#include "engine/repo/credentials.h"
#include "engine/core/durable_io.h"
#include "engine/repo/git_remote.h"
#include "engine/repo/http_url.h"

namespace twin::cli {
namespace {
namespace fs = std::filesystem;

/// Turns terminal echo off while it lives.
class EchoOff {
 public:
  EchoOff() {
    if (::tcgetattr(STDIN_FILENO, &saved_) != 0) return;
    termios quiet = saved_;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    active_ = ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
  }
  ~EchoOff() {
    if (active_) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_);
  }
  EchoOff(const EchoOff&) = delete;
  EchoOff& operator=(const EchoOff&) = delete;

 private:
  termios saved_{};
  bool active_ = false;
};

std::string trimmed(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  std::size_t start = 0;
  while (start < s.size() && std::isspace(static_cast<unsigned char>(s[start]))) ++start;
  return s.substr(start);
}

bool inside(const fs::path& path, const fs::path& dir) {
  std::error_code ec;
  fs::path rel = fs::weakly_canonical(path, ec).lexically_relative(fs::weakly_canonical(dir, ec));
  return !rel.empty() && *rel.begin() != "..";
}

/// The token, from the first source that has one.
engine::Result<std::string> find_token(const SetupGithubOptions& options, const fs::path& twin,
                                       SetupPrompter& prompter) {
  if (!options.token_file.empty()) {
    if (inside(options.token_file, twin))
      return engine::make_error("E2111",
                                "the token file is inside the twin, where it could be committed; "
                                "keep it elsewhere",
                                options.token_file);
    auto text = engine::read_whole_file(options.token_file);
    if (!text) return engine::make_error("E2111", "cannot read the token file", options.token_file);
    return trimmed(*text);
  }
  for (const char* name : {"GITHUB_TOKEN", "GH_TOKEN"})
    if (const char* value = std::getenv(name); value && *value) return trimmed(value);
  if (!prompter.can_ask())
    return engine::make_error("E2111",
                              "no GitHub token: set GITHUB_TOKEN (or GH_TOKEN), pass --token-file "
                              "FILE, or run on a terminal to be asked");
  auto typed = prompter.secret("GitHub token (input hidden): ");
  if (!typed || trimmed(*typed).empty())
    return engine::make_error("E2111", "no token was given; nothing was changed");
  return trimmed(*typed);
}

std::string default_repo_name() {
  char host[256] = "machine";
  (void)::gethostname(host, sizeof host - 1);
  std::string name = "twin-";
  for (char c : std::string(host))
    name += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' ? c : '-';
  return name;
}

bool valid_name(std::string_view s) {
  return !s.empty() && s.size() <= 100 && s != "." && s != ".." &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) {
           return std::isalnum(c) || c == '-' || c == '_' || c == '.';
         });
}

struct RepoTarget {
  std::string owner;  // empty: the token's user
  std::string name;
};

engine::Result<RepoTarget> repo_target(const SetupGithubOptions& options) {
  RepoTarget target{options.org, options.repo.empty() ? default_repo_name() : options.repo};
  if (auto slash = target.name.find('/'); slash != std::string::npos) {
    std::string owner = target.name.substr(0, slash);
    if (!options.org.empty() && owner != options.org)
      return engine::make_error("E2106", "--repo names owner " + owner + " but --org is " +
                                             options.org);
    target.owner = owner;
    target.name = target.name.substr(slash + 1);
  }
  if (!valid_name(target.name) || (!target.owner.empty() && !valid_name(target.owner)))
    return engine::make_error("E2106",
                              "a repository name is letters, digits, '-', '_' and '.' only",
                              options.repo);
  return target;
}

/// Links the existing repository after the user agreed; refuses public ones.
engine::Result<engine::GithubRepo> link_existing(engine::GithubClient& github,
                                                 const std::string& owner,
                                                 const std::string& name,
                                                 const SetupGithubOptions& options,
                                                 SetupPrompter& prompter) {
  std::cout << "A repository " << owner << "/" << name << " already exists.\n";
  bool agreed = options.yes ||
                (prompter.can_ask() &&
                 prompter.confirm("Link this twin to the existing " + owner + "/" + name + "?"));
  if (!agreed)
    return engine::make_error("E2105",
                              "the repository " + owner + "/" + name +
                                  " already exists; pass --yes to link the twin to it, or choose "
                                  "another name with --repo");
  auto repo = github.get_repo(owner, name);
  if (!repo) return repo.error();
  if (!repo->is_private)
    return engine::make_error("E2112",
                              repo->full_name +
                                  " is public, and a twin holds this machine's configuration: "
                                  "make it private on GitHub first, or choose another --repo");
  return repo;
}

int fail(const engine::Error& error) {
  print_error(error);
  return to_int(ExitCode::kError);
}

}  // namespace

bool TerminalPrompter::can_ask() const { return is_interactive(); }

std::optional<std::string> TerminalPrompter::secret(std::string_view prompt) {
  std::cout << prompt << std::flush;
  std::string line;
  bool read = false;
  {
    EchoOff quiet;
    read = static_cast<bool>(std::getline(std::cin, line));
  }
  std::cout << "\n";
  if (!read) return std::nullopt;
  return line;
}

bool TerminalPrompter::confirm(std::string_view question) { return cli::confirm(question); }

int run_setup_github(const SetupGithubOptions& options, SetupPrompter& prompter) {
  auto twin = locate_twin(options.twin_dir);
  if (!twin) return to_int(ExitCode::kError);
  if (auto current = engine::remote_url(*twin); !current) return fail(current.error());
  auto target = repo_target(options);
  if (!target) return fail(target.error());
  auto token = find_token(options, *twin, prompter);
  if (!token) return fail(token.error());
  auto store = engine::CredentialStore::load_default();
  if (!store) return fail(store.error());
  if (inside(store->path(), *twin))
    return fail(engine::make_error("E2110", "the credentials file would be inside the twin",
                                   store->path().string()));

  std::string api_url = options.api_url;
  if (const char* env = std::getenv("GITHUB_API_URL"); api_url.empty() && env && *env) api_url = env;
  if (api_url.empty()) api_url = engine::kGithubApiUrl;
  engine::CurlHttpClient http;
  engine::GithubClient github(http, api_url, *token);
  std::cout << "Checking the token with " << api_url << " ..." << std::flush;
  auto account = github.current_user();
  std::cout << "\n";
  if (!account) return fail(account.error());
  std::cout << "The token belongs to " << account->login << ".\n";

  std::string owner = target->owner.empty() ? account->login : target->owner;
  std::string org = owner == account->login ? "" : owner;
  auto repo = github.create_private_repo(target->name, org,
                                         "TwinSync++ twin of " + default_repo_name().substr(5));
  if (!repo && repo.error().code == "E2105")
    repo = link_existing(github, owner, target->name, options, prompter);
  else if (repo)
    std::cout << "Created the private repository " << repo->full_name << " (" << repo->html_url
              << ").\n";
  if (!repo) return fail(repo.error());

  auto url = engine::parse_url(repo->clone_url);
  if (!url || !engine::allows_token(*url) || !url->userinfo.empty())
    return fail(engine::make_error("E2108", "GitHub gave a clone URL twin will not use",
                                   url ? url->scheme + "://" + engine::host_key(*url) : ""));
  std::string host = engine::host_key(*url);
  store->put(host, {*token, api_url, account->login});
  if (auto saved = store->save(); !saved) return fail(saved.error());
  std::cout << "Saved the token for " << host << " in " << store->path().string()
            << " (mode 0600).\n";

  if (auto set = engine::set_remote_url(*twin, repo->clone_url); !set) return fail(set.error());
  std::cout << "Remote " << engine::kRemoteName << " is now " << repo->clone_url << "\n";

  std::string token_copy = *token;
  engine::GitAuth auth{[host, token_copy](const std::string& u) -> std::optional<std::string> {
    auto parsed = engine::parse_url(u);
    if (parsed && engine::host_key(*parsed) == host) return token_copy;
    return std::nullopt;
  }};
  auto pushed = engine::push_branch(*twin, auth);
  if (!pushed && pushed.error().code == "E2023") {
    std::cout << "Nothing to push yet: the twin has no commit. Take a snapshot; it is pushed "
                 "when a remote is set.\n";
    return to_int(ExitCode::kOk);
  }
  if (!pushed) {
    print_error(pushed.error());
    std::cerr << "twin: the remote is set and the token saved; retry with `twin push`.\n";
    return to_int(ExitCode::kError);
  }
  std::cout << "Pushed " << pushed->branch << " (" << pushed->head << ") to "
            << repo->full_name << ".\n";
  return to_int(ExitCode::kOk);
}

int run_setup_github(const SetupGithubOptions& options) {
  TerminalPrompter prompter;
  return run_setup_github(options, prompter);
}

}  // namespace twin::cli
