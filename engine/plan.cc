#include "engine/plan.h"

#include <algorithm>

namespace twin::engine {

std::string_view action_name(Action a) {
  switch (a) {
    case Action::kCreate: return "CREATE";
    case Action::kReplace: return "REPLACE";
    case Action::kDelete: return "DELETE";
    case Action::kChmod: return "CHMOD";
    case Action::kChown: return "CHOWN";
    case Action::kMkdir: return "MKDIR";
    case Action::kInstall: return "INSTALL";
    case Action::kUpgrade: return "UPGRADE";
    case Action::kRemove: return "REMOVE";
    case Action::kPurge: return "PURGE";
    case Action::kHold: return "HOLD";
    case Action::kUnhold: return "UNHOLD";
    case Action::kEnable: return "ENABLE";
    case Action::kDisable: return "DISABLE";
    case Action::kStart: return "START";
    case Action::kStop: return "STOP";
    case Action::kRestart: return "RESTART";
  }
  return "?";
}

std::size_t Plan::count(Action a) const {
  return static_cast<std::size_t>(std::count_if(
      steps.begin(), steps.end(), [a](const Step& s) { return s.primary() == a; }));
}

}  // namespace twin::engine
