// The envelope of every report `--json` prints (SPEC.md §7, JSON reports):
// {"format": "twinsync-KIND", "version": N, ...}. A consumer checks both
// before reading on; a field removed or changed bumps the version, a field
// added does not.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

namespace twin::cli {

/// {"format": "twinsync-<kind>", "version": version}, to add fields to.
nlohmann::json json_report(std::string_view kind, int version);

/// Prints `report` on stdout, indented, invalid UTF-8 replaced by U+FFFD.
void print_json(const nlohmann::json& report);

}  // namespace twin::cli
