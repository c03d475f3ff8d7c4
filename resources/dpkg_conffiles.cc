#include "resources/dpkg_conffiles.h"

#include <algorithm>
#include <vector>

namespace twin::resources {
namespace {

std::string_view next_line(std::string_view& text) {
  std::size_t newline = text.find('\n');
  std::string_view line = text.substr(0, newline);
  text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
  return line;
}

std::vector<std::string_view> words(std::string_view line) {
  std::vector<std::string_view> out;
  while (true) {
    std::size_t start = line.find_first_not_of(' ');
    if (start == std::string_view::npos) return out;
    line.remove_prefix(start);
    std::size_t end = line.find(' ');
    out.push_back(line.substr(0, end));
    if (end == std::string_view::npos) return out;
    line.remove_prefix(end);
  }
}

bool is_md5(std::string_view text) {
  if (text.size() != 32) return false;
  for (char c : text)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

}  // namespace

std::map<std::string, Conffile> parse_conffiles(std::string_view status_text) {
  std::map<std::string, Conffile> out;
  while (!status_text.empty()) {
    // One stanza: its fields, with the Conffiles continuation lines.
    std::string package, version, architecture, status;
    std::vector<std::pair<std::string, std::string>> files;
    bool in_conffiles = false;
    while (!status_text.empty()) {
      std::string_view line = next_line(status_text);
      if (line.empty()) break;
      if (line.front() == ' ' || line.front() == '\t') {
        if (!in_conffiles) continue;
        auto w = words(line);
        bool obsolete = w.size() > 2 && w[2] == "obsolete";
        if (w.size() >= 2 && !w[0].empty() && w[0].front() == '/' && is_md5(w[1]) && !obsolete)
          files.emplace_back(std::string(w[0]), std::string(w[1]));
        continue;
      }
      std::size_t colon = line.find(':');
      if (colon == std::string_view::npos) continue;
      std::string_view key = line.substr(0, colon), value = line.substr(colon + 1);
      value.remove_prefix(std::min(value.find_first_not_of(' '), value.size()));
      in_conffiles = key == "Conffiles";
      if (key == "Package") package = value;
      else if (key == "Version") version = value;
      else if (key == "Architecture") architecture = value;
      else if (key == "Status") status = value;
    }
    if (status != "install ok installed" && status != "hold ok installed") continue;
    for (auto& [path, md5] : files)
      out.emplace(std::move(path), Conffile{package, version, architecture, std::move(md5)});
  }
  return out;
}

engine::Result<std::map<std::string, Conffile>> read_conffiles(const RootedFs& fs) {
  auto meta = fs.lstat("/var/lib/dpkg/status");
  if (!meta) return meta.error();
  if (!*meta) return std::map<std::string, Conffile>{};
  auto text = fs.read_file("/var/lib/dpkg/status");
  if (!text) return text.error();
  return parse_conffiles(*text);
}

}  // namespace twin::resources
