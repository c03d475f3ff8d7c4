// SPEC.md chapters as manual pages (twin.twin(5), twin-repo(5)), so the
// pages say what the specification says and cannot drift from it. Only the
// Markdown SPEC.md uses: #-headings, paragraphs, `-` lists, fenced code,
// pipe tables, `code`, **bold**, *italic* and [links](...).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace twin::man {

/// The `## ` chapters of `markdown` whose titles start with one of
/// `prefixes` ("1." picks "## 1. The twin repository"), each up to the next
/// `## ` heading, in document order; none when a prefix matches no
/// chapter (a renumbered SPEC.md must fail the build, not ship an empty page).
std::optional<std::string> select_chapters(std::string_view markdown,
                                           const std::vector<std::string>& prefixes);

/// The body of a page: `## ` headings become .SH (numbers dropped, upper
/// case), deeper ones .SS; a table row becomes a .TP item headed by its
/// first cell, the others labelled with their column titles.
std::string markdown_to_roff(std::string_view markdown);

/// One line of Markdown with its inline markup as roff fonts, escaped.
std::string inline_to_roff(std::string_view text);

}  // namespace twin::man
