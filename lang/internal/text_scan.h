// Private to the parser. Plain scans over source text that the grammar
// needs but that are clearer as loops than as PEG rules: the encoding check
// run before parsing, the extent of the token a syntax error points at, and
// the skips that resynchronise after an error.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace twin::lang::internal {

/// A problem found before parsing: the file is not text we can read.
struct EncodingError {
  std::size_t offset;  // of the first bad byte
  std::size_t length;  // of the bad sequence (at least 1)
  bool is_nul;         // a NUL byte rather than invalid UTF-8
};

/// The first NUL byte or invalid UTF-8 sequence (overlong forms, surrogates
/// and code points past U+10FFFF included), or nullopt for clean text.
std::optional<EncodingError> find_encoding_error(std::string_view text);

/// The end of the token starting at `offset`, for the `^~~~` under a syntax
/// error: a quoted string up to its closing quote (or the end of its line),
/// a name or number, or a single character. Empty at a line end or EOF.
std::size_t token_end(std::string_view text, std::size_t offset);

/// Length of the UTF-8 sequence whose lead byte is `lead` (1 for bad bytes).
std::size_t utf8_length(unsigned char lead);

/// Where a skip stopped, and whether that place is a clean boundary. Errors
/// reported exactly at an unclean stop are most likely cascades and dropped.
struct Resync {
  std::size_t offset;
  bool clean;
};

/// Skips the broken attribute or nested block starting at `begin`: up to and
/// including the first newline outside brackets, or up to (not including) an
/// unmatched '}'. Stops early, uncleanly, before a line that starts in
/// column 1 with a name (likely the next top-level statement) or at EOF.
Resync skip_item(std::string_view text, std::size_t begin);

/// Skips the broken top-level statement starting at `begin`: to the start of
/// the next line that begins in column 1 with a name, or to EOF (unclean).
Resync skip_statement(std::string_view text, std::size_t begin);

}  // namespace twin::lang::internal
