#include "resources/unlisted_packages_provider.h"

#include <fmt/format.h>

#include <algorithm>

#include "resources/apt_target.h"
#include "resources/collect_packages.h"
#include "resources/package_codes.h"
#include "resources/package_record.h"
#include "resources/package_restore.h"
#include "resources/rooted_fs.h"

namespace twin::resources {
namespace {

constexpr char kOnlyTitle[] = "unlisted";

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

  auto fail = [&](const std::string& what, const engine::Error& error) {
    sink.error(package_codes::kDiagUnlistedTitle, what + ": " + error.text(), resource.title_span);
  };
  auto fs = RootedFs::open(ctx.host.root());
  engine::Result<PackagesCollection> installed =
      fs ? collect_packages(ctx.host, *fs) : engine::Result<PackagesCollection>(fs.error());
  if (!installed) {
    fail("cannot list the installed packages", installed.error());
    return removals;
  }
  std::optional<PackageRecord> record;
  if (!ctx.twin_dir.empty()) {
    auto read = read_package_record(ctx.twin_dir);
    if (!read) {
      fail("cannot read the snapshot's package record", read.error());
      return removals;
    }
    record = std::move(*read);
  }
  UnlistedDecision decision =
      decide_unlisted(installed->packages, record ? &*record : nullptr, resource.get_strings("keep"));
  // A declared package stays whatever the decision: it is no removal that
  // frees a dependency, and a dependency it needs must not go.
  auto declared = [&](const std::string& name) {
    return ctx.is_declared && ctx.is_declared(lang::Reference{"package", name}.address());
  };
  for (auto* list : {&decision.removals, &decision.restores, &decision.new_dependencies})
    list->erase(std::remove_if(list->begin(), list->end(), declared), list->end());
  std::vector<std::string> gone = decision.removals;
  if (!decision.new_dependencies.empty()) {
    auto target = AptTarget::open(ctx.host);
    auto unneeded = target ? unneeded_new_dependencies(*target, decision.removals,
                                                       decision.new_dependencies)
                           : engine::Result<std::vector<std::string>>(target.error());
    if (!unneeded) {
      fail("cannot tell which dependencies installed since are still needed", unneeded.error());
      return removals;
    }
    gone.insert(gone.end(), unneeded->begin(), unneeded->end());
  }
  // Metaparameters (require, before, ...) and ensure carry over; `keep` is ours.
  for (const std::string& name : gone) removals.push_back(stand_in(resource, "package", name, {"keep"}));
  // Restores are `package "NAME" {}`: the record fills in version, mark and hold.
  for (const std::string& name : decision.restores)
    removals.push_back(stand_in(resource, "package", name, {"keep", "ensure"}));
  return removals;
}

}  // namespace twin::resources
