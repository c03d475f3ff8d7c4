// `twin setup-github`: check a GitHub token, create a private repository for
// the twin (or link an existing one, if the user agrees), store the token in
// ~/.config/twinsync/credentials, set the repository as the twin's remote
// and push. The token comes from --token-file, GITHUB_TOKEN, GH_TOKEN or a
// prompt without echo; it never reaches the twin, a URL, argv or output.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/repo/github_client.h"

namespace twin::cli {

struct SetupGithubOptions {
  std::string twin_dir;
  std::string repo;      // NAME or OWNER/NAME; default twin-HOSTNAME
  std::string org;       // create the repository in this organization
  std::string api_url;   // default: $GITHUB_API_URL, else https://api.github.com
  std::string token_file;
  bool yes = false;      // link an existing repository of that name without asking
};

/// How setup-github asks a person: on the terminal for the CLI, in
/// whiptail boxes for the menu.
class SetupPrompter {
 public:
  virtual ~SetupPrompter() = default;
  /// Whether anyone can be asked at all.
  virtual bool can_ask() const = 0;
  /// Reads a secret without showing it; nullopt when cancelled.
  virtual std::optional<std::string> secret(std::string_view prompt) = 0;
  /// A yes/no question; false when declined or cancelled.
  virtual bool confirm(std::string_view question) = 0;
};

/// Asks on the terminal (stdin), with echo off for secrets.
class TerminalPrompter : public SetupPrompter {
 public:
  bool can_ask() const override;
  std::optional<std::string> secret(std::string_view prompt) override;
  bool confirm(std::string_view question) override;
};

/// Exit 0 when the remote is set and pushed (or there is nothing to push
/// yet), 1 otherwise; every failure says what to do.
int run_setup_github(const SetupGithubOptions& options, SetupPrompter& prompter);

/// The same, asking on the terminal.
int run_setup_github(const SetupGithubOptions& options);

}  // namespace twin::cli
