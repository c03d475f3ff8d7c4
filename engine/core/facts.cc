#include "engine/core/facts.h"

#include <sys/utsname.h>

#include <fstream>
#include <sstream>

namespace twin::engine {
namespace {

std::string trim(std::string_view text) {
  std::size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return {};
  std::size_t end = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(begin, end - begin + 1));
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

lang::Value string_value(std::string text) { return lang::Value{std::move(text), {}}; }

}  // namespace

std::string os_release_field(std::string_view os_release, std::string_view key) {
  while (!os_release.empty()) {
    std::size_t end = os_release.find('\n');
    std::string_view line = os_release.substr(0, end);
    os_release = end == std::string_view::npos ? std::string_view() : os_release.substr(end + 1);
    if (line.size() <= key.size() || line.substr(0, key.size()) != key || line[key.size()] != '=')
      continue;
    std::string value = trim(line.substr(key.size() + 1));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front())
      value = value.substr(1, value.size() - 2);
    return value;
  }
  return {};
}

std::string debian_arch(std::string_view machine) {
  if (machine == "x86_64") return "amd64";
  if (machine == "aarch64") return "arm64";
  if (machine == "i686" || machine == "i386") return "i386";
  if (machine == "armv7l") return "armhf";
  return std::string(machine);
}

lang::Value make_facts(std::string_view os_release, std::string_view hostname,
                       std::string_view machine) {
  lang::Map os{{"id", string_value(os_release_field(os_release, "ID"))},
               {"version_id", string_value(os_release_field(os_release, "VERSION_ID"))}};
  lang::Map facts{{"os", lang::Value{std::move(os), {}}},
                  {"hostname", string_value(trim(hostname))},
                  {"arch", string_value(debian_arch(machine))}};
  return lang::Value{std::move(facts), {}};
}

lang::Value read_facts(const std::filesystem::path& root) {
  std::string os_release = read_text(root / "etc/os-release");
  if (os_release.empty()) os_release = read_text(root / "usr/lib/os-release");
  struct utsname names {};
  std::string machine = uname(&names) == 0 ? names.machine : "";
  return make_facts(os_release, read_text(root / "etc/hostname"), machine);
}

}  // namespace twin::engine
