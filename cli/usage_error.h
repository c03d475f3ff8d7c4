// Usage errors that name what was mistyped: an unknown command or flag,
// with the nearest real one ("did you mean"). CLI11 only says "The
// following argument was not expected", which does not tell a typo in a
// command from one in a flag.
#pragma once

#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace twin::cli {

/// Walks argv[1..argc) along `app`'s subcommands and flags, as CLI11 did,
/// and describes the first word that is neither: "unknown command
/// 'snapshto', did you mean 'snapshot'?" or "unknown flag '--jsno' for
/// 'twin plan', did you mean '--json'?" (without "did you mean" when no
/// name is near). None when every word is known, so the caller keeps
/// CLI11's own message (a missing value, a value out of its set). Hidden
/// commands (empty group) are never suggested.
std::optional<std::string> describe_unknown_word(const CLI::App& app, int argc, char** argv);

/// "did you mean 'NAME'?" suffix for `word` among the visible commands of
/// `app`, or "" (for `twin help WORD`).
std::string did_you_mean_command(const CLI::App& app, const std::string& word);

}  // namespace twin::cli
