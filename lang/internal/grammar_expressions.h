// Private to lang/parser.cc (through grammar.h): the expression half of the
// PEG grammar of .twin files, for PEGTL 3.x: whitespace, names and keywords,
// strings, heredocs, integers, lists, maps, and expressions with their
// operators. grammar.h adds blocks and statements; its opening comment
// explains the whitespace, error-point and recovery conventions that hold
// here too.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <tao/pegtl.hpp>

namespace twin::lang::grammar {

using namespace tao::pegtl;  // NOLINT: the grammar reads as PEG only without prefixes

// --- Whitespace and comments ----------------------------------------------

struct space_char : one<' ', '\t', '\r'> {};
struct comment : seq<one<'#'>, star<not_one<'\n'>>> {};
struct blank : star<sor<space_char, comment>> {};
struct newline : one<'\n'> {};
struct gap : star<sor<space_char, comment, newline>> {};

// --- Names and keywords -----------------------------------------------------

struct name_first : ranges<'a', 'z', 'A', 'Z', '_'> {};
struct name_char : ranges<'a', 'z', 'A', 'Z', '0', '9', '_'> {};
struct name : seq<name_first, star<name_char>> {};

template <typename Word>
struct keyword : seq<Word, not_at<name_char>> {};
struct kw_let : keyword<TAO_PEGTL_STRING("let")> {};
struct kw_true : keyword<TAO_PEGTL_STRING("true")> {};
struct kw_false : keyword<TAO_PEGTL_STRING("false")> {};
struct kw_if : keyword<TAO_PEGTL_STRING("if")> {};
struct kw_else : keyword<TAO_PEGTL_STRING("else")> {};
struct kw_for : keyword<TAO_PEGTL_STRING("for")> {};
struct kw_in : keyword<TAO_PEGTL_STRING("in")> {};
struct kw_define : keyword<TAO_PEGTL_STRING("define")> {};
struct kw_import : keyword<TAO_PEGTL_STRING("import")> {};
struct reserved_word
    : sor<kw_let, kw_true, kw_false, kw_if, kw_else, kw_for, kw_in, kw_define, kw_import> {};
/// A name that is not a keyword: variables, attribute names, resource types.
struct plain_name : seq<not_at<reserved_word>, name> {};

struct expression;

// --- Strings: "text \n ${expr}" ----------------------------------------------

struct quote_open : one<'"'> {};
struct string_close : one<'"'> {};  // error point: unterminated string
// A '$' not followed by '{' is an ordinary character.
struct literal_chars : plus<sor<not_one<'"', '\\', '$', '\n'>, seq<one<'$'>, not_at<one<'{'>>>>> {};
// The lookahead keeps the input at the backslash when the escape is unknown,
// so the error points at the backslash.
struct escape_sequence : seq<at<one<'\\'>, one<'"', '\\', 'n', 't', 'r', '$'>>, one<'\\'>, any> {};
struct escape : seq<at<one<'\\'>>, must<escape_sequence>> {};
struct interpolation_open : TAO_PEGTL_STRING("${") {};
struct interpolation_close : one<'}'> {};  // error point
struct interpolation
    : seq<interpolation_open, blank, must<expression>, blank, must<interpolation_close>> {};
struct string_literal
    : seq<quote_open, star<sor<literal_chars, escape, interpolation>>, must<string_close>> {};

// --- Heredocs: <<TAG or <<-TAG, lines, then TAG on a line of its own ---------
//
// The body is literal text (backslashes included) with ${expr}; "$${" is a
// literal "${". The terminator may be indented. With <<- the parser strips
// the indentation common to the non-blank body lines (heredoc_indent asks
// the builder how much), so the body can be indented with the block.

struct heredoc_start : TAO_PEGTL_STRING("<<") {};
struct heredoc_tag : seq<name_first, star<name_char>> {};  // error point
struct heredoc_open : seq<heredoc_start, opt<one<'-'>>, must<heredoc_tag>> {};
struct heredoc_head_end : newline {};  // error point: text after <<TAG

/// Consumes the indentation the builder strips from each body line.
struct heredoc_indent {
  using rule_t = heredoc_indent;
  using subs_t = empty_list;
  template <apply_mode, rewind_mode, template <typename...> class,
            template <typename...> class, typename ParseInput, typename Builder>
  [[nodiscard]] static bool match(ParseInput& in, Builder& builder) {
    std::size_t n = 0;
    const std::size_t strip = builder.heredoc_strip();
    while (n < strip && n < in.size(strip) && (in.peek_char(n) == ' ' || in.peek_char(n) == '\t'))
      ++n;
    in.bump_in_this_line(n);
    return true;
  }
};

/// The terminator line: optional indentation, the tag, not followed by a
/// name character. Compares with the tag of the innermost open heredoc.
struct heredoc_end {
  using rule_t = heredoc_end;
  using subs_t = empty_list;
  template <apply_mode, rewind_mode, template <typename...> class,
            template <typename...> class, typename ParseInput, typename Builder>
  [[nodiscard]] static bool match(ParseInput& in, Builder& builder) {
    const std::string& tag = builder.heredoc_tag();
    std::size_t n = 0;
    while (n < in.size(n + 1) && (in.peek_char(n) == ' ' || in.peek_char(n) == '\t')) ++n;
    if (in.size(n + tag.size() + 1) < n + tag.size()) return false;
    if (std::string_view(in.current() + n, tag.size()) != tag) return false;
    if (in.size(n + tag.size() + 1) > n + tag.size()) {
      const char after = in.peek_char(n + tag.size());
      if ((after >= 'a' && after <= 'z') || (after >= 'A' && after <= 'Z') ||
          (after >= '0' && after <= '9') || after == '_')
        return false;
    }
    in.bump_in_this_line(n + tag.size());
    return true;
  }
};
struct heredoc_close : heredoc_end {};  // error point: unterminated heredoc

struct heredoc_escape : TAO_PEGTL_STRING("$${") {};
struct heredoc_chars : plus<sor<not_one<'$', '\n'>,
                                seq<one<'$'>, not_at<one<'{'>>, not_at<one<'$'>, one<'{'>>>>> {};
struct heredoc_newline : newline {};
struct heredoc_line : seq<not_at<heredoc_end>, heredoc_indent,
                          star<sor<heredoc_escape, interpolation, heredoc_chars>>,
                          heredoc_newline> {};
struct heredoc
    : seq<heredoc_open, blank, must<heredoc_head_end>, star<heredoc_line>, must<heredoc_close>> {};

// --- Integers ------------------------------------------------------------------

struct integer : seq<opt<one<'-'>>, plus<digit>> {};
struct integer_end : not_at<name_char> {};  // error point: "12abc"
struct integer_literal : seq<integer, must<integer_end>> {};

// --- Lists: [a, b, c], trailing comma allowed, may span lines --------------------

struct list_open : one<'['> {};
struct list_close : one<']'> {};                           // error point
struct list_separator : sor<one<','>, at<list_close>> {};  // error point
struct list_element : seq<must<expression>, gap, must<list_separator>, gap> {};
struct list_literal
    : seq<list_open, gap, star<not_at<sor<list_close, eof>>, list_element>, must<list_close>> {};

// --- Maps: { key = value, ... } or one entry per line -------------------------

struct map_open : one<'{'> {};
struct map_close : one<'}'> {};  // error point
struct map_key_name : name {};
struct map_key_string : string_literal {};
struct map_key : sor<map_key_name, map_key_string> {};                // error point
struct map_equals : one<'='> {};                                      // error point
struct map_separator : sor<one<','>, at<newline>, at<map_close>> {};  // error point
struct map_entry : seq<must<map_key>, blank, must<map_equals>, blank, must<expression>, blank,
                       must<map_separator>, gap> {};
struct map_literal
    : seq<map_open, gap, star<not_at<sor<map_close, eof>>, map_entry>, must<map_close>> {};

// --- Name-led primaries: variable, TYPE["title"], function(args) --------------
//
// The name is pushed once; what follows it (no space allowed) decides what it
// becomes, so no action runs twice on backtracking.

struct lead_name : plain_name {};
struct reference_open : one<'['> {};
struct reference_title : string_literal {};  // error point
struct reference_close : one<']'> {};        // error point
struct reference_tail
    : seq<reference_open, blank, must<reference_title>, blank, must<reference_close>> {};
struct call_open : one<'('> {};
struct call_close : one<')'> {};                           // error point
struct call_separator : sor<one<','>, at<call_close>> {};  // error point
struct call_argument : seq<must<expression>, gap, must<call_separator>, gap> {};
struct call_tail
    : seq<call_open, gap, star<not_at<sor<call_close, eof>>, call_argument>, must<call_close>> {};
struct variable_tail : success {};
struct name_led : seq<lead_name, sor<reference_tail, call_tail, variable_tail>> {};

// --- Expressions, loosest first: ||, &&, == !=, !, postfix ., primary ------------
//
// A line break is allowed after a binary operator and inside parentheses.

struct paren_open : one<'('> {};
struct paren_close : one<')'> {};  // error point
struct paren_expr : seq<paren_open, gap, must<expression>, gap, must<paren_close>> {};
struct primary : sor<string_literal, heredoc, list_literal, map_literal, integer_literal, kw_true,
                     kw_false, paren_expr, name_led> {};
struct member_name : name {};  // error point
struct member_suffix : seq<one<'.'>, must<member_name>> {};
struct postfix : seq<primary, star<member_suffix>> {};

struct not_op : seq<one<'!'>, not_at<one<'='>>> {};
struct operand;  // error point: a value must follow an operator
struct not_expr : seq<not_op, blank, must<operand>> {};
struct unary : sor<not_expr, postfix> {};
struct operand : unary {};

struct equal_op : TAO_PEGTL_STRING("==") {};
struct not_equal_op : TAO_PEGTL_STRING("!=") {};
struct compare_tail : seq<blank, sor<equal_op, not_equal_op>, gap, must<operand>> {};
struct comparison : seq<unary, star<compare_tail>> {};
struct and_op : TAO_PEGTL_STRING("&&") {};
struct and_operand : comparison {};  // error point (same message as operand)
struct and_tail : seq<blank, and_op, gap, must<and_operand>> {};
struct conjunction : seq<comparison, star<and_tail>> {};
struct or_op : TAO_PEGTL_STRING("||") {};
struct or_operand : conjunction {};  // error point
struct or_tail : seq<blank, or_op, gap, must<or_operand>> {};
/// Any expression. Error point ("expected a value").
struct expression : seq<conjunction, star<or_tail>> {};

}  // namespace twin::lang::grammar
