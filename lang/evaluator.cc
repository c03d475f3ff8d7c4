#include "lang/evaluator.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <map>
#include <string_view>

#include "lang/internal/module_evaluator.h"

namespace twin::lang {
namespace internal {

void declare_facts(Scope& root, const Value& facts) {
  Value map = facts.is_map() ? facts : Value{Map{}, {}};
  root.declare("facts", Binding{std::move(map), Span{}, false, {}});
}

void import_names(EvaluatedModule& into, const EvaluatedModule& from, const ast::Import& import,
                  DiagnosticSink& sink) {
  const std::string& path = from.module.file->path();
  auto clash = [&](const std::string& name, const Span& declared, const std::string& other) {
    Diagnostic d{Severity::kError, "E0110",
                 fmt::format("'{}' is imported from both {} and {}", name, other, path),
                 import.path_span, "rename one of them"};
    d.related.push_back({declared, "declared here"});
    sink.add(std::move(d));
  };
  for (const auto& [name, binding] : from.lets.own()) {
    Binding copy = binding;
    copy.origin = path;
    const Binding* existing = into.imported.declare(name, std::move(copy));
    if (existing && existing->origin != path) clash(name, binding.declared, existing->origin);
  }
  for (const auto& [name, entry] : from.defines) {
    if (entry.home != &from) continue;  // only its own defines, not what it imported
    auto [it, inserted] = into.defines.emplace(name, DefineEntry{entry.define, &from, import.path_span});
    if (!inserted && it->second.home != &from)
      clash(name, entry.define->name_span, it->second.home->module.file->path());
  }
}

std::vector<ResourceDecl> ModuleEvaluator::run(EvaluatedModule& module) {
  declare_lets(module);
  declare_defines(module);
  for (const ast::Statement& statement : module.module.statements) {
    const auto* let = std::get_if<ast::Let>(&statement);
    if (!let) continue;
    const Binding* binding = module.lets.find(let->name);
    if (binding && binding->pending && binding->declared.begin == let->name_span.begin)
      module.lets.bind(let->name, exprs_.eval(let->value, module.lets));
  }
  std::vector<ResourceDecl> resources;
  // Most statements are blocks: one reservation instead of a dozen regrowths,
  // each moving every ResourceDecl made so far.
  resources.reserve(module.module.statements.size());
  run_statements(module.module.statements, module.lets, module.defines, Level::kTop, resources);
  return resources;
}

void ModuleEvaluator::declare_lets(EvaluatedModule& module) {
  for (const ast::Statement& statement : module.module.statements) {
    const auto* let = std::get_if<ast::Let>(&statement);
    if (!let) continue;
    if (auto imported = module.imported.own().find(let->name);
        imported != module.imported.own().end()) {
      Diagnostic d{Severity::kError, "E0110",
                   fmt::format("'{}' is already imported from {}", let->name,
                               imported->second.origin),
                   let->name_span, "rename the variable, or remove it from one of the files"};
      d.related.push_back({imported->second.declared, "declared here"});
      sink_->add(std::move(d));
    }
    const Binding* first = module.lets.declare(let->name, Binding{std::nullopt, let->name_span, true, {}});
    if (!first) continue;
    Diagnostic d{Severity::kError, "E0103",
                 fmt::format("variable '{}' is already declared", let->name), let->name_span,
                 "rename one of them, or remove the second `let`"};
    d.related.push_back({first->declared, "first declared here"});
    sink_->add(std::move(d));
  }
}

void ModuleEvaluator::declare_defines(EvaluatedModule& module) {
  static const std::string_view kTypes[] = {"string", "int", "bool", "list",
                                            "map",    "reference", "any"};
  for (const ast::Statement& statement : module.module.statements) {
    const auto* define = std::get_if<ast::Define>(&statement);
    if (!define) continue;
    std::map<std::string_view, const ast::Param*> seen;
    for (const ast::Param& param : define->params) {
      if (std::find(std::begin(kTypes), std::end(kTypes), param.type) == std::end(kTypes)) {
        sink_->error("E0122", fmt::format("unknown parameter type '{}'", param.type),
                     param.type_span, "the types are string, int, bool, list, map, reference and any");
      }
      auto [it, inserted] = seen.emplace(param.name, &param);
      if (!inserted || param.name == "title") {
        Diagnostic d{Severity::kError, "E0122",
                     param.name == "title"
                         ? std::string("a parameter cannot be called 'title'")
                         : fmt::format("parameter '{}' is declared twice", param.name),
                     param.name_span,
                     param.name == "title" ? "inside the body, `title` is the instance's title"
                                           : "remove one of them"};
        if (!inserted) d.related.push_back({it->second->name_span, "first declared here"});
        sink_->add(std::move(d));
      }
    }
    auto [it, inserted] = module.defines.emplace(define->name, DefineEntry{define, &module, {}});
    if (inserted) continue;
    const DefineEntry& first = it->second;
    bool imported = first.imported_at.valid();
    Diagnostic d{Severity::kError, imported ? "E0110" : "E0123",
                 imported ? fmt::format("define '{}' is already imported from {}", define->name,
                                        first.home->module.file->path())
                          : fmt::format("define '{}' is declared twice", define->name),
                 define->name_span, "rename one of them"};
    d.related.push_back({first.define->name_span, "first declared here"});
    sink_->add(std::move(d));
  }
}

void ModuleEvaluator::run_statements(const std::vector<ast::Statement>& statements,
                                     const Scope& scope, const DefineTable& defines, Level level,
                                     std::vector<ResourceDecl>& out) {
  for (const ast::Statement& statement : statements) {
    if (exprs_.budget().exhausted()) return;  // reported once, where it ran out
    if (const auto* block = std::get_if<ast::Block>(&statement)) {
      auto define = level == Level::kTop ? defines.find(block->type) : defines.end();
      if (define != defines.end()) {
        instantiate(*block, define->second, scope, out);
      } else if (auto resource = eval_block(*block, scope, defines)) {
        out.push_back(std::move(*resource));
      }
    } else if (const auto* branch = std::get_if<ast::If>(&statement)) {
      run_if(*branch, scope, defines, level, out);
    } else if (const auto* loop = std::get_if<ast::For>(&statement)) {
      run_for(*loop, scope, defines, level, out);
    }
  }
}

void ModuleEvaluator::run_if(const ast::If& node, const Scope& scope, const DefineTable& defines,
                             Level level, std::vector<ResourceDecl>& out) {
  std::optional<Value> condition = exprs_.eval(node.condition, scope);
  if (!condition) return;
  if (!condition->is_bool()) {
    sink_->error("E0112",
                 fmt::format("the condition of 'if' must be a bool, not a {}",
                             condition->type_name()),
                 node.condition.span, "compare it, e.g. `facts.os.id == \"debian\"`");
    return;
  }
  run_statements(condition->as_bool() ? node.then_body : node.else_body, scope, defines, level,
                 out);
}

void ModuleEvaluator::run_for(const ast::For& node, const Scope& scope, const DefineTable& defines,
                              Level level, std::vector<ResourceDecl>& out) {
  std::optional<Value> list = exprs_.eval(node.list, scope);
  if (!list) return;
  if (!list->is_list()) {
    sink_->error("E0112",
                 fmt::format("'for' needs a list to loop over, not a {}", list->type_name()),
                 node.list.span, "write `for x in [\"a\", \"b\"] { ... }`");
    return;
  }
  EvalBudget& budget = exprs_.budget();
  for (const Value& element : list->as_list()) {
    // Each iteration is a step, and its variable a copy: nested loops
    // over a big list multiply work that no expression shows.
    if (!budget.step(node.list.span, *sink_) || !budget.charge(element, node.variable_span, *sink_))
      return;
    Scope iteration(&scope);
    iteration.declare(node.variable, Binding{element, node.variable_span, false, {}});
    run_statements(node.body, iteration, defines, level, out);
  }
}

std::optional<ResourceDecl> ModuleEvaluator::eval_block(const ast::Block& block, const Scope& scope,
                                                        const DefineTable& defines) {
  ResourceDecl resource;
  resource.type = block.type;
  resource.type_span = block.type_span;
  resource.title_span = block.title.span;
  resource.span = block.span;
  std::optional<Value> title = exprs_.eval(block.title, scope);
  if (!title) return std::nullopt;
  resource.title = std::move(std::get<std::string>(title->data));

  // A block has a handful of attributes: looking back through the earlier
  // ones costs less than a map allocating a node for each.
  resource.attributes.reserve(block.attributes.size());
  for (auto at = block.attributes.begin(); at != block.attributes.end(); ++at) {
    const ast::Attribute& attribute = *at;
    auto first = std::find_if(block.attributes.begin(), at, [&](const ast::Attribute& earlier) {
      return earlier.name == attribute.name;
    });
    if (first != at) {
      Diagnostic d{
          Severity::kError, "E0101",
          fmt::format("attribute '{}' is set twice in {}", attribute.name, resource.address()),
          attribute.name_span, "remove one of them"};
      d.related.push_back({first->name_span, "first set here"});
      sink_->add(std::move(d));
      continue;
    }
    if (auto value = exprs_.eval(attribute.value, scope))
      resource.attributes.push_back(Attribute{attribute.name, std::move(*value), attribute.name_span});
  }

  std::vector<ResourceDecl> children;
  run_statements(block.children, scope, defines, Level::kNested, children);
  for (ResourceDecl& child : children) {
    const ResourceDecl* first = nullptr;
    for (const ResourceDecl& earlier : resource.children)
      if (earlier.type == child.type && earlier.title == child.title) first = &earlier;
    if (first) {
      Diagnostic d{Severity::kError, "E0107",
                   fmt::format("{} is declared twice in {}", child.address(), resource.address()),
                   child.title_span, "remove one of them, or give them different titles"};
      d.related.push_back({first->title_span, "first declared here"});
      sink_->add(std::move(d));
      continue;
    }
    resource.children.push_back(std::move(child));
  }
  return resource;
}

}  // namespace internal

std::vector<ResourceDecl> evaluate(const ast::Module& module, DiagnosticSink& sink,
                                   SourceReader* reader, const Value& facts) {
  internal::Scope root;
  internal::declare_facts(root, facts);
  internal::EvaluatedModule evaluated(module, &root);
  for (const ast::Statement& statement : module.statements) {
    if (const auto* import = std::get_if<ast::Import>(&statement))
      sink.error("E0109", "imports need the loader", import->span,
                 "load the file with lang::load, which resolves imports");
  }
  internal::EvalBudget budget{EvalLimits{}};
  return internal::ModuleEvaluator(reader, budget, sink).run(evaluated);
}

}  // namespace twin::lang
