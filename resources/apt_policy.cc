#include "resources/apt_policy.h"

namespace twin::resources {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

std::string none_to_empty(std::string_view value) {
  value = trim(value);
  return value == "(none)" ? std::string() : std::string(value);
}

// The status file's source line reads "100 /var/lib/dpkg/status" (or the
// sandbox's path to it): that version is installed, not downloadable.
bool is_status_file(std::string_view origin) { return origin.ends_with("/dpkg/status"); }

}  // namespace

bool PackagePolicy::downloadable(std::string_view version) const {
  for (const PolicyVersion& v : versions)
    if (v.version == version && v.downloadable) return true;
  return false;
}

std::string PackagePolicy::downloadable_list() const {
  std::string out;
  for (const PolicyVersion& v : versions) {
    if (!v.downloadable) continue;
    if (!out.empty()) out += ", ";
    out += v.version;
  }
  return out;
}

std::map<std::string, PackagePolicy, std::less<>> parse_apt_policy(std::string_view output) {
  std::map<std::string, PackagePolicy, std::less<>> policies;
  PackagePolicy* current = nullptr;
  bool in_table = false;
  while (!output.empty()) {
    auto newline = output.find('\n');
    std::string_view line = output.substr(0, newline);
    output.remove_prefix(newline == std::string_view::npos ? output.size() : newline + 1);
    if (trim(line).empty()) continue;

    if (line.front() != ' ') {  // "name:" opens a package
      in_table = false;
      current = nullptr;
      if (line.back() != ':') continue;
      std::string name(line.substr(0, line.size() - 1));
      current = &policies[name];
      current->name = name;
      continue;
    }
    if (!current) continue;
    std::string_view body = trim(line);
    if (body.starts_with("Installed:")) {
      current->installed = none_to_empty(body.substr(10));
    } else if (body.starts_with("Candidate:")) {
      current->candidate = none_to_empty(body.substr(10));
    } else if (body.starts_with("Version table:")) {
      in_table = true;
    } else if (in_table && line.size() > 5 && line[5] != ' ' &&
               (line.starts_with("     ") || line.starts_with(" *** "))) {
      // "     2.0 500" or " *** 1.0 500": a version and its priority.
      std::string_view rest = line.substr(5);
      current->versions.push_back({std::string(rest.substr(0, rest.find(' '))), false});
    } else if (in_table && !current->versions.empty()) {
      // "        500 file:/repo ./ Packages": a source of the last version.
      auto space = body.find(' ');
      std::string_view origin = space == std::string_view::npos ? "" : trim(body.substr(space));
      if (!origin.empty() && !is_status_file(origin)) current->versions.back().downloadable = true;
    }
  }
  return policies;
}

}  // namespace twin::resources
