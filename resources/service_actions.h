// The verbs a service step plans with (engine/core/plan.h has the common ones).
// START, STOP and RESTART act on the running system now: the reconciler
// orders refresh events (notify/subscribe) around them.
#pragma once

#include "engine/core/plan.h"

namespace twin::resources::service_action {

using engine::Action;
using engine::Effect;

inline constexpr Action kEnable{"ENABLE", Effect::kAdds, false, 20};       // starts at boot
inline constexpr Action kDisable{"DISABLE", Effect::kTakesAway, false, 21};
inline constexpr Action kStart{"START", Effect::kAdds, true, 22};
inline constexpr Action kStop{"STOP", Effect::kTakesAway, true, 23};
inline constexpr Action kRestart{"RESTART", Effect::kChanges, true, 24};  // notify/subscribe
inline constexpr Action kMask{"MASK", Effect::kTakesAway, false, 25};      // can never start
inline constexpr Action kUnmask{"UNMASK", Effect::kAdds, false, 26};

}  // namespace twin::resources::service_action
