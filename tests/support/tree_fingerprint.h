// A byte-exact description of a directory tree (paths, kinds, modes, owners,
// contents, link targets), for checking that a rollback restored everything.
#pragma once

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <string>

#include "tests/support/temp_dir.h"

namespace twin::testing {

inline std::map<std::string, std::string> tree_fingerprint(const std::filesystem::path& root) {
  std::map<std::string, std::string> out;
  for (auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    struct stat st {};
    ::lstat(entry.path().c_str(), &st);
    std::string desc = std::to_string(st.st_mode) + " " + std::to_string(st.st_uid) + ":" +
                       std::to_string(st.st_gid);
    if (S_ISREG(st.st_mode)) desc += " " + read_text(entry.path());
    if (S_ISLNK(st.st_mode)) desc += " -> " + std::filesystem::read_symlink(entry.path()).string();
    // lexically: relative() would resolve a symlink to where it points.
    out[entry.path().lexically_relative(root).string()] = desc;
  }
  return out;
}

}  // namespace twin::testing
