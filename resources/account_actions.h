// The verbs account steps plan with, beside engine/core/plan.h's CREATE and
// DELETE: MODIFY is a usermod or groupmod of an account that stays.
#pragma once

#include "engine/core/plan.h"

namespace twin::resources::account_action {

inline constexpr engine::Action kModify{"MODIFY", engine::Effect::kChanges, false, 30};

}  // namespace twin::resources::account_action
