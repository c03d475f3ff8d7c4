// Renders a Plan for people. The text opens with counts per action and lists
// every destructive step (an action that takes something away: DELETE,
// REMOVE, PURGE, DISABLE, STOP, MASK) first, so a large plan stays
// reviewable; then each step with its changes, unified diffs for content and
// metadata as `mode 0644 → 0600`; then one summary line.
#pragma once

#include <filesystem>
#include <string>

#include "engine/core/plan.h"

namespace twin::cli {

/// The whole plan as text; `color` adds ANSI colours.
std::string render_plan_text(const engine::Plan& plan, bool color);

/// One line per step: action and address, no diffs (`twin plan --summary`).
std::string render_plan_summary(const engine::Plan& plan, bool color);

/// "Plan: 3 steps (1 CREATE, 1 REPLACE, 1 DELETE)." or
/// "No changes: the machine matches the twin."
std::string plan_summary_line(const engine::Plan& plan);

/// "Twin: DIR, root: ROOT": the first line of every plan shown as text.
std::string plan_header(const std::filesystem::path& twin, const std::filesystem::path& root);

/// True for actions that take something away.
bool is_destructive(const engine::Action& action);

}  // namespace twin::cli
