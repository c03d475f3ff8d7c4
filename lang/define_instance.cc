// Instances of user defines: `NAME "title" { PARAM = VALUE ... }` checked
// against the define's parameters, then its body evaluated with the
// parameters and `title` in scope. Split from evaluator.cc to keep both short.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <string>
#include <string_view>

#include "lang/internal/module_evaluator.h"
#include "lang/suggest.h"

namespace twin::lang::internal {
namespace {

std::string with_article(std::string_view type) {
  bool vowel = !type.empty() && std::string_view("aeiou").find(type.front()) != std::string_view::npos;
  return fmt::format("{} {}", vowel ? "an" : "a", type);
}

bool has_type(const Value& value, std::string_view type) {
  return type == "any" || value.type_name() == type;
}

// `web_site "a"` as written at the instantiation.
Span head_of(const ast::Block& block) {
  return Span{block.type_span.file, block.type_span.begin, block.title.span.end};
}

}  // namespace

bool ModuleEvaluator::bind_params(const ast::Block& block, const ast::Define& define,
                                  const Scope& caller, const Scope& home, Scope& params) {
  bool ok = true;
  std::map<std::string_view, const ast::Attribute*> given;
  std::vector<std::string> names;
  for (const ast::Param& param : define.params) names.push_back(param.name);
  for (const ast::Attribute& attribute : block.attributes) {
    auto param = std::find_if(define.params.begin(), define.params.end(),
                              [&](const ast::Param& p) { return p.name == attribute.name; });
    if (param == define.params.end()) {
      std::string hint;
      if (auto close = closest_name(attribute.name, names)) {
        hint = fmt::format("did you mean '{}'?", *close);
      } else {
        hint = names.empty() ? fmt::format("{} takes no parameters", define.name)
                             : fmt::format("the parameters are {}", fmt::join(names, ", "));
      }
      Diagnostic d{Severity::kError, "E0119",
                   fmt::format("{} has no parameter '{}'", define.name, attribute.name),
                   attribute.name_span, std::move(hint)};
      d.related.push_back({define.name_span, "defined here"});
      sink_->add(std::move(d));
      ok = false;
      continue;
    }
    auto [it, inserted] = given.emplace(attribute.name, &attribute);
    if (!inserted) {
      Diagnostic d{Severity::kError, "E0101",
                   fmt::format("parameter '{}' is set twice", attribute.name), attribute.name_span,
                   "remove one of them"};
      d.related.push_back({it->second->name_span, "first set here"});
      sink_->add(std::move(d));
      ok = false;
      continue;
    }
    std::optional<Value> value = exprs_.eval(attribute.value, caller);
    if (!value) {
      ok = false;
      continue;
    }
    if (!has_type(*value, param->type)) {
      Diagnostic d{Severity::kError, "E0121",
                   fmt::format("parameter '{}' of {} must be {}, not {}", param->name,
                               define.name, with_article(param->type),
                               with_article(value->type_name())),
                   attribute.value.span};
      d.related.push_back({param->type_span, "declared here"});
      sink_->add(std::move(d));
      ok = false;
      continue;
    }
    params.declare(param->name, Binding{std::move(*value), param->name_span, false, {}});
  }
  for (const ast::Param& param : define.params) {
    if (given.count(param.name)) continue;
    if (!param.default_value) {
      Diagnostic d{Severity::kError, "E0120",
                   fmt::format("missing parameter '{}' of {}", param.name, define.name),
                   head_of(block), fmt::format("set it: `{} = ...`", param.name)};
      d.related.push_back({param.name_span, "declared here"});
      sink_->add(std::move(d));
      ok = false;
      continue;
    }
    std::optional<Value> value = exprs_.eval(*param.default_value, home);
    if (!value) {
      ok = false;
      continue;
    }
    if (!has_type(*value, param.type)) {
      Diagnostic d{Severity::kError, "E0121",
                   fmt::format("the default of parameter '{}' must be {}, not {}", param.name,
                               with_article(param.type), with_article(value->type_name())),
                   param.default_value->span};
      d.related.push_back({param.type_span, "declared here"});
      sink_->add(std::move(d));
      ok = false;
      continue;
    }
    params.declare(param.name, Binding{std::move(*value), param.name_span, false, {}});
  }
  return ok;
}

void ModuleEvaluator::instantiate(const ast::Block& block, const DefineEntry& entry,
                                  const Scope& scope, std::vector<ResourceDecl>& out) {
  const ast::Define& define = *entry.define;
  std::optional<Value> title = exprs_.eval(block.title, scope);
  if (!title) return;
  if (instances_.size() >= kMaxInstanceDepth) {
    Diagnostic d{Severity::kError, "E0124",
                 fmt::format("defines are instantiated more than {} deep", kMaxInstanceDepth),
                 head_of(block), "does a define instantiate itself?"};
    d.related.push_back({instances_.front()->type_span, "the outermost instance"});
    sink_->add(std::move(d));
    return;
  }
  if (!block.children.empty()) {
    const ast::Statement& first = block.children.front();
    Span where = std::holds_alternative<ast::Block>(first) ? std::get<ast::Block>(first).type_span
                                                           : block.span;
    sink_->error("E0126", fmt::format("an instance of {} cannot hold nested blocks", define.name),
                 where, "put the nested blocks in the define's body");
    return;
  }
  Scope params(&entry.home->lets);
  params.declare("title", Binding{*title, block.title.span, false, {}});
  if (!bind_params(block, define, scope, entry.home->lets, params)) return;

  // Errors inside the body get a note at this instantiation, so they point
  // at both the body and the use.
  DiagnosticSink body_sink;
  DiagnosticSink* outer = sink_;
  sink_ = &body_sink;
  exprs_.redirect(&body_sink);
  instances_.push_back(&block);
  std::vector<ResourceDecl> produced;
  run_statements(define.body, params, entry.home->defines, Level::kTop, produced);
  instances_.pop_back();
  exprs_.redirect(outer);
  sink_ = outer;
  std::string instance = fmt::format("{}[{}]", define.name, quote(title->as_string()));
  for (Diagnostic d : body_sink.all()) {
    // A define instantiating itself would repeat the same note many times.
    Label label{head_of(block), "in the instance " + instance};
    bool repeated = std::any_of(d.related.begin(), d.related.end(), [&](const Label& l) {
      return l.span.file == label.span.file && l.span.begin == label.span.begin &&
             l.message == label.message;
    });
    if (!repeated) d.related.push_back(std::move(label));
    sink_->add(std::move(d));
  }
  for (ResourceDecl& resource : produced) {
    resource.origins.push_back(DefineOrigin{define.name, title->as_string(), head_of(block)});
    out.push_back(std::move(resource));
  }
}

}  // namespace twin::lang::internal
