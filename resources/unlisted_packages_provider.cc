#include "resources/unlisted_packages_provider.h"

#include <fnmatch.h>

#include <fmt/format.h>

#include "resources/collect_packages.h"
#include "resources/package_codes.h"
#include "resources/rooted_fs.h"

namespace twin::resources {
namespace {

constexpr char kOnlyTitle[] = "unlisted";

bool kept(const std::string& name, const std::vector<std::string>& patterns) {
  for (const auto& pattern : patterns)
    if (::fnmatch(pattern.c_str(), name.c_str(), 0) == 0) return true;
  return false;
}

/// A pattern can match a package name only with the characters of one
/// ([a-z0-9+.-]) and fnmatch's * ? [ ] ! ranges.
bool plausible_pattern(const std::string& pattern) {
  if (pattern.empty()) return false;
  for (char c : pattern) {
    bool name_char = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '.' ||
                     c == '-';
    bool glob_char = c == '*' || c == '?' || c == '[' || c == ']' || c == '!';
    if (!name_char && !glob_char) return false;
  }
  return true;
}

}  // namespace

void UnlistedPackagesProvider::validate(const engine::Resource& resource, const engine::Context&,
                                        lang::DiagnosticSink& sink) const {
  if (resource.title != kOnlyTitle)
    sink.error(package_codes::kDiagUnlistedTitle,
               fmt::format("`packages` is only declared as packages \"{}\"", kOnlyTitle),
               resource.title_span, "write packages \"unlisted\" { ensure = \"absent\" }");
  const lang::Attribute* keep = resource.find("keep");
  if (!keep || !keep->value.is_list()) return;
  for (const auto& item : keep->value.as_list())
    if (item.is_string() && !plausible_pattern(item.as_string()))
      sink.error(package_codes::kDiagBadKeep,
                 fmt::format("`keep` pattern \"{}\" cannot match a package name", item.as_string()),
                 item.span, "package names use a-z, 0-9, '+', '.', '-'; patterns add * ? [ ]");
}

std::optional<std::vector<engine::Resource>> UnlistedPackagesProvider::expand(
    const engine::Resource& resource, const engine::Context& ctx, lang::DiagnosticSink& sink) const {
  std::size_t errors = sink.error_count();
  validate(resource, ctx, sink);
  std::vector<engine::Resource> removals;
  const std::string* ensure = resource.get_string("ensure");
  if (sink.error_count() != errors || !ensure) return removals;

  auto fs = RootedFs::open(ctx.host.root());
  engine::Result<PackagesCollection> installed =
      fs ? collect_packages(ctx.host, *fs) : engine::Result<PackagesCollection>(fs.error());
  if (!installed) {
    sink.error(package_codes::kDiagUnlistedTitle,
               "cannot list the installed packages: " + installed.error().text(),
               resource.title_span);
    return removals;
  }
  const std::vector<std::string> patterns = resource.get_strings("keep");
  for (const CollectedPackage& package : installed->packages) {
    if (!package.manual || package.essential || package.priority == "required") continue;
    if (kept(package.name, patterns)) continue;
    // Metaparameters (require, before, ...) and ensure carry over; `keep` is ours.
    engine::Resource removal = stand_in(resource, "package", package.name, {"keep"});
    removals.push_back(std::move(removal));
  }
  return removals;
}

}  // namespace twin::resources
