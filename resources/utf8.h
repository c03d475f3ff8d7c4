// UTF-8 validity, checked where text leaves for JSON (undo records, plans):
// nlohmann's dump() throws on invalid UTF-8, and exceptions must not cross
// module boundaries, so bad bytes are caught or encoded before that.
#pragma once

#include <string_view>

namespace twin::resources {

/// True for strict UTF-8: no overlong forms, no surrogates, nothing above
/// U+10FFFF (the rule nlohmann's dump() enforces).
bool is_valid_utf8(std::string_view s);

}  // namespace twin::resources
