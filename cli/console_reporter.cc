#include "cli/console_reporter.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "cli/terminal.h"

namespace twin::cli {

std::string diagnostics_text(const lang::DiagnosticSink& sink, bool color) {
  std::string text;
  for (const auto& d : sink.all()) text += lang::render_text(d, color);
  if (sink.has_errors())
    text += std::to_string(sink.error_count()) +
            (sink.error_count() == 1 ? " error" : " errors") + " generated.\n";
  return text;
}

std::string remembered_line(const ops::TwinChoice& twin, const std::filesystem::path& root) {
  if (twin.source != ops::TwinSource::kRemembered) return "";
  return "Twin: " + twin.dir.string() + " (remembered), root: " + root.string() + "\n";
}

void print_diagnostics(const lang::DiagnosticSink& sink) {
  std::cerr << diagnostics_text(sink, use_color(stderr));
}

std::string error_text(const engine::Error& error, bool color) {
  if (ops::was_reported(error)) return "";
  std::string text = "twin: " + paint("error", "red", color);
  if (!error.code.empty()) text += "[" + error.code + "]";
  return text + ": " + error.text() + "\n";
}

void print_error(const engine::Error& error) { std::cerr << error_text(error, use_color(stderr)); }

namespace {

// Whether `out` is a terminal that understands "\r" and erase-line.
bool is_live_terminal(const std::ostream& out) {
  int fd = &out == &std::cout ? STDOUT_FILENO : &out == &std::cerr ? STDERR_FILENO : -1;
  const char* term = std::getenv("TERM");
  return fd >= 0 && ::isatty(fd) && !(term && std::string_view(term) == "dumb");
}

std::size_t terminal_width(const std::ostream& out) {
  winsize size{};
  int fd = &out == &std::cerr ? STDERR_FILENO : STDOUT_FILENO;
  return ::ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 10 ? size.ws_col : 80;
}

}  // namespace

ConsoleReporter::ConsoleReporter() : ConsoleReporter(std::cout, false) {}
ConsoleReporter::ConsoleReporter(std::ostream& out) : ConsoleReporter(out, false) {}
ConsoleReporter::ConsoleReporter(std::ostream& out, bool quiet)
    : out_(out), quiet_(quiet), live_(is_live_terminal(out)) {}

void ConsoleReporter::clear_status() {
  if (!status_shown_) return;
  out_ << "\r\033[K" << std::flush;
  status_shown_ = false;
}

void ConsoleReporter::status(std::string_view line) {
  if (quiet_ || !live_) return;
  // One terminal line: cut to the width (at a UTF-8 character boundary),
  // control characters of a tool's output shown as '?'.
  std::string shown;
  std::size_t width = terminal_width(out_) - 1, columns = 0;
  for (std::size_t i = 0; i < line.size() && columns < width; ++i) {
    auto c = static_cast<unsigned char>(line[i]);
    if ((c & 0xC0) != 0x80) ++columns;
    if (columns > width) break;
    shown += c < 0x20 || c == 0x7f ? '?' : static_cast<char>(c);
  }
  out_ << "\r\033[K" << shown << std::flush;
  status_shown_ = true;
}

void ConsoleReporter::target(const ops::TwinChoice& twin, const std::filesystem::path& root) {
  std::cerr << remembered_line(twin, root);
}

void ConsoleReporter::progress(std::string_view line) {
  if (quiet_) return;
  clear_status();
  out_ << line << std::endl;  // flushed: a pipe sees each step as it ends
}

void ConsoleReporter::note(std::string_view line) {
  clear_status();
  out_ << line << "\n";
}

void ConsoleReporter::warning(std::string_view text) {
  clear_status();
  std::cerr << "twin: " << paint("warning", "yellow", use_color(stderr)) << ": " << text << "\n";
}

void ConsoleReporter::error(const engine::Error& error, const std::vector<std::string>& help) {
  clear_status();
  out_ << std::flush;
  print_error(error);
  for (const auto& line : help) std::cerr << line << "\n";
}

void ConsoleReporter::diagnostics(const lang::DiagnosticSink& sink) { print_diagnostics(sink); }

}  // namespace twin::cli
