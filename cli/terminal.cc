#include "cli/terminal.h"

#include <fmt/format.h>

#include <unistd.h>

#include <cstdlib>
#include <iostream>

namespace twin::cli {

bool use_color(std::FILE* stream) {
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  return ::isatty(::fileno(stream)) == 1;
}

bool is_interactive() { return ::isatty(STDIN_FILENO) == 1 && ::isatty(STDOUT_FILENO) == 1; }

bool confirm(std::string_view question) {
  std::cout << question << " [y/N] " << std::flush;
  std::string answer;
  if (!std::getline(std::cin, answer)) return false;
  return answer == "y" || answer == "Y" || answer == "yes" || answer == "YES";
}

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\t') || byte == 0x7f)
      out += fmt::format("\\x{:02x}", byte);
    else
      out += c;
  }
  return out;
}

std::string paint(std::string_view text, std::string_view colour, bool enabled) {
  if (!enabled) return std::string(text);
  std::string_view code = colour == "red"      ? "31"
                          : colour == "green"  ? "32"
                          : colour == "yellow" ? "33"
                          : colour == "cyan"   ? "36"
                          : colour == "bold"   ? "1"
                          : colour == "dim"    ? "2"
                                               : "0";
  return "\033[" + std::string(code) + "m" + std::string(text) + "\033[0m";
}

}  // namespace twin::cli
