// The files collector: every file under the configured roots of the target
// (default /etc and the invoking user's ~/.config), as the mirror in the
// twin's filesystem/ will hold it. Regular text files up to the size limit
// are kept with their bytes and metadata; symlinks as links; binary files
// are skipped and counted; secrets (collect_file_rules.h), excluded paths,
// unreadable directories, special files and names a manifest cannot hold
// are skipped with the reason.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/result.h"
#include "engine/repo/twin_config.h"
#include "resources/rooted_fs.h"

namespace twin::resources {

struct CollectedFile {
  std::string path;  // absolute inside the target root
  std::string content;
  FileMeta meta;
  /// For a secret: the ID of the copy kept on the machine
  /// (resources/secret_file_store.h); empty until one is kept.
  std::string kept_as;
};

/// A directory under a root (the root itself excluded), for its metadata.
struct CollectedDir {
  std::string path;
  FileMeta meta;
};

struct CollectedLink {
  std::string path;
  std::string target;
};

/// How the reason of a file skipped as a secret begins ("secret: only root
/// may read it").
inline constexpr std::string_view kSecretReasonPrefix = "secret: ";

/// Something under a root that is not in the twin, and why.
struct SkippedPath {
  std::string path;
  std::string reason;
};

struct CollectedRoot {
  std::string path;  // e.g. "/etc", "/home/alice/.config"
  FileMeta meta;     // of the directory itself
};

/// A file that holds what its package shipped (resources/dpkg_conffiles.h):
/// recorded by name, not mirrored.
struct PackageDefault {
  std::string path;
  std::string package;
};

struct FilesCollection {
  std::vector<CollectedRoot> roots;  // the ones that exist, in config order
  std::vector<CollectedFile> files;  // sorted by path
  std::vector<PackageDefault> package_defaults;  // sorted by path
  std::vector<CollectedLink> links;  // sorted by path
  std::vector<CollectedDir> dirs;    // sorted by path
  std::vector<SkippedPath> skipped;  // sorted by path
  /// Regular files skipped as secrets (also in `skipped`), with their bytes
  /// and metadata, when asked for: kept on the machine, never in the twin
  /// (resources/secret_file_store.h). Sorted by path.
  std::vector<CollectedFile> secrets;
  std::size_t binary_skipped = 0;
};

/// The home directory of `user` in passwd(5) text; nullopt when absent.
std::optional<std::string> passwd_home(std::string_view passwd, std::string_view user);

/// Who ran twin: SUDO_USER when set (and a valid user name), else the name
/// of the effective uid on this host (root when unknown).
std::string invoking_user();

/// Turns configured roots into absolute ones: "~" and "~/x" use `home`
/// (skipped, with a note in `skipped`, when nullopt); roots lying under
/// another root are dropped; trailing slashes are removed.
std::vector<std::string> resolve_roots(const std::vector<std::string>& configured,
                                       const std::optional<std::string>& home,
                                       std::vector<SkippedPath>& skipped);

/// Reads the roots (already resolved) under the target `fs`. Entries for
/// which `leave_out` holds are neither read nor listed: a caller that knows
/// them already saves reading their content (a mirror's purge). With
/// `keep_secrets`, the secret files' bytes are read into `secrets` (up to
/// the size limit; larger ones only skipped). `progress` (optional) hears
/// what is being read, once per root and every kProgressEvery entries.
/// Errors: those of list_tree for a root itself (E3102, E3104).
engine::Result<FilesCollection> collect_files(
    const RootedFs& fs, const std::vector<std::string>& roots, const engine::TwinConfig& config,
    const std::function<bool(const std::string& path)>& leave_out = {},
    bool keep_secrets = false,
    const std::function<void(std::string_view line)>& progress = {});

/// How many entries collect_files() reads between two progress lines.
inline constexpr std::size_t kProgressEvery = 1000;

}  // namespace twin::resources
