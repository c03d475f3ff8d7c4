#include "cli/man_page.h"

#include <CLI/CLI.hpp>
#include <fstream>

#include "cli/command_tree.h"
#include "man/roff.h"

namespace twin::cli {
namespace {

using man::bold;
using man::escape;

std::string join(const std::vector<std::string>& words, std::string_view sep) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : std::string(sep)) + w;
  return out;
}

std::string synopsis(const CLI::App& command, const std::vector<std::string>& words) {
  std::string line = bold(join({"twin", join(words, " ")}, " "));
  if (!visible_subcommands(command).empty()) line += " \\fICOMMAND\\fR";
  if (!flag_options(command).empty()) line += " [\\fIOPTIONS\\fR]";
  for (const CLI::Option* p : positional_options(command)) {
    std::string name = "\\fI" + escape(p->get_name(true)) + "\\fR";
    if (p->get_items_expected_max() > 1) name += "...";
    line += " [" + name + "]";
  }
  return line + "\n";
}

std::string option_items(const CLI::App& command) {
  std::string out;
  for (const CLI::Option* p : positional_options(command))
    out += ".TP\n\\fI" + escape(p->get_name(true)) + "\\fR\n" + escape(p->get_description()) + "\n";
  for (const CLI::Option* o : flag_options(command)) {
    std::string names;
    for (const auto& n : flag_names(*o)) names += (names.empty() ? "" : ", ") + bold(n);
    if (takes_value(*o)) names += " \\fI" + escape(o->get_type_name()) + "\\fR";
    std::string text = o->get_description();
    if (!o->get_default_str().empty()) text += " (default: " + o->get_default_str() + ")";
    out += ".TP\n" + names + "\n" + escape(text) + "\n";
  }
  return out;
}

std::string page_name(const std::vector<std::string>& words) {
  return words.empty() ? "twin" : "twin-" + join(words, "-");
}

}  // namespace

std::string main_man_page(const CLI::App& app, std::string_view version,
                          const ManPageExtras& extras) {
  std::string page =
      man::page_header("twin", 1, version, "TwinSync++", "twin's command table") +
      ".SH NAME\ntwin \\- " + escape(extras.summary) + "\n" + ".SH SYNOPSIS\n" + bold("twin") +
      " \\fICOMMAND\\fR [\\fIOPTIONS\\fR]\n.br\n" + bold("twin") + " [" + bold("--help") + " | " +
      bold("--version") + "]\n" + ".SH DESCRIPTION\n" + bold("twin") +
      " keeps a digital twin of a Linux machine in a Git repository: the desired "
      "state in " +
      bold("state/*.twin") + " manifests, what was last observed in " + bold("live/") + ". " +
      bold("twin plan") + " shows what would change; " + bold("twin apply") +
      " applies it after approval, with rollback.\n" + ".PP\nRun " + bold("twin help COMMAND") +
      " or see " + bold("twin-COMMAND") + "(1) for a command's options.\n.SH COMMANDS\n";
  for (const CLI::App* sub : visible_subcommands(app))
    page += ".TP\n" + bold(sub->get_name()) + "\n" + escape(sub->get_description()) + "\n";
  page += ".SH OPTIONS\n" + option_items(app);
  page += ".SH \"EXIT STATUS\"\n";
  for (const auto& [code, meaning] : extras.exit_codes)
    page += ".TP\n" + bold(std::to_string(code)) + "\n" + escape(meaning) + "\n";
  page += ".SH \"SEE ALSO\"\n";
  std::vector<std::string> refs;
  for (const CLI::App* sub : visible_subcommands(app))
    refs.push_back(bold("twin-" + sub->get_name()) + "(1)");
  for (const auto& ref : extras.see_also) {
    auto paren = ref.find('(');
    refs.push_back(bold(ref.substr(0, paren)) + ref.substr(paren));
  }
  return page + join(refs, ",\n") + "\n";
}

std::string command_man_page(const CLI::App& command, const std::vector<std::string>& words,
                             std::string_view version) {
  std::string name = page_name(words);
  std::string page = man::page_header(name, 1, version, "TwinSync++", "twin's command table") +
                     ".SH NAME\n" + escape(name) + " \\- " + escape(command.get_description()) +
                     "\n.SH SYNOPSIS\n" + synopsis(command, words) + ".SH DESCRIPTION\n" +
                     escape(command.get_description()) + "\n";
  if (!command.get_aliases().empty())
    page += ".PP\nAlso called " + bold("twin " + join(command.get_aliases(), ", ")) + ".\n";
  page += ".SH OPTIONS\n" + option_items(command);
  auto subs = visible_subcommands(command);
  if (!subs.empty()) page += ".SH COMMANDS\n";
  for (const CLI::App* sub : subs) {
    auto deeper = words;
    deeper.push_back(sub->get_name());
    page += ".SS \"" + escape(join({"twin", join(deeper, " ")}, " ")) + "\"\n" +
            escape(sub->get_description()) + "\n.PP\n" + synopsis(*sub, deeper) +
            option_items(*sub);
  }
  return page + ".SH \"SEE ALSO\"\n" + bold("twin") + "(1)\n";
}

std::optional<std::string> write_man_pages(const CLI::App& app, const std::filesystem::path& dir,
                                           std::string_view version, const ManPageExtras& extras) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return "cannot create " + dir.string() + ": " + ec.message();
  auto write = [&](const std::string& file, const std::string& text) -> std::optional<std::string> {
    std::ofstream out(dir / file, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) return "cannot write " + (dir / file).string();
    return std::nullopt;
  };
  if (auto error = write("twin.1", main_man_page(app, version, extras))) return error;
  for (const CLI::App* sub : visible_subcommands(app))
    if (auto error = write(page_name({sub->get_name()}) + ".1",
                           command_man_page(*sub, {sub->get_name()}, version)))
      return error;
  return std::nullopt;
}

}  // namespace twin::cli
