// The only translation unit that includes PEGTL: grammar actions feed the
// AstBuilder, Control::raise turns each error point into a Diagnostic.
#include "lang/parser.h"

#include <fmt/format.h>

#include <cctype>
#include <exception>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "lang/internal/ast_builder.h"
#include "lang/internal/grammar.h"
#include "lang/internal/syntax_errors.h"
#include "lang/internal/text_scan.h"

namespace twin::lang {
namespace {

namespace g = grammar;
using internal::AstBuilder;

// Byte offset of the start of an action's match, or of the current position.
template <typename ActionInput>
std::size_t begin_of(const ActionInput& in) {
  return static_cast<std::size_t>(in.begin() - in.input().begin());
}
template <typename ActionInput>
std::size_t end_of(const ActionInput& in) {
  return static_cast<std::size_t>(in.end() - in.input().begin());
}
template <typename ParseInput>
std::size_t offset_of(const ParseInput& in) {
  return static_cast<std::size_t>(in.current() - in.begin());
}

// Called where a list, map, string or block opens; hostile input must get an
// error here rather than a stack overflow further down.
void enter_nesting(AstBuilder& b, std::size_t offset) {
  if (b.depth() < kMaxNestingDepth) return;
  b.syntax_error({Severity::kError, "E0020", "nesting is too deep",
                  b.span(offset, internal::token_end(b.text(), offset)),
                  fmt::format("lists, maps, strings and blocks nest at most {} levels deep",
                              kMaxNestingDepth)});
  b.recovery().failed_at(offset);
  throw g::recorded_error{};
}

// --- Actions: each completed token or node goes into the builder -----------------

template <typename Rule>
struct Action : tao::pegtl::nothing<Rule> {};

template <>
struct Action<g::let_name> {
  template <typename In>
  static void apply(const In& in, AstBuilder& b) {
    b.push_let_name(in.string_view(), begin_of(in));
  }
};
template <>
struct Action<g::block_type> {
  template <typename In>
  static void apply(const In& in, AstBuilder& b) {
    b.push_name(in.string_view(), begin_of(in));
  }
};
template <>
struct Action<g::item_name> : Action<g::block_type> {};
template <>
struct Action<g::map_key_name> : Action<g::block_type> {};

template <>
struct Action<g::lead_name> : Action<g::block_type> {};
template <>
struct Action<g::for_variable> : Action<g::block_type> {};
template <>
struct Action<g::define_name> : Action<g::block_type> {};
template <>
struct Action<g::param_type> : Action<g::block_type> {};
// Keywords that open a statement: their position becomes the span's start.
template <>
struct Action<g::if_keyword> : Action<g::block_type> {};
template <>
struct Action<g::for_keyword> : Action<g::block_type> {};
template <>
struct Action<g::define_keyword> : Action<g::block_type> {};
template <>
struct Action<g::param_name> {
  template <typename In>
  static void apply(const In& in, AstBuilder& b) {
    b.mark_param_start();
    b.push_name(in.string_view(), begin_of(in));
  }
};
template <>
struct Action<g::variable_tail> {
  template <typename In>
  static void apply(const In&, AstBuilder& b) {
    b.variable_from_name();
  }
};
template <>
struct Action<g::integer> {
  template <typename In>
  static void apply(const In& in, AstBuilder& b) {
    b.push_int(in.string_view(), begin_of(in));
  }
};
template <>
struct Action<g::kw_true> {
  template <typename In>
  static void apply(const In& in, AstBuilder& b) {
    b.push_bool(true, begin_of(in), end_of(in));
  }
};
template <>
struct Action<g::kw_false> {
  template <typename In>
  static void apply(const In& in, AstBuilder& b) {
    b.push_bool(false, begin_of(in), end_of(in));
  }
};

template <>
struct Action<g::quote_open> {
  template <typename In>
  static void apply(const In& in, AstBuilder& b) {
    enter_nesting(b, begin_of(in));
    b.open_string(begin_of(in));
  }
};
template <>
struct Action<g::literal_chars> {
  template <typename In>
  static void apply(const In& in, AstBuilder& b) {
    b.add_literal(in.string_view());
  }
};
template <>
struct Action<g::escape_sequence> {
  template <typename In>
  static void apply(const In& in, AstBuilder& b) {
    b.add_escape(in.string_view()[1]);
  }
};
template <>
struct Action<g::interpolation_close> {
  template <typename In>
  static void apply(const In&, AstBuilder& b) {
    b.add_interpolation();
  }
};
template <>
struct Action<g::heredoc_open> {
  template <typename In>
  static void apply(const In& in, AstBuilder& b) {
    enter_nesting(b, begin_of(in));
    b.open_heredoc(begin_of(in), in.string_view());
  }
};
template <>
struct Action<g::heredoc_chars> : Action<g::literal_chars> {};
template <>
struct Action<g::heredoc_newline> : Action<g::literal_chars> {};
template <>
struct Action<g::heredoc_escape> {
  template <typename In>
  static void apply(const In&, AstBuilder& b) {
    b.add_literal("${");
  }
};
template <>
struct Action<g::heredoc_close> {
  template <typename In>
  static void apply(const In& in, AstBuilder& b) {
    b.close_heredoc(end_of(in));
  }
};

template <>
struct Action<g::string_close> {
  template <typename In>
  static void apply(const In& in, AstBuilder& b) {
    b.close_string(end_of(in));
  }
};

template <>
struct Action<g::list_open> {
  template <typename In>
  static void apply(const In& in, AstBuilder& b) {
    enter_nesting(b, begin_of(in));
    b.open_list(begin_of(in));
  }
};
template <>
struct Action<g::list_close> {
  template <typename In>
  static void apply(const In& in, AstBuilder& b) {
    b.close_list(end_of(in));
  }
};
template <>
struct Action<g::map_open> {
  template <typename In>
  static void apply(const In& in, AstBuilder& b) {
    enter_nesting(b, begin_of(in));
    b.open_map(begin_of(in));
  }
};
template <>
struct Action<g::map_close> {
  template <typename In>
  static void apply(const In& in, AstBuilder& b) {
    b.close_map(end_of(in));
  }
};
template <>
struct Action<g::map_key_string> {
  template <typename In>
  static void apply(const In&, AstBuilder& b) {
    b.key_from_string();
  }
};

// --- Operators, references, calls, parentheses ---------------------------------

template <ast::BinaryOp kOp>
struct PushBinaryOp {
  template <typename In>
  static void apply(const In& in, AstBuilder& b) {
    b.push_binary_op(kOp, begin_of(in), end_of(in));
  }
};
template <>
struct Action<g::equal_op> : PushBinaryOp<ast::BinaryOp::kEqual> {};
template <>
struct Action<g::not_equal_op> : PushBinaryOp<ast::BinaryOp::kNotEqual> {};
template <>
struct Action<g::and_op> : PushBinaryOp<ast::BinaryOp::kAnd> {};
template <>
struct Action<g::or_op> : PushBinaryOp<ast::BinaryOp::kOr> {};
struct FoldBinary {
  template <typename In>
  static void apply(const In&, AstBuilder& b) {
    b.fold_binary();
  }
};
template <>
struct Action<g::compare_tail> : FoldBinary {};
template <>
struct Action<g::and_tail> : FoldBinary {};
template <>
struct Action<g::or_tail> : FoldBinary {};
template <>
struct Action<g::not_op> {
  template <typename In>
  static void apply(const In& in, AstBuilder& b) {
    enter_nesting(b, begin_of(in));
    b.push_not(begin_of(in));
  }
};
template <>
struct Action<g::not_expr> {
  template <typename In>
  static void apply(const In&, AstBuilder& b) {
    b.fold_not();
  }
};
template <>
struct Action<g::member_name> {
  template <typename In>
  static void apply(const In& in, AstBuilder& b) {
    b.fold_member(in.string_view(), begin_of(in));
  }
};
template <>
struct Action<g::reference_close> {
  template <typename In>
  static void apply(const In& in, AstBuilder& b) {
    b.make_reference(end_of(in));
  }
};
template <>
struct Action<g::call_open> {
  template <typename In>
  static void apply(const In& in, AstBuilder& b) {
    enter_nesting(b, begin_of(in));
    b.open_call(begin_of(in));
  }
};
template <>
struct Action<g::call_close> {
  template <typename In>
  static void apply(const In& in, AstBuilder& b) {
    b.close_call(end_of(in));
  }
};
template <>
struct Action<g::paren_open> {
  template <typename In>
  static void apply(const In& in, AstBuilder& b) {
    enter_nesting(b, begin_of(in));
    b.open_group();
  }
};
template <>
struct Action<g::paren_expr> {
  template <typename In>
  static void apply(const In& in, AstBuilder& b) {
    b.close_group(begin_of(in), end_of(in));
  }
};

// --- Statements and bodies ---------------------------------------------------------

template <>
struct Action<g::import_statement> {
  template <typename In>
  static void apply(const In& in, AstBuilder& b) {
    std::string_view text = in.string_view();
    std::size_t length = text.find_last_not_of(" \t\r\n");
    b.add_import(begin_of(in), begin_of(in) + (length == std::string_view::npos ? 0 : length + 1));
  }
};
template <>
struct Action<g::if_open> {
  template <typename In>
  static void apply(const In& in, AstBuilder& b) {
    enter_nesting(b, begin_of(in));
    b.open_if(begin_of(in));
  }
};
template <>
struct Action<g::else_keyword> {
  template <typename In>
  static void apply(const In&, AstBuilder& b) {
    b.begin_else();
  }
};
template <>
struct Action<g::for_open> {
  template <typename In>
  static void apply(const In& in, AstBuilder& b) {
    enter_nesting(b, begin_of(in));
    b.open_for(begin_of(in));
  }
};
template <>
struct Action<g::params_open> {
  template <typename In>
  static void apply(const In& in, AstBuilder& b) {
    enter_nesting(b, begin_of(in));
    b.open_define(begin_of(in));
  }
};
template <>
struct Action<g::param> {
  template <typename In>
  static void apply(const In&, AstBuilder& b) {
    b.add_param();
  }
};
template <>
struct Action<g::body_close> {
  template <typename In>
  static void apply(const In& in, AstBuilder& b) {
    b.end_body(end_of(in));
  }
};
struct FinishBody {
  template <typename In>
  static void apply(const In&, AstBuilder& b) {
    b.finish_body();
  }
};
template <typename Entry>
struct Action<g::if_chain<Entry>> : FinishBody {};
template <typename Entry>
struct Action<g::for_loop<Entry>> : FinishBody {};
template <>
struct Action<g::define_statement> : FinishBody {};

template <>
struct Action<g::block_open> {
  template <typename In>
  static void apply(const In& in, AstBuilder& b) {
    enter_nesting(b, begin_of(in));
    b.open_block(begin_of(in));
  }
};
template <>
struct Action<g::block_close> {
  template <typename In>
  static void apply(const In& in, AstBuilder& b) {
    b.close_block(end_of(in));
  }
};
template <>
struct Action<g::attribute> {
  template <typename In>
  static void apply(const In&, AstBuilder& b) {
    b.add_attribute();
  }
};
template <>
struct Action<g::let_core> {
  template <typename In>
  static void apply(const In& in, AstBuilder& b) {
    b.add_let(begin_of(in), end_of(in));
  }
};

// --- Errors: the table's text, completed with context where it helps --------

// "12abc": point at the whole token, not just at the letters.
std::size_t start_of_word(std::string_view text, std::size_t offset) {
  auto is_word = [](char c) {
    return c == '-' || c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
           (c >= 'A' && c <= 'Z');
  };
  while (offset > 0 && is_word(text[offset - 1])) --offset;
  return offset;
}

// Where the last token before `offset` ends, looking back over whitespace.
std::size_t end_of_previous_token(std::string_view text, std::size_t offset) {
  while (offset > 0 && std::isspace(static_cast<unsigned char>(text[offset - 1]))) --offset;
  return offset;
}

std::string equals_hint(std::string_view name, std::string_view token) {
  if (token == ":") return "use '=' instead of ':'";
  bool value_like = !token.empty() && (token.front() == '"' || token.front() == '-' ||
                                       std::isalnum(static_cast<unsigned char>(token.front())));
  return fmt::format("write `{} = {}`", name, value_like ? token : "VALUE");
}

template <typename Rule>
Diagnostic describe_syntax_error(const AstBuilder& b, std::size_t offset) {
  constexpr internal::SyntaxErrorText kText = internal::kSyntaxError<Rule>;
  const std::string& text = b.text();
  Diagnostic d{Severity::kError, kText.code, kText.message,
               b.span(offset, internal::token_end(text, offset)), kText.hint};
  if constexpr (std::is_same_v<Rule, g::attribute_equals>) {
    d.hint = equals_hint(b.last_name(), text.substr(offset, d.span.end - offset));
  } else if constexpr (std::is_same_v<Rule, g::block_title>) {
    d.hint = fmt::format("write `{} \"TITLE\" {{ ... }}`", b.last_name());
  } else if constexpr (std::is_same_v<Rule, g::string_close>) {
    d.span = b.span(b.open_string_begin(), offset);
  } else if constexpr (std::is_same_v<Rule, g::escape_sequence>) {
    std::size_t next = offset + 1;
    bool has_char = next < text.size() && text[next] != '\n' && text[next] != '\r';
    d.span.end =
        has_char ? next + internal::utf8_length(static_cast<unsigned char>(text[next])) : next;
  } else if constexpr (std::is_same_v<Rule, g::integer_end>) {
    d.span.begin = start_of_word(text, offset);
  } else if constexpr (std::is_same_v<Rule, g::body_close>) {
    d.message = "expected '}' to close the body of " + b.open_body_description();
    std::size_t brace = b.open_block_brace();
    d.related.push_back({b.span(brace, brace + 1), "the body opens here"});
  } else if constexpr (std::is_same_v<Rule, g::heredoc_close>) {
    std::size_t begin = b.open_string_begin();
    d.span = b.span(begin, internal::token_end(text, begin + 2 + (text[begin + 2] == '-')));
    d.hint = "end it with a line that holds only " + b.heredoc_tag();
  } else if constexpr (std::is_same_v<Rule, g::block_close>) {
    d.message = "expected '}' to close the block of " + b.open_block_description();
    std::size_t brace = b.open_block_brace();
    d.related.push_back({b.span(brace, brace + 1), "the block opens here"});
  }
  // Something missing at EOF, or a ',' missing at the end of a line, is
  // clearer right after the token it should follow (as clang does).
  constexpr bool kOwnSpan =
      std::is_same_v<Rule, g::string_close> || std::is_same_v<Rule, g::heredoc_close>;
  bool at_eof = offset == text.size();
  bool next_line = std::is_same_v<Rule, g::list_separator> &&
                   text.find('\n', end_of_previous_token(text, offset)) < offset;
  if (!kOwnSpan && (at_eof || next_line)) {
    std::size_t end = end_of_previous_token(text, offset);
    d.span = b.span(end, end);
  }
  if constexpr (std::is_same_v<Rule, g::list_close> || std::is_same_v<Rule, g::map_close> ||
                std::is_same_v<Rule, g::call_close>) {
    // Point back at the opening bracket unless the error is on its line.
    std::size_t open = b.open_container_begin();
    const SourceFile& file = *d.span.file;
    if (file.line_col(open).line != file.line_col(d.span.begin).line) {
      const char* what = std::is_same_v<Rule, g::list_close>  ? "the list opens here"
                         : std::is_same_v<Rule, g::map_close> ? "the map opens here"
                                                              : "the argument list opens here";
      d.related.push_back({b.span(open, open + 1), what});
    }
  }
  return d;
}

template <typename Rule>
struct Control : tao::pegtl::normal<Rule> {
  template <typename ParseInput>
  [[noreturn]] static void raise(const ParseInput& in, AstBuilder& b) {
    static_assert(internal::kSyntaxError<Rule>.message != nullptr,
                  "every error point needs an entry in lang/internal/syntax_errors.h");
    Diagnostic d = describe_syntax_error<Rule>(b, offset_of(in));
    // "99999999999999999999abc" already got E0011 at the word's start.
    std::size_t at = std::is_same_v<Rule, g::integer_end> ? d.span.begin : offset_of(in);
    b.syntax_error(std::move(d), at);
    b.recovery().failed_at(offset_of(in));
    throw g::recorded_error{};
  }
};

void report_encoding_error(const SourcePtr& file, const internal::EncodingError& bad,
                           DiagnosticSink& sink) {
  Span where{file, bad.offset, bad.offset + bad.length};
  if (bad.is_nul) {
    sink.error("E0002", "source contains a NUL byte", where, "is this a binary file?");
  } else {
    sink.error("E0003", "source is not valid UTF-8", where, "save the file as UTF-8");
  }
}

}  // namespace

std::optional<ast::Module> parse(SourcePtr file, DiagnosticSink& sink) {
  const std::string& text = file->text();
  if (auto bad = internal::find_encoding_error(text)) {
    report_encoding_error(file, *bad, sink);
    return std::nullopt;
  }
  AstBuilder builder(file, sink);
  tao::pegtl::memory_input<tao::pegtl::tracking_mode::lazy> in(text.data(), text.size(),
                                                               file->path());
  try {
    if (!tao::pegtl::parse<g::file, Action, Control>(in, builder) && builder.error_count() == 0) {
      sink.error("E0099", "internal error: the parser stopped without a diagnostic",
                 Span{file, offset_of(in), offset_of(in)});
    }
  } catch (const g::recorded_error&) {
    // Raised outside every recovery point; the error is already recorded.
  } catch (const std::exception& e) {
    sink.error("E0099", std::string("internal error in the parser: ") + e.what(),
               Span{file, offset_of(in), offset_of(in)});
  }
  return builder.take_module();
}

}  // namespace twin::lang
