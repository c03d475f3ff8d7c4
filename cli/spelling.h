// "Did you mean": the candidate nearest to a mistyped word (ninja's
// SpellcheckString, with a swap of two neighbours counted as one edit so
// that `snapshto` is one edit from `snapshot`).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace twin::cli {

/// Edits (insert, delete, replace, swap two neighbours) from `a` to `b`.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate fewest edits from `word`, or none when even the nearest
/// needs more than a third of the word's letters (at least 1, at most 3):
/// `twin xyz` suggests nothing rather than `fmt`. Ties go to the earlier
/// candidate.
std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates);

}  // namespace twin::cli
