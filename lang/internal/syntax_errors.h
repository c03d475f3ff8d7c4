// Private to lang/parser.cc: the message table for the grammar's error
// points, one entry per rule that is wrapped in must<> or named in raise<>.
// Control::raise static_asserts that an entry exists, so a new error point
// without a message does not compile. Messages that need context (the block
// being closed, the attribute's name) are completed in parser.cc.
// The codes are listed in lang/codes.md.
#pragma once

#include "lang/internal/grammar.h"

namespace twin::lang::internal {

struct SyntaxErrorText {
  const char* code = nullptr;
  const char* message = nullptr;
  const char* hint = "";
};

template <typename Rule>
inline constexpr SyntaxErrorText kSyntaxError{};

namespace g = grammar;

// clang-format off
template <> inline constexpr SyntaxErrorText kSyntaxError<g::attribute_equals>{
    "E0001", "expected '=' after attribute name"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::string_close>{
    "E0004", "unterminated string", "close the string with '\"' on the same line"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::escape_sequence>{
    "E0005", "unknown escape sequence",
    "the escapes are \\\" \\\\ \\n \\r \\t and \\$ (for a literal '$' before '{')"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::expression>{
    "E0006", "expected a value",
    "a value is a \"string\", an integer, true, false, a [list], a { map } or a variable name"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::attribute_end>{
    "E0007", "expected a newline after the attribute value", "write one attribute per line"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::block_close>{
    "E0008", "expected '}' to close the block"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::list_separator>{
    "E0009", "expected ',' or ']' after a list element"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::list_close>{
    "E0009", "expected ']' to close the list"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::map_key>{
    "E0010", "expected a map key (a name or a quoted string)"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::map_equals>{
    "E0010", "expected '=' after the map key"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::map_separator>{
    "E0010", "expected ',' or a newline after a map entry"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::map_close>{
    "E0010", "expected '}' to close the map"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::expected_statement>{
    "E0013", "expected 'let' or a resource block",
    "a resource block looks like `file \"/etc/motd\" { ... }`"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::let_name>{
    "E0014", "expected a variable name after 'let'",
    "a name is a letter or '_' followed by letters, digits or '_', and not a keyword"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::let_equals>{
    "E0015", "expected '=' after the variable name"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::let_end>{
    "E0016", "expected a newline after the value", "write one statement per line"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::block_end>{
    "E0016", "expected a newline after '}'", "write one statement per line"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::nested_block_end>{
    "E0016", "expected a newline after '}'", "write one attribute or block per line"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::block_title>{
    "E0017", "expected a quoted title after the resource type"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::block_open>{
    "E0018", "expected '{' after the title"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::expected_item>{
    "E0019", "expected an attribute name or '}'"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::interpolation_close>{
    "E0021", "expected '}' to close the interpolation", "write `${name}`"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::integer_end>{
    "E0022", "invalid integer literal", "a name cannot start with a digit; quote text as \"...\""};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::operand>{
    "E0006", "expected a value after the operator"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::and_operand>{
    "E0006", "expected a value after '&&'"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::or_operand>{
    "E0006", "expected a value after '||'"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::heredoc_close>{
    "E0024", "unterminated heredoc", "end it with a line that holds only its tag"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::heredoc_tag>{
    "E0025", "expected a heredoc tag after '<<'", "write `<<EOT` (or `<<-EOT` to strip indentation)"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::heredoc_head_end>{
    "E0025", "expected a newline after the heredoc tag", "the heredoc's text starts on the next line"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::paren_close>{
    "E0026", "expected ')' to close the parenthesis"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::call_close>{
    "E0026", "expected ')' to close the argument list"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::call_separator>{
    "E0026", "expected ',' or ')' after an argument"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::reference_title>{
    "E0027", "expected a quoted title in the reference", "write `TYPE[\"title\"]`"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::reference_close>{
    "E0027", "expected ']' after the reference title", "write `TYPE[\"title\"]`"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::member_name>{
    "E0028", "expected a name after '.'"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::import_path>{
    "E0029", "expected a quoted path after 'import'", "write `import \"other.twin\"`"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::if_open>{
    "E0031", "expected '{' after the condition"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::else_start>{
    "E0031", "expected '{' or 'if' after 'else'"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::for_variable>{
    "E0032", "expected a variable name after 'for'", "write `for NAME in LIST { ... }`"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::for_in>{
    "E0032", "expected 'in' after the loop variable", "write `for NAME in LIST { ... }`"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::for_open>{
    "E0032", "expected '{' after the list"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::define_name>{
    "E0033", "expected a name after 'define'", "write `define NAME(PARAM: TYPE) { ... }`"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::params_open>{
    "E0033", "expected '(' after the define's name", "write `define NAME(PARAM: TYPE) { ... }`"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::param_name>{
    "E0033", "expected a parameter name"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::param_colon>{
    "E0033", "expected ':' and a type after the parameter name",
    "the types are string, int, bool, list, map, reference and any"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::param_type>{
    "E0033", "expected a type after ':'",
    "the types are string, int, bool, list, map, reference and any"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::param_separator>{
    "E0033", "expected ',' or ')' after a parameter"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::params_close>{
    "E0033", "expected ')' to close the parameter list"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::define_open>{
    "E0033", "expected '{' after the parameter list"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::body_close>{
    "E0034", "expected '}' to close the body"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::expected_body_statement>{
    "E0035", "expected a resource block, 'if' or 'for'",
    "lets, imports and defines belong at top level"};
template <> inline constexpr SyntaxErrorText kSyntaxError<g::expected_nested_block>{
    "E0035", "expected a nested block, 'if' or 'for'",
    "only nested blocks can be inside 'if' or 'for' within a block"};
// clang-format on

}  // namespace twin::lang::internal
