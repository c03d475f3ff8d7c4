// Keeps the twin's packs few. Every large commit writes one pack
// (engine/repo/git_object_buffer.h), and every lookup of an object searches each
// pack's index in turn, so beyond kMaxPacks of them they are merged into
// one, as `git repack -a -d` would: the objects reachable from HEAD, every
// reference, their reflogs and the index go into a new pack, which is
// fsync'd before any old pack is deleted.
#pragma once

#include <git2.h>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <vector>

#include "engine/core/result.h"

namespace twin::engine {

/// More packs than this are consolidated into one.
inline constexpr std::size_t kMaxPacks = 50;

/// How long a pack holding objects that nothing reaches is kept: it may
/// belong to a commit that another process has written but not yet pointed
/// HEAD at (or to one a crash interrupted, which this lets go eventually).
inline constexpr std::chrono::hours kUnreachablePackGrace{1};

/// The repository's packs (their .pack files, each with an .idx beside
/// it), without those a .keep file protects. Errors: E2001.
Result<std::vector<std::filesystem::path>> list_packs(git_repository* repo);

/// When the repository holds more than `max_packs` packs, merges them as
/// described above and returns how many old packs were deleted (0 when
/// there were not too many). An old pack is deleted only when the new pack
/// holds each of its objects or it is older than kUnreachablePackGrace.
/// The repository's odb may still map deleted packs: drop it afterwards
/// (git_repository__cleanup). Errors: E2001.
Result<std::size_t> consolidate_packs(git_repository* repo, std::size_t max_packs = kMaxPacks);

}  // namespace twin::engine
