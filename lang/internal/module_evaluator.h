// Private to the evaluator and the loader. Evaluation of one file's
// statements: its lets, its defines, and the resources its blocks, ifs,
// fors and define instances produce. The loader (lang/load.cc) creates one
// EvaluatedModule per file, fills in what its imports bring, then runs it.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "lang/ast.h"
#include "lang/diagnostic.h"
#include "lang/internal/expr_evaluator.h"
#include "lang/internal/scope.h"
#include "lang/resource_decl.h"
#include "lang/source_reader.h"

namespace twin::lang::internal {

struct EvaluatedModule;

/// A define visible in a file: declared there or brought by an import.
struct DefineEntry {
  const ast::Define* define = nullptr;
  const EvaluatedModule* home = nullptr;  // the body sees this file's lets and defines
  Span imported_at;                       // the import that brought it; invalid if declared here
};
using DefineTable = std::map<std::string, DefineEntry, std::less<>>;

/// One file under evaluation. Scopes point at each other, so it never moves.
struct EvaluatedModule {
  EvaluatedModule(const ast::Module& module, const Scope* root)
      : module(module), imported(root), lets(&imported) {}
  EvaluatedModule(const EvaluatedModule&) = delete;
  EvaluatedModule& operator=(const EvaluatedModule&) = delete;

  const ast::Module& module;
  Scope imported;       // names brought by imports; parent: the root (`facts`)
  Scope lets;           // this file's own lets
  DefineTable defines;  // own defines and imported ones
};

/// Instances nest at most this deep (a define that instantiates itself).
inline constexpr std::size_t kMaxInstanceDepth = 16;

/// A root scope holding `facts` (an empty map when `facts` is not a map).
void declare_facts(Scope& root, const Value& facts);

/// Makes `from`'s own lets and defines visible in `into` (E0110 when a name
/// is already imported from another file).
void import_names(EvaluatedModule& into, const EvaluatedModule& from, const ast::Import& import,
                  DiagnosticSink& sink);

class ModuleEvaluator {
 public:
  /// `budget` is shared by every module of one evaluation; not owned.
  ModuleEvaluator(SourceReader* reader, EvalBudget& budget, DiagnosticSink& sink)
      : exprs_(reader, budget, sink), sink_(&sink) {}

  /// Declares and evaluates `module`'s lets and defines, then returns the
  /// resources of its top-level statements, in order.
  std::vector<ResourceDecl> run(EvaluatedModule& module);

 private:
  /// Where statements put what they produce; top level may instantiate
  /// defines, a block's body holds plain nested blocks.
  enum class Level { kTop, kNested };

  void declare_lets(EvaluatedModule& module);
  void declare_defines(EvaluatedModule& module);
  void run_statements(const std::vector<ast::Statement>& statements, const Scope& scope,
                      const DefineTable& defines, Level level, std::vector<ResourceDecl>& out);
  void run_if(const ast::If& node, const Scope& scope, const DefineTable& defines, Level level,
              std::vector<ResourceDecl>& out);
  void run_for(const ast::For& node, const Scope& scope, const DefineTable& defines, Level level,
               std::vector<ResourceDecl>& out);
  std::optional<ResourceDecl> eval_block(const ast::Block& block, const Scope& scope,
                                         const DefineTable& defines);
  /// `NAME "title" { PARAM = ... }` for a define NAME (define_instance.cc).
  void instantiate(const ast::Block& block, const DefineEntry& entry, const Scope& scope,
                   std::vector<ResourceDecl>& out);
  /// The parameters of an instance bound in `params`; false after errors.
  bool bind_params(const ast::Block& block, const ast::Define& define, const Scope& caller,
                   const Scope& home, Scope& params);

  ExprEvaluator exprs_;
  DiagnosticSink* sink_;  // swapped while a define's body runs (see instantiate)
  std::vector<const ast::Block*> instances_;  // the instantiations being expanded, outermost first
};

}  // namespace twin::lang::internal
