#include "resources/package_queries.h"

namespace twin::resources {

engine::Result<DpkgDatabase> observe_packages(const AptTarget& target) {
  auto out = target.run(target.dpkg_query());
  if (!out) return out.error();
  return parse_dpkg_query(out->out);
}

engine::Result<std::set<std::string, std::less<>>> observe_auto_marks(const AptTarget& target) {
  auto out = target.run(target.apt_mark_showauto());
  if (!out) return out.error();
  std::set<std::string, std::less<>> marked;
  std::string_view text = out->out;
  while (!text.empty()) {
    auto newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    if (!line.empty() && line.find(':') == std::string_view::npos) marked.emplace(line);
  }
  return marked;
}

engine::Result<PolicyMap> query_policy(const AptTarget& target,
                                       const std::vector<std::string>& names) {
  if (names.empty()) return PolicyMap{};
  auto out = target.run(target.apt_cache_policy(names));
  if (!out) return out.error();
  return parse_apt_policy(out->out);
}

engine::Result<std::vector<SimulatedChange>> simulate_call(const AptTarget& target,
                                                           const AptGetCall& call) {
  auto out = target.run(target.simulate(call));
  if (!out) return out.error();
  return parse_apt_simulation(out->out);
}

}  // namespace twin::resources
