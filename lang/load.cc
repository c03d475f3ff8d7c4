#include "lang/load.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <map>
#include <memory>
#include <string>

#include "lang/internal/module_evaluator.h"
#include "lang/parser.h"

namespace twin::lang {
namespace {

using internal::EvaluatedModule;

constexpr std::string_view kStdPrefix = "std:";

class Loader {
 public:
  Loader(const std::vector<SourcePtr>& entries, const LoadOptions& options, DiagnosticSink& sink)
      : options_(options), sink_(sink), budget_(options.limits) {
    internal::declare_facts(root_, options.facts);
    for (const SourcePtr& file : entries) entries_.emplace(file->path(), file);
  }

  std::vector<ResourceDecl> run(const std::vector<SourcePtr>& entries) {
    for (const SourcePtr& file : entries)
      if (!done_.count(file->path())) load_file(file);
    return std::move(resources_);
  }

 private:
  // Parses, resolves the imports of, and evaluates one file.
  const EvaluatedModule& load_file(const SourcePtr& file) {
    const std::string path = file->path();
    std::optional<ast::Module> parsed = parse(file, sink_);
    modules_.push_back(std::make_unique<ast::Module>(parsed ? std::move(*parsed)
                                                            : ast::Module{file, {}}));
    auto module = std::make_unique<EvaluatedModule>(*modules_.back(), &root_);
    chain_.push_back(path);
    for (const ast::Statement& statement : module->module.statements)
      if (const auto* import = std::get_if<ast::Import>(&statement)) resolve(*import, *module);
    std::vector<ResourceDecl> found = internal::ModuleEvaluator(options_.reader, budget_, sink_).run(*module);
    resources_.insert(resources_.end(), std::make_move_iterator(found.begin()),
                      std::make_move_iterator(found.end()));
    chain_.pop_back();
    return *done_.emplace(path, std::move(module)).first->second;
  }

  void resolve(const ast::Import& import, EvaluatedModule& into) {
    const std::string& from = into.module.file->path();
    // "std:NAME" names a file of the standard library, not of the twin.
    const bool from_std = import.path.rfind(kStdPrefix, 0) == 0;
    std::optional<std::string> target =
        from_std ? std::optional<std::string>(import.path) : resolve_path(from, import);
    if (!target) return;
    if (auto cycle = std::find(chain_.begin(), chain_.end(), *target); cycle != chain_.end()) {
      std::string chain;
      for (auto it = cycle; it != chain_.end(); ++it) chain += *it + " -> ";
      sink_.error("E0108", "import cycle: " + chain + *target, import.path_span,
                  "a file cannot import itself, directly or through other files");
      return;
    }
    if (auto done = done_.find(*target); done != done_.end()) {
      internal::import_names(into, *done->second, import, sink_);
      return;
    }
    SourcePtr source;
    if (from_std) {
      std::string name = target->substr(kStdPrefix.size());
      auto text = options_.std_reader && normalize_path(name) == name
                      ? options_.std_reader->read(name + ".twin")
                      : std::nullopt;
      if (!text) {
        sink_.error("E0109", fmt::format("no standard library file {}", quote(*target)),
                    import.path_span,
                    "the standard library has: std:apt_source, std:ssh_authorized_keys, "
                    "std:sysctl, std:systemd_unit");
        return;
      }
      source = make_source(*target, std::move(*text));
    } else if (auto entry = entries_.find(*target); entry != entries_.end()) {
      source = entry->second;
    } else if (auto text = options_.reader ? options_.reader->read(*target) : std::nullopt) {
      source = make_source(*target, std::move(*text));
    } else {
      bool in_modules = !module_of(*target).empty();
      std::string why = options_.reader ? options_.reader->why_unreadable(*target) : std::string();
      sink_.error("E0109",
                  fmt::format("cannot read imported file {}{}", quote(*target),
                              why.empty() ? "" : ": " + why),
                  import.path_span,
                  in_modules && !options_.missing_module_hint.empty()
                      ? options_.missing_module_hint
                      : std::string("import paths are relative to the importing file"));
      return;
    }
    internal::import_names(into, load_file(source), import, sink_);
  }

  /// "DIR/NAME" when `path` lies inside module NAME of options_.modules_dir,
  /// else "".
  std::string module_of(std::string_view path) const {
    const std::string& dir = options_.modules_dir;
    if (dir.empty() || path.size() <= dir.size() + 1 || !path.starts_with(dir) ||
        path[dir.size()] != '/')
      return "";
    std::size_t slash = path.find('/', dir.size() + 1);
    if (slash == std::string_view::npos) return "";  // a file directly in DIR/: no module
    return std::string(path.substr(0, slash));
  }

  /// The root-relative file `import` names, or nullopt after reporting
  /// E0125 (see LoadOptions::modules_dir for the rules).
  std::optional<std::string> resolve_path(const std::string& from, const ast::Import& import) {
    const std::string& dir = options_.modules_dir;
    const std::string_view path = import.path;
    const bool from_top = !dir.empty() && path.starts_with(dir + "/");
    std::optional<std::string> target;
    if (from_top) {
      bool climbs = ("/" + std::string(path) + "/").find("/../") != std::string::npos;
      target = climbs ? std::nullopt : normalize_path(path);
      if (!target || module_of(*target).empty()) {
        sink_.error("E0125", fmt::format("import path {} is not a file of a module", quote(path)),
                    import.path_span,
                    fmt::format("write \"{}/NAME/FILE.twin\", without \"..\"", dir));
        return std::nullopt;
      }
    } else {
      target = resolve_relative(from, path);
      if (!target) {
        sink_.error("E0125", fmt::format("import path {} is outside the twin", quote(path)),
                    import.path_span, "import paths are relative to the importing file");
        return std::nullopt;
      }
    }
    // A module sees its own files, other modules through DIR/, and std:.
    std::string home = module_of(from);
    if (!home.empty() && !from_top && module_of(*target) != home) {
      sink_.error("E0125",
                  fmt::format("import path {} leaves the module {}", quote(path), quote(home)),
                  import.path_span,
                  fmt::format("a module imports its own files (relative paths), other modules "
                              "as \"{}/NAME/FILE.twin\", and std:NAME",
                              dir));
      return std::nullopt;
    }
    return target;
  }

  const LoadOptions& options_;
  DiagnosticSink& sink_;
  // One budget for the whole load: splitting a hostile value over imported
  // files does not buy more.
  internal::EvalBudget budget_;
  internal::Scope root_;
  std::map<std::string, SourcePtr> entries_;
  std::vector<std::unique_ptr<ast::Module>> modules_;  // EvaluatedModules point into these
  std::map<std::string, std::unique_ptr<EvaluatedModule>> done_;
  std::vector<std::string> chain_;  // files being loaded, importer first
  std::vector<ResourceDecl> resources_;
};

}  // namespace

std::vector<ResourceDecl> load(const std::vector<SourcePtr>& entry_files,
                               const LoadOptions& options, DiagnosticSink& sink) {
  return Loader(entry_files, options, sink).run(entry_files);
}

std::vector<ResourceDecl> load_sources(const std::vector<SourcePtr>& files, DiagnosticSink& sink) {
  return load(files, LoadOptions{}, sink);
}

}  // namespace twin::lang
