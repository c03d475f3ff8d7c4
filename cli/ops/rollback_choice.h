// Which apply `twin rollback` undoes when given no id, and what undoing it
// takes back: one rule for the command (which prints it before asking) and
// the menu (which asks with it in a yes/no box).
#pragma once

#include <string>
#include <vector>

#include "engine/core/checkpoint.h"
#include "engine/core/checkpoint_store.h"
#include "engine/core/result.h"

namespace twin::ops {

/// Whether anything the apply changed may still be on the machine (not
/// undone, not rolled back when it failed, and it started).
bool in_effect(const engine::CheckpointInfo& info);

/// The newest apply still in effect in `newest_first` (CheckpointStore::list).
/// Errors: E1602 when there is no checkpoint, E1606 when none is in effect.
engine::Result<engine::CheckpointInfo> newest_in_effect(
    const std::vector<engine::CheckpointInfo>& newest_first);

/// One resource whose changes an undo takes back.
struct UndoEntry {
  std::string address;  // e.g. file["/etc/motd"]
  std::size_t changes;  // consecutive journal records of it
};

/// The checkpoint's undo records as they will be replayed, newest first,
/// consecutive records of one resource folded into one entry.
std::vector<UndoEntry> undo_entries(const engine::Checkpoint& checkpoint);

}  // namespace twin::ops
