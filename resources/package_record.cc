#include "resources/package_record.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "engine/core/twin_layout.h"
#include "resources/debian_names.h"
#include "resources/package_codes.h"
#include "resources/rooted_fs.h"

namespace twin::resources {
namespace {

engine::Error bad_record(std::string why) {
  return engine::make_error(package_codes::kBadRecord,
                            "live/packages.yaml is not a package record: " + std::move(why),
                            engine::layout::in_live("packages.yaml"));
}

}  // namespace

engine::Result<std::optional<PackageRecord>> parse_package_record(std::string_view yaml) {
  try {
    YAML::Node root = YAML::Load(std::string(yaml));
    if (!root.IsMap()) return bad_record("not a mapping");
    YAML::Node list = root["packages"];
    if (!list || list.IsNull()) return std::optional<PackageRecord>();
    if (!list.IsSequence()) return bad_record("`packages` is not a list");
    // A snapshot of a root without a dpkg database writes a note and an
    // empty list: it recorded nothing, which is not "no package installed".
    if (list.size() == 0 && root["note"]) return std::optional<PackageRecord>();
    PackageRecord record;
    for (const YAML::Node& entry : list) {
      if (!entry.IsMap() || !entry["name"] || !entry["version"])
        return bad_record("an entry lacks name or version");
      std::string name = entry["name"].as<std::string>();
      std::string version = entry["version"].as<std::string>();
      // Names and versions reach apt-get's argv: only valid ones are kept.
      if (package_name_problem(name)) return bad_record("invalid package name " + quoted_text(name));
      if (version_problem(version))
        return bad_record(fmt::format("invalid version {} of {}", quoted_text(version), name));
      RecordedPackage p;
      p.version = std::move(version);
      p.automatic = entry["manual"] && !entry["manual"].as<bool>();
      p.held = entry["held"] && entry["held"].as<bool>();
      record.emplace(std::move(name), std::move(p));  // the first architecture wins
    }
    return std::optional<PackageRecord>(std::move(record));
  } catch (const YAML::Exception& e) {
    return bad_record(e.what());
  }
}

engine::Result<std::optional<PackageRecord>> read_package_record(
    const std::filesystem::path& twin_dir) {
  auto twin = RootedFs::open(twin_dir);
  if (!twin) return bad_record(twin.error().message);
  std::string path = "/" + engine::layout::in_live("packages.yaml");
  auto meta = twin->lstat(path);
  if (!meta) return bad_record(meta.error().message);
  if (!*meta) return std::optional<PackageRecord>();
  auto text = twin->read_file(path);
  if (!text) return bad_record(text.error().message);
  return parse_package_record(*text);
}

void fill_from_record(PackageSpec& spec, const RecordedPackage& recorded) {
  if (!spec.wants_installed()) return;
  if (!spec.hold) spec.hold = recorded.held;
  if (!spec.automatic) spec.automatic = recorded.automatic;
  if (spec.ensure == PackageEnsure::kPresent) spec.preferred_version = recorded.version;
}

std::optional<std::string> keep_offered_version(PackageSpec& spec, const PackagePolicy* policy) {
  if (spec.preferred_version.empty() || (policy && policy->downloadable(spec.preferred_version)))
    return std::nullopt;
  std::string why = fmt::format("the recorded version {} is no longer offered by any package source",
                                spec.preferred_version);
  spec.preferred_version.clear();
  return why;
}

}  // namespace twin::resources
