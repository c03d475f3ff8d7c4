// "Did you mean ...?" for names: the closest candidate by edit distance.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace twin::lang {

/// Edits from `a` to `b`, in bytes: insert, delete, substitute, and swap of
/// two neighbours (optimal string alignment), so that `hostnmae` is one
/// edit from `hostname` and `snapshto` one from `snapshot`.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `name`, if it is close enough to be a likely typo
/// (distance at most max(1, name.size() / 3), and at most `max_edits`);
/// ties go to the first listed. `twin xyz` suggests nothing rather than
/// `fmt`.
std::optional<std::string> closest_name(std::string_view name,
                                        const std::vector<std::string>& candidates,
                                        std::size_t max_edits = SIZE_MAX);

}  // namespace twin::lang
