// What the CLI needs to know about its terminal: colour and confirmation.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace twin::cli {

/// True when `stream` is a terminal and NO_COLOR is unset (no-color.org).
bool use_color(std::FILE* stream);

/// True when stdin and stdout are both terminals, so a person can answer.
bool is_interactive();

/// Asks `question` on the terminal; true only for "y" or "yes".
bool confirm(std::string_view question);

/// Wraps `text` in an ANSI colour when `enabled` ("red", "green", "yellow",
/// "cyan", "bold", "dim").
std::string paint(std::string_view text, std::string_view colour, bool enabled);

/// `text` with every control character but tab written as \xNN, so twin
/// content (a value, a diff line, a
/// package's output) cannot move the cursor, clear the screen or fake a
/// line of ours.
std::string printable(std::string_view text);

}  // namespace twin::cli
