#include "resources/mirror_provider.h"

#include <algorithm>
#include <filesystem>

#include "resources/path_rules.h"

namespace twin::resources {
namespace {

namespace fs = std::filesystem;

constexpr char kBadTitle[] = "E0350";
constexpr char kBadSource[] = "E0351";
constexpr char kSourceNotDir[] = "E0352";
constexpr char kUnnameable[] = "W0353";

/// Regular files under `dir`, relative to it, sorted; links not followed.
std::vector<std::string> regular_files_under(const fs::path& dir) {
  std::vector<std::string> files;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec))
    if (it->symlink_status(ec).type() == fs::file_type::regular)
      files.push_back(it->path().lexically_relative(dir).string());
  std::sort(files.begin(), files.end());
  return files;
}

std::string join(const std::string& base, const std::string& rel) {
  return base == "/" ? "/" + rel : base + "/" + rel;
}

}  // namespace

void MirrorProvider::validate(const engine::Resource& resource, const engine::Context& ctx,
                              lang::DiagnosticSink& sink) const {
  if (auto problem = absolute_path_problem(resource.title))
    sink.error(kBadTitle, "invalid mirror path: " + *problem, resource.title_span,
               "a mirror is named by the absolute directory it fills, e.g. mirror \"/etc\"");
  const lang::Attribute* source = resource.find("source");
  if (!source || !source->value.is_string()) {
    sink.error(kBadSource, "a mirror needs `source`, a directory of the twin", resource.title_span,
               "write `source = \"filesystem" + resource.title + "\"`");
    return;
  }
  const std::string& path = source->value.as_string();
  if (auto problem = relative_path_problem(path)) {
    sink.error(kBadSource, "invalid source: " + *problem, source->value.span);
    return;
  }
  std::error_code ec;
  if (fs::symlink_status(ctx.twin_dir / path, ec).type() != fs::file_type::directory)
    sink.error(kSourceNotDir, "source \"" + path + "\" is not a directory of the twin",
               source->value.span, "create it, or run `twin snapshot` to fill filesystem/");
}

std::optional<std::vector<engine::Resource>> MirrorProvider::expand(
    const engine::Resource& resource, const engine::Context& ctx, lang::DiagnosticSink& sink) const {
  std::size_t errors = sink.error_count();
  validate(resource, ctx, sink);
  std::vector<engine::Resource> files;
  if (sink.error_count() != errors) return files;
  const lang::Attribute* source = resource.find("source");
  const std::string& base = source->value.as_string();
  for (const std::string& rel : regular_files_under(ctx.twin_dir / base)) {
    std::string title = join(resource.title, rel);
    if (auto problem = absolute_path_problem(title)) {
      sink.warning(kUnnameable, "not mirrored: " + base + "/" + rel + ": " + *problem,
                   source->value.span);
      continue;
    }
    engine::Resource file;
    file.type = "file";
    file.title = title;
    file.type_span = resource.type_span;
    file.title_span = resource.title_span;
    file.span = resource.span;
    file.origins = resource.origins;
    for (const auto& attribute : resource.attributes) {
      lang::Attribute copy = attribute;
      if (attribute.name == "source") copy.value.data = base + "/" + rel;
      file.attributes.push_back(std::move(copy));
    }
    files.push_back(std::move(file));
  }
  return files;
}

engine::Result<std::vector<engine::Step>> MirrorProvider::plan(
    std::span<const engine::Resource* const>, const engine::Context&) {
  return std::vector<engine::Step>{};
}

engine::Status MirrorProvider::apply(const engine::Step& step, const engine::Context&,
                                     engine::Checkpoint&) {
  return engine::make_error("E3601", "a mirror is expanded into files before planning",
                            step.address);
}

engine::Status MirrorProvider::undo(const engine::UndoRecord& record, const engine::Context&,
                                    const engine::Checkpoint&) {
  return engine::make_error("E3601", "a mirror has no undo records", record.address);
}

}  // namespace twin::resources
