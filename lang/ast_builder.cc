#include "lang/internal/ast_builder.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <utility>

namespace twin::lang::internal {

AstBuilder::AstBuilder(SourcePtr file, DiagnosticSink& sink)
    : file_(std::move(file)), sink_(sink) {}

void AstBuilder::syntax_error(Diagnostic diagnostic, std::size_t offset) {
  if (offset == unclean_resync_offset_ || !error_offsets_.insert(offset).second) return;
  ++error_count_;
  sink_.add(std::move(diagnostic));
}

AstBuilder::Checkpoint AstBuilder::checkpoint() const {
  Checkpoint c{names_.size(),      exprs_.size(),  ops_.size(),        strings_.size(),
               containers_.size(), bodies_.size(), statements_.size(), groups_,
               0,                  0};
  if (!bodies_.empty()) {
    if (const auto* block = std::get_if<ast::Block>(&bodies_.back().node))
      c.attributes = block->attributes.size();
    c.items = bodies_.back().items().size();
  }
  return c;
}

void AstBuilder::restore(const Checkpoint& c) {
  names_.resize(c.names);
  exprs_.resize(c.exprs);
  ops_.resize(c.ops);
  strings_.resize(c.strings);
  containers_.resize(c.containers);
  while (bodies_.size() > c.bodies) bodies_.pop_back();
  statements_.resize(c.statements);
  groups_ = c.groups;
  if (!bodies_.empty()) {
    if (auto* block = std::get_if<ast::Block>(&bodies_.back().node))
      block->attributes.resize(c.attributes);
    bodies_.back().items().resize(c.items);
  }
  if (pending_let_) {
    // Lets only occur at top level, so this is a statement-level restore.
    ast::Let let;
    let.name = std::move(pending_let_->text);
    let.name_span = pending_let_->span;
    let.value = ast::Expr{ast::ErrorExpr{}, let.name_span};
    let.span = let.name_span;
    statements_.emplace_back(std::move(let));
    pending_let_.reset();
  }
}

void AstBuilder::resynced(Resync resync) {
  if (!resync.clean) unclean_resync_offset_ = resync.offset;
}

AstBuilder::Name AstBuilder::pop_name() {
  Name name = std::move(names_.back());
  names_.pop_back();
  return name;
}

ast::Expr AstBuilder::pop_expr() {
  ast::Expr expr = std::move(exprs_.back());
  exprs_.pop_back();
  return expr;
}

std::vector<ast::Expr> AstBuilder::pop_exprs_from(std::size_t height) {
  std::vector<ast::Expr> popped(std::make_move_iterator(exprs_.begin() + height),
                                std::make_move_iterator(exprs_.end()));
  exprs_.resize(height);
  return popped;
}

void AstBuilder::push_name(std::string_view name, std::size_t begin) {
  names_.push_back(Name{std::string(name), span(begin, begin + name.size())});
}

void AstBuilder::push_let_name(std::string_view name, std::size_t begin) {
  push_name(name, begin);
  pending_let_ = names_.back();
}

void AstBuilder::push_int(std::string_view digits, std::size_t begin) {
  Span where = span(begin, begin + digits.size());
  std::string_view magnitude = digits.substr(digits.front() == '-' ? 1 : 0);
  std::int64_t value = 0;
  auto [ptr, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (magnitude.size() > 1 && magnitude.front() == '0') {
    syntax_error({Severity::kError, "E0012", "integer literal has a leading zero", where,
                  fmt::format("write \"{}\" in quotes if this is a file mode", digits)});
    exprs_.push_back(ast::Expr{ast::ErrorExpr{}, where});
  } else if (error != std::errc() || ptr != digits.data() + digits.size()) {
    syntax_error({Severity::kError, "E0011", "integer literal is out of range", where,
                  "integers must lie between -9223372036854775808 and 9223372036854775807"});
    exprs_.push_back(ast::Expr{ast::ErrorExpr{}, where});
  } else {
    exprs_.push_back(ast::Expr{ast::IntExpr{value}, where});
  }
}

void AstBuilder::push_bool(bool value, std::size_t begin, std::size_t end) {
  exprs_.push_back(ast::Expr{ast::BoolExpr{value}, span(begin, end)});
}

void AstBuilder::variable_from_name() {
  Name name = pop_name();
  exprs_.push_back(ast::Expr{ast::VarRef{std::move(name.text)}, name.span});
}

void AstBuilder::open_string(std::size_t quote) { strings_.push_back({{}, quote}); }

void AstBuilder::add_literal(std::string_view text) {
  auto& parts = strings_.back().expr.parts;
  if (parts.empty() || parts.back().interpolated) parts.emplace_back();
  parts.back().literal.append(text);
}

void AstBuilder::add_escape(char escaped) {
  char decoded = escaped;
  if (escaped == 'n') decoded = '\n';
  if (escaped == 't') decoded = '\t';
  if (escaped == 'r') decoded = '\r';
  add_literal(std::string_view(&decoded, 1));
}

void AstBuilder::add_interpolation() {
  ast::StringPart part;
  part.interpolated = std::make_unique<ast::Expr>(pop_expr());
  strings_.back().expr.parts.push_back(std::move(part));
}

void AstBuilder::close_string(std::size_t end) {
  OpenString open = std::move(strings_.back());
  strings_.pop_back();
  exprs_.push_back(ast::Expr{std::move(open.expr), span(open.begin, end)});
}

void AstBuilder::open_list(std::size_t bracket) {
  containers_.push_back({names_.size(), exprs_.size(), bracket});
}

void AstBuilder::close_list(std::size_t end) {
  OpenContainer open = containers_.back();
  containers_.pop_back();
  ast::ListExpr list{pop_exprs_from(open.exprs)};
  exprs_.push_back(ast::Expr{std::move(list), span(open.begin, end)});
}

void AstBuilder::open_map(std::size_t brace) {
  containers_.push_back({names_.size(), exprs_.size(), brace});
}

void AstBuilder::close_map(std::size_t end) {
  OpenContainer open = containers_.back();
  containers_.pop_back();
  std::vector<ast::Expr> values = pop_exprs_from(open.exprs);
  ast::MapExpr map;
  for (std::size_t i = 0; i < values.size(); ++i) {
    Name& key = names_[open.names + i];
    map.entries.push_back(ast::MapEntry{std::move(key.text), key.span,
                                        std::make_unique<ast::Expr>(std::move(values[i]))});
  }
  names_.resize(open.names);
  exprs_.push_back(ast::Expr{std::move(map), span(open.begin, end)});
}

void AstBuilder::key_from_string() {
  ast::Expr expr = pop_expr();
  std::string key;
  for (const auto& part : std::get<ast::StringExpr>(expr.node).parts) {
    if (part.interpolated) {
      syntax_error({Severity::kError, "E0023", "a map key cannot use interpolation",
                    part.interpolated->span, "write the key out in full"});
      continue;
    }
    key += part.literal;
  }
  names_.push_back(Name{std::move(key), expr.span});
}

void AstBuilder::open_block(std::size_t brace) {
  ast::Block block;
  block.title = pop_expr();
  Name type = pop_name();
  block.type = std::move(type.text);
  block.type_span = type.span;
  block.span = span(type.span.begin, brace + 1);
  bodies_.push_back(OpenBody{std::move(block), brace});
}

void AstBuilder::add_attribute() {
  ast::Expr value = pop_expr();
  Name name = pop_name();
  std::get<ast::Block>(bodies_.back().node)
      .attributes.push_back(ast::Attribute{std::move(name.text), name.span, std::move(value)});
}

void AstBuilder::close_block(std::size_t end) {
  ast::Block block = std::move(std::get<ast::Block>(bodies_.back().node));
  bodies_.pop_back();
  block.span.end = end;
  add_statement(std::move(block));
}

void AstBuilder::add_let(std::size_t begin, std::size_t end) {
  ast::Let let;
  let.value = pop_expr();
  Name name = pop_name();
  let.name = std::move(name.text);
  let.name_span = name.span;
  let.span = span(begin, end);
  statements_.emplace_back(std::move(let));
}

void AstBuilder::add_import(std::size_t begin, std::size_t end) {
  ast::Expr path = pop_expr();
  ast::Import import;
  for (const auto& part : std::get<ast::StringExpr>(path.node).parts) {
    if (part.interpolated) {
      // Dropped: importing the literal parts alone would load another file.
      syntax_error({Severity::kError, "E0030", "an import path cannot use interpolation",
                    part.interpolated->span, "write the path out in full"});
      return;
    }
    import.path += part.literal;
  }
  import.path_span = path.span;
  import.span = span(begin, std::min(end, path.span.end));
  statements_.emplace_back(std::move(import));
}

void AstBuilder::open_if(std::size_t brace) {
  ast::If node;
  node.condition = pop_expr();
  Name keyword = pop_name();
  node.span = span(keyword.span.begin, brace + 1);
  bodies_.push_back(OpenBody{std::move(node), brace});
}

void AstBuilder::begin_else() { bodies_.back().in_else = true; }

void AstBuilder::open_for(std::size_t brace) {
  ast::For node;
  node.list = pop_expr();
  Name variable = pop_name();
  Name keyword = pop_name();
  node.variable = std::move(variable.text);
  node.variable_span = variable.span;
  node.span = span(keyword.span.begin, brace + 1);
  bodies_.push_back(OpenBody{std::move(node), brace});
}

void AstBuilder::open_define(std::size_t paren) {
  ast::Define node;
  Name name = pop_name();
  Name keyword = pop_name();
  node.name = std::move(name.text);
  node.name_span = name.span;
  node.span = span(keyword.span.begin, paren + 1);
  bodies_.push_back(OpenBody{std::move(node), paren});
}

void AstBuilder::add_param() {
  ast::Param param;
  if (exprs_.size() > param_exprs_) param.default_value = pop_expr();
  Name type = pop_name();
  Name name = pop_name();
  param.name = std::move(name.text);
  param.name_span = name.span;
  param.type = std::move(type.text);
  param.type_span = type.span;
  std::get<ast::Define>(bodies_.back().node).params.push_back(std::move(param));
}

void AstBuilder::end_body(std::size_t end) {
  std::visit([&](auto& node) { node.span.end = end; }, bodies_.back().node);
}

void AstBuilder::finish_body() {
  OpenBody open = std::move(bodies_.back());
  bodies_.pop_back();
  std::visit([&](auto& node) { add_statement(std::move(node)); }, open.node);
}

std::vector<ast::Statement>& AstBuilder::OpenBody::items() {
  return const_cast<std::vector<ast::Statement>&>(std::as_const(*this).items());
}

const std::vector<ast::Statement>& AstBuilder::OpenBody::items() const {
  if (const auto* block = std::get_if<ast::Block>(&node)) return block->children;
  if (const auto* branch = std::get_if<ast::If>(&node))
    return in_else ? branch->else_body : branch->then_body;
  if (const auto* loop = std::get_if<ast::For>(&node)) return loop->body;
  return std::get<ast::Define>(node).body;
}

std::vector<ast::Statement>& AstBuilder::current_items() {
  return bodies_.empty() ? statements_ : bodies_.back().items();
}

void AstBuilder::add_statement(ast::Statement statement) {
  current_items().push_back(std::move(statement));
}

bool AstBuilder::has_open_block() const {
  return !bodies_.empty() && std::holds_alternative<ast::Block>(bodies_.back().node);
}

std::string AstBuilder::open_block_description() const {
  // The title as written (interpolation and all), not as it will evaluate.
  const ast::Block& block = std::get<ast::Block>(bodies_.back().node);
  const Span& title = block.title.span;
  return block.type + " " + text().substr(title.begin, title.end - title.begin);
}

std::string AstBuilder::open_body_description() const {
  const OpenBody& open = bodies_.back();
  if (const auto* define = std::get_if<ast::Define>(&open.node)) return "define " + define->name;
  if (std::holds_alternative<ast::For>(open.node)) return "for";
  if (std::holds_alternative<ast::If>(open.node)) return open.in_else ? "else" : "if";
  return open_block_description();
}

std::string_view AstBuilder::last_name() const {
  return names_.empty() ? std::string_view() : std::string_view(names_.back().text);
}

// --- Heredocs ------------------------------------------------------------------

namespace {

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// The indentation common to the non-blank body lines of the heredoc whose
// opener line ends at `line_end`, up to its terminator (or EOF).
std::size_t common_indent(std::string_view text, std::size_t line_end, std::string_view tag) {
  std::optional<std::size_t> common;
  std::size_t line = line_end == std::string_view::npos ? text.size() : line_end + 1;
  while (line < text.size()) {
    std::size_t end = std::min(text.find('\n', line), text.size());
    std::string_view content = text.substr(line, end - line);
    std::size_t indent = content.find_first_not_of(" \t");
    if (indent != std::string_view::npos) {
      std::string_view rest = content.substr(indent);
      bool terminator = rest.substr(0, tag.size()) == tag &&
                        (rest.size() == tag.size() || !is_name_char(rest[tag.size()]));
      if (terminator) break;
      if (rest != "\r") common = std::min(common.value_or(indent), indent);
    }
    line = end + 1;
  }
  return common.value_or(0);
}

}  // namespace

void AstBuilder::open_heredoc(std::size_t begin, std::string_view head) {
  bool strip = head.size() > 2 && head[2] == '-';
  OpenString open{{}, begin, std::string(head.substr(strip ? 3 : 2)), 0};
  if (strip) open.strip = common_indent(text(), text().find('\n', begin), open.tag);
  strings_.push_back(std::move(open));
}

// --- Operators ----------------------------------------------------------------

void AstBuilder::push_binary_op(ast::BinaryOp op, std::size_t begin, std::size_t end) {
  ops_.push_back(Op{op, span(begin, end)});
}

void AstBuilder::push_not(std::size_t begin) {
  ops_.push_back(Op{std::nullopt, span(begin, begin + 1)});
  ++groups_;
}

bool AstBuilder::chain_too_deep(const ast::Expr& left, const Span& where) {
  // Only the left spine grows without bound (a == b == c, a.b.c); the right
  // operands are bounded by the nesting limit already.
  const ast::Expr* e = &left;
  for (std::size_t depth = 0; depth < kChainLimit; ++depth) {
    if (const auto* binary = std::get_if<ast::BinaryExpr>(&e->node)) {
      e = binary->left.get();
    } else if (const auto* member = std::get_if<ast::MemberExpr>(&e->node)) {
      e = member->object.get();
    } else {
      return false;
    }
  }
  syntax_error({Severity::kError, "E0020", "expression is too long", where,
                fmt::format("operator and member chains are limited to {} links", kChainLimit)});
  return true;
}

void AstBuilder::fold_binary() {
  ast::Expr right = pop_expr();
  ast::Expr left = pop_expr();
  Op op = ops_.back();
  ops_.pop_back();
  Span whole = span(left.span.begin, right.span.end);
  if (std::holds_alternative<ast::ErrorExpr>(left.node)) {
    exprs_.push_back(ast::Expr{ast::ErrorExpr{}, whole});
    return;
  }
  if (chain_too_deep(left, op.span)) {
    exprs_.push_back(ast::Expr{ast::ErrorExpr{}, whole});
    return;
  }
  ast::BinaryExpr node{*op.binary, op.span, std::make_unique<ast::Expr>(std::move(left)),
                       std::make_unique<ast::Expr>(std::move(right))};
  exprs_.push_back(ast::Expr{std::move(node), whole});
}

void AstBuilder::fold_not() {
  ast::Expr operand = pop_expr();
  Op op = ops_.back();
  ops_.pop_back();
  --groups_;
  Span whole = span(op.span.begin, operand.span.end);
  exprs_.push_back(
      ast::Expr{ast::UnaryExpr{ast::UnaryOp::kNot, std::make_unique<ast::Expr>(std::move(operand))},
                whole});
}

void AstBuilder::fold_member(std::string_view name, std::size_t begin) {
  ast::Expr object = pop_expr();
  Span member_span = span(begin, begin + name.size());
  Span whole = span(object.span.begin, member_span.end);
  if (std::holds_alternative<ast::ErrorExpr>(object.node)) {
    exprs_.push_back(ast::Expr{ast::ErrorExpr{}, whole});
    return;
  }
  if (chain_too_deep(object, member_span)) {
    exprs_.push_back(ast::Expr{ast::ErrorExpr{}, whole});
    return;
  }
  exprs_.push_back(ast::Expr{
      ast::MemberExpr{std::make_unique<ast::Expr>(std::move(object)), std::string(name), member_span},
      whole});
}

void AstBuilder::make_reference(std::size_t end) {
  ast::Expr title = pop_expr();
  Name type = pop_name();
  Span whole = span(type.span.begin, end);
  exprs_.push_back(ast::Expr{
      ast::ReferenceExpr{std::move(type.text), type.span, std::make_unique<ast::Expr>(std::move(title))},
      whole});
}

void AstBuilder::close_group(std::size_t begin, std::size_t end) {
  --groups_;
  exprs_.back().span = span(begin, end);
}

void AstBuilder::open_call(std::size_t paren) {
  containers_.push_back({names_.size(), exprs_.size(), paren});
}

void AstBuilder::close_call(std::size_t end) {
  OpenContainer open = containers_.back();
  containers_.pop_back();
  ast::CallExpr call;
  call.arguments = pop_exprs_from(open.exprs);
  Name name = pop_name();
  call.function = std::move(name.text);
  call.function_span = name.span;
  exprs_.push_back(ast::Expr{std::move(call), span(name.span.begin, end)});
}

ast::Module AstBuilder::take_module() { return ast::Module{file_, std::move(statements_)}; }

}  // namespace twin::lang::internal
