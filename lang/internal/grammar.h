// Private to lang/parser.cc (and the grammar's own analyze test): the PEG
// grammar of .twin files, for PEGTL 3.x. Expressions live in
// grammar_expressions.h; this file adds blocks, control flow and statements.
//
// Whitespace convention: line breaks are significant (one attribute, one
// statement per line), so no rule skips whitespace implicitly. `blank` skips
// spaces, tabs, '\r' and comments on the current line; `gap` also skips line
// breaks and is used only where a line break is free: between statements,
// between the items of a block, and inside [ ] and { } values.
//
// Error points: every rule wrapped in must<> or named in raise<> has its own
// entry in parser.cc's message table (a missing entry fails the build). Rules
// commit with must<> as soon as a prefix is unambiguous, so the parser never
// backtracks over a rule that has an action.
//
// Recovery: recover<Rule, Skip> runs Rule; when a syntax error unwinds out of
// it, it drops what Rule half-built, skips the broken text with Skip and
// carries on, so one parse reports every error in the file. Where it resumes
// is internal::Recovery's choice, which keeps the parse linear: no region is
// re-read more than once, however many recovering rules nest around it.
#pragma once

#include <cstddef>
#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze_traits.hpp>

#include "lang/internal/grammar_expressions.h"
#include "lang/internal/recovery.h"
#include "lang/internal/text_scan.h"

namespace twin::lang::grammar {

using namespace tao::pegtl;  // NOLINT: the grammar reads as PEG only without prefixes

/// Thrown by the parser's Control::raise after it has recorded the error;
/// caught by the nearest recover<> (or parse() itself).
struct recorded_error {};

// --- Recovery -----------------------------------------------------------------

template <typename Rule, typename Skip>
struct recover {
  using rule_t = recover;
  using subs_t = type_list<Rule>;

  template <apply_mode A, rewind_mode M, template <typename...> class Action,
            template <typename...> class Control, typename ParseInput, typename Builder>
  [[nodiscard]] static bool match(ParseInput& in, Builder& builder) {
    const auto checkpoint = builder.checkpoint();
    const std::size_t start = static_cast<std::size_t>(in.current() - in.begin());
    const std::size_t recoveries = builder.recovery().recoveries();
    {
      auto marker = in.template mark<rewind_mode::required>();
      using marker_t = decltype(marker);
      try {
        bool matched =
            marker(Control<Rule>::template match<A, marker_t::next_rewind_mode, Action, Control>(
                in, builder));
        if (matched) builder.piece_done();
        return matched;
      } catch (const recorded_error&) {
        // Leaving this scope rewinds the input to where Rule started.
      }
    }
    builder.restore(checkpoint);
    // Not simply a skip from `start`: see lang/internal/recovery.h.
    const internal::Resync resync =
        builder.recovery().resume(builder.text(), start, recoveries, &Skip::skip);
    builder.resynced(resync);
    in.bump(resync.offset - start);
    return resync.offset > start;  // no progress would loop forever
  }
};

struct skip_item {
  static internal::Resync skip(std::string_view text, std::size_t offset) {
    return internal::skip_item(text, offset);
  }
};

struct skip_statement {
  static internal::Resync skip(std::string_view text, std::size_t offset) {
    return internal::skip_statement(text, offset);
  }
};

// --- Blocks: TYPE "TITLE" { NAME = VALUE ... nested blocks ... } ------------------

struct block_title : seq<string_literal> {};  // error point
struct block_open : one<'{'> {};              // error point
struct block_close : one<'}'> {};             // error point (the message names the block)
struct item_name : plain_name {};
struct attribute_equals : one<'='> {};  // error point (neither '=' nor a nested block follows)
struct attribute_end : sor<newline, at<block_close>, eof> {};  // error point
struct attribute : seq<attribute_equals, blank, must<expression>, blank, must<attribute_end>> {};
struct expected_item {};  // error point: neither a name nor '}'

// `entry "backup" {` on one line starts a nested block; this plain scan (no
// actions, no recursion) tells it apart from `mode "0644"`, a missing '='.
struct nested_block_ahead
    : at<one<'"'>, star<sor<seq<one<'\\'>, not_one<'\n'>>, not_one<'"', '\n'>>>, one<'"'>, blank,
         one<'{'>> {};
struct nested_block_end : sor<newline, at<block_close>, eof> {};  // error point

// --- Control flow: if / else, for, around blocks ------------------------------------
//
// Templated on the entry rule of their bodies: at top level and in defines
// the bodies hold resource blocks, inside a block they hold nested blocks.
// `else` must follow the closing brace on the same line.

struct body_close : one<'}'> {};  // error point
template <typename Entry>
struct body : seq<gap, star<not_at<sor<body_close, eof, kw_let>>, recover<Entry, skip_item>, gap>,
                  must<body_close>> {};

struct if_keyword : kw_if {};
struct if_open : one<'{'> {};  // error point
struct else_open : one<'{'> {};
struct else_keyword : kw_else {};
struct else_start : one<'{'> {};  // error point: `else` needs `{` or `if`
template <typename Entry>
struct if_chain;
template <typename Entry>
struct else_if : seq<at<kw_if>, if_chain<Entry>> {};
template <typename Entry>
struct else_part : seq<blank, else_keyword, blank,
                       sor<else_if<Entry>, seq<at<one<'{'>>, else_open, body<Entry>>,
                           raise<else_start>>> {};
template <typename Entry>
struct if_chain : seq<if_keyword, blank, must<expression>, blank, must<if_open>, body<Entry>,
                      opt<else_part<Entry>>> {};

struct for_keyword : kw_for {};
struct for_variable : plain_name {};  // error point
struct for_in : kw_in {};             // error point
struct for_open : one<'{'> {};        // error point
template <typename Entry>
struct for_loop : seq<for_keyword, blank, must<for_variable>, blank, must<for_in>, blank,
                      must<expression>, blank, must<for_open>, body<Entry>> {};

struct block_entry;
// A `let` cannot appear in a block, so one there means the '}' is missing.
struct block_body
    : seq<gap, star<not_at<sor<block_close, eof, kw_let>>, recover<block_entry, skip_item>, gap>,
          must<block_close>> {};
struct nested_block : seq<nested_block_ahead, block_title, blank, block_open, block_body, blank,
                          must<nested_block_end>> {};
struct block_item : seq<item_name, blank, sor<attribute, nested_block, raise<attribute_equals>>> {};
struct nested_entry;
struct nested_if : seq<if_chain<nested_entry>, blank, must<nested_block_end>> {};
struct nested_for : seq<for_loop<nested_entry>, blank, must<nested_block_end>> {};
struct expected_nested_block {};  // error point
struct nested_block_item : seq<item_name, blank, nested_block> {};
/// Inside an if/for within a block: nested blocks only.
struct nested_entry
    : sor<nested_if, nested_for, nested_block_item, raise<expected_nested_block>> {};
struct block_entry : sor<nested_if, nested_for, block_item, raise<expected_item>> {};

// --- Statements ------------------------------------------------------------------------

struct let_name : plain_name {};  // error point
struct let_equals : one<'='> {};  // error point
struct let_core
    : seq<kw_let, blank, must<let_name>, blank, must<let_equals>, blank, must<expression>> {};
struct let_end : sor<newline, eof> {};  // error point
struct let_statement : seq<let_core, blank, must<let_end>> {};

struct block_type : plain_name {};
struct block_end : sor<newline, eof> {};  // error point
struct resource_block : seq<block_type, blank, must<block_title>, blank, must<block_open>,
                            block_body, blank, must<block_end>> {};

struct import_path : string_literal {};  // error point
struct import_statement : seq<kw_import, blank, must<import_path>, blank, must<block_end>> {};

struct body_entry;
struct top_if : seq<if_chain<body_entry>, blank, must<block_end>> {};
struct top_for : seq<for_loop<body_entry>, blank, must<block_end>> {};
struct expected_body_statement {};  // error point
/// Inside an if/for at top level, or a define: resource blocks only.
struct body_entry : sor<top_if, top_for, resource_block, raise<expected_body_statement>> {};

struct define_keyword : kw_define {};
struct define_name : plain_name {};  // error point
struct params_open : one<'('> {};    // error point
struct params_close : one<')'> {};   // error point
struct param_name : plain_name {};   // error point
struct param_colon : one<':'> {};    // error point
struct param_type : name {};         // error point
struct param_separator : sor<one<','>, at<params_close>> {};  // error point
struct param_default : seq<one<'='>, blank, must<expression>> {};
struct param : seq<must<param_name>, blank, must<param_colon>, blank, must<param_type>, blank,
                   opt<param_default>, gap, must<param_separator>, gap> {};
struct define_open : one<'{'> {};  // error point
struct define_statement
    : seq<define_keyword, blank, must<define_name>, blank, must<params_open>, gap,
          star<not_at<sor<params_close, eof>>, param>, must<params_close>, blank,
          must<define_open>, body<body_entry>, blank, must<block_end>> {};

struct expected_statement {};  // error point
struct statement : sor<let_statement, import_statement, define_statement, top_if, top_for,
                       resource_block, raise<expected_statement>> {};

/// A whole .twin file; an optional UTF-8 byte order mark is ignored.
struct file
    : seq<opt<utf8::bom>, gap, star<not_at<eof>, recover<statement, skip_statement>, gap>, eof> {};

}  // namespace twin::lang::grammar

namespace tao::pegtl {

// For analyze<>: recover<> consumes exactly what its rule does.
template <typename Name, typename Rule, typename Skip>
struct analyze_traits<Name, twin::lang::grammar::recover<Rule, Skip>> : analyze_seq_traits<Rule> {};

// The indentation strip may consume nothing; a terminator consumes its tag.
template <typename Name>
struct analyze_traits<Name, twin::lang::grammar::heredoc_indent> : analyze_opt_traits<> {};
template <typename Name>
struct analyze_traits<Name, twin::lang::grammar::heredoc_end> : analyze_any_traits<> {};

}  // namespace tao::pegtl
