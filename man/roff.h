// The few pieces of roff (man(7)) that twin's generated manual pages use.
// Pages are generated, never written by hand: twin(1) and twin-COMMAND(1)
// from the CLI11 command table (cli/man_page.h), twin.twin(5) and
// twin-repo(5) from SPEC.md (man/markdown_to_roff.h).
#pragma once

#include <string>
#include <string_view>

namespace twin::man {

/// `text` as roff input that prints as itself: a backslash becomes \e,
/// '-' becomes \- (man then prints a real minus, so flags copy and search
/// as typed), and a line starting with '.' or '\'' gets \& before it so
/// roff does not read it as a request.
std::string escape(std::string_view text);

/// `text` in bold (\fB...\fR), escaped.
std::string bold(std::string_view text);

/// The opening of a page: a comment that it is generated from `source`,
/// then `.TH NAME SECTION "" "twin VERSION" "MANUAL"`.
std::string page_header(std::string_view name, int section, std::string_view version,
                        std::string_view manual, std::string_view source);

}  // namespace twin::man
