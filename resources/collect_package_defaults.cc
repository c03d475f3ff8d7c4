#include "resources/collect_package_defaults.h"

#include "resources/md5.h"
#include "resources/package_files.h"

namespace twin::resources {

std::vector<std::string> set_aside_package_defaults(FilesCollection& files,
                                                    const std::map<std::string, Conffile>& conffiles,
                                                    const std::filesystem::path& twin_dir) {
  std::vector<std::string> problems;
  std::vector<CollectedFile> kept;
  kept.reserve(files.files.size());
  for (auto& file : files.files) {
    auto it = conffiles.find(file.path);
    bool as_shipped = it != conffiles.end() && file.meta.mode == 0644 && file.meta.uid == 0 &&
                      file.meta.gid == 0 && md5_hex(file.content) == it->second.md5;
    if (!as_shipped) {
      kept.push_back(std::move(file));
      continue;
    }
    files.package_defaults.push_back({file.path, it->second.package});
    if (!twin_dir.empty())
      if (auto st = PackageFiles::keep_copy(twin_dir, it->second.md5, file.content); !st)
        problems.push_back(file.path + ": " + st.error().text());
  }
  files.files = std::move(kept);
  return problems;
}

}  // namespace twin::resources
