#include "cli/ops/rollback_choice.h"

namespace twin::ops {

using engine::CheckpointInfo;
using engine::CheckpointState;

bool in_effect(const CheckpointInfo& info) {
  return info.state != CheckpointState::kUndone && info.state != CheckpointState::kRolledBack &&
         info.state != CheckpointState::kNotStarted;
}

engine::Result<CheckpointInfo> newest_in_effect(const std::vector<CheckpointInfo>& newest_first) {
  for (const auto& info : newest_first)
    if (in_effect(info)) return info;
  if (newest_first.empty())
    return engine::make_error("E1602", "this twin has no checkpoints: nothing was applied yet");
  return engine::make_error("E1606",
                            "nothing to roll back: every apply of this twin was undone or rolled "
                            "back at the time (`twin checkpoints` lists them)");
}

std::vector<UndoEntry> undo_entries(const engine::Checkpoint& checkpoint) {
  const auto& records = checkpoint.records();
  std::vector<UndoEntry> entries;
  for (auto it = records.rbegin(); it != records.rend(); ++it) {
    if (!entries.empty() && entries.back().address == it->address) ++entries.back().changes;
    else entries.push_back({it->address, 1});
  }
  return entries;
}

}  // namespace twin::ops
