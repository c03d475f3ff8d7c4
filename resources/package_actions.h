// The verbs a package step plans with (engine/core/plan.h has the common ones).
#pragma once

#include "engine/core/plan.h"

namespace twin::resources::package_action {

using engine::Action;
using engine::Effect;

inline constexpr Action kInstall{"INSTALL", Effect::kAdds, false, 10};    // installed
inline constexpr Action kUpgrade{"UPGRADE", Effect::kChanges, false, 11}; // changes version
inline constexpr Action kRemove{"REMOVE", Effect::kTakesAway, false, 12}; // conffiles kept
inline constexpr Action kPurge{"PURGE", Effect::kTakesAway, false, 13};   // configuration too
inline constexpr Action kHold{"HOLD", Effect::kChanges, false, 14};       // held at its version
inline constexpr Action kUnhold{"UNHOLD", Effect::kChanges, false, 15};   // hold released
inline constexpr Action kMark{"MARK", Effect::kChanges, false, 16};       // auto-installed mark set

}  // namespace twin::resources::package_action
