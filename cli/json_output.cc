#include "cli/json_output.h"

#include <iostream>
#include <string>

#include "engine/core/plan_json.h"

namespace twin::cli {

nlohmann::json json_report(std::string_view kind, int version) {
  return {{"format", "twinsync-" + std::string(kind)}, {"version", version}};
}

void print_json(const nlohmann::json& report) {
  std::cout << engine::dump_json(report) << "\n";
}

}  // namespace twin::cli
