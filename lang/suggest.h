// "Did you mean ...?" for names: the closest candidate by edit distance.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace twin::lang {

/// Levenshtein distance (insert, delete, substitute), in bytes.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `name`, if it is close enough to be a likely typo
/// (distance at most max(1, name.size() / 3)); ties go to the first listed.
std::optional<std::string> closest_name(std::string_view name,
                                        const std::vector<std::string>& candidates);

}  // namespace twin::lang
