// Changing one value of a config.yaml a person wrote, byte for byte
// everywhere else: comments, blank lines, key order and quoting stay. Only
// values written on one line are edited in place (plain, quoted, or a flow
// list/map such as ["/etc", "~/.config"]); for anything else the caller
// falls back to rendering the whole file.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace twin::engine {

/// Where the value of `dotted` ("files.max_size": key max_size of the
/// mapping files) is written in `text`: [begin, end) byte offsets. nullopt
/// when the key is absent, the text is not YAML, or the value is not on one
/// line (a block list, a block scalar `|`/`>`, a flow list over several lines).
struct ValueSpan {
  std::size_t begin = 0, end = 0;
};
std::optional<ValueSpan> find_config_value(std::string_view text, std::string_view dotted);

/// `text` with the value of `dotted` replaced by its value in `rendered`
/// (another config.yaml text, e.g. the canonical rendering of the new
/// settings). nullopt when either value cannot be found on one line.
std::optional<std::string> splice_config_value(std::string_view text, std::string_view rendered,
                                               std::string_view dotted);

}  // namespace twin::engine
