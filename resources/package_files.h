// The bytes an installed package shipped at one of its configuration files,
// for `file "PATH" { package_default = "PKG" }`: what a snapshot records
// instead of mirroring a file dpkg would recognise as untouched.
//
// Whether the target still holds the default is answered from the digest
// dpkg recorded (ROOT/var/lib/dpkg/status, Conffiles), without any package
// file. Only when it does not (edited, deleted) are the shipped bytes
// needed: first from the copy the snapshot that recorded the default kept
// beside the twin (TWIN/.twin/package-defaults/MD5, never committed: the
// machine that took the snapshot goes back offline), else from the
// installed version's .deb, found in ROOT's apt cache or in
// TWIN/.twin/debs/, else downloaded there by apt-get --download-only (the
// root is not changed: planning never mutates the machine), and read with
// `dpkg-deb --fsys-tarfile`. Safe to share between the threads of one plan;
// each package is fetched once.
#pragma once

#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "engine/core/host.h"
#include "engine/core/result.h"
#include "resources/dpkg_conffiles.h"

namespace twin::resources {

class PackageFiles {
 public:
  PackageFiles(const engine::Host& host, std::filesystem::path twin_dir)
      : host_(host), twin_dir_(std::move(twin_dir)) {}

  /// The digest dpkg recorded for `path` as a conffile of `package`;
  /// nullopt when the target's installed `package` lists no such file.
  /// Errors: reading the dpkg status file.
  engine::Result<std::optional<std::string>> default_md5(const std::string& package,
                                                         const std::string& path);

  /// The bytes `package` shipped at `path`. Errors: E3208 when the package
  /// lists no such conffile, its .deb cannot be had (apt's own message: no
  /// lists, no network, a version the mirror dropped), or it lacks the file.
  engine::Result<std::string> shipped(const std::string& package, const std::string& path);

  /// Keeps `bytes` (a file found holding its package's default, digest
  /// `md5`) in TWIN/.twin/package-defaults/, for going back offline. Written
  /// beneath the twin, never through a link. Errors: those of RootedFs.
  static engine::Status keep_copy(const std::filesystem::path& twin_dir, const std::string& md5,
                                  std::string_view bytes);

 private:
  engine::Result<const std::map<std::string, Conffile>*> conffiles();
  engine::Result<std::filesystem::path> deb_of(const Conffile& file);

  const engine::Host& host_;
  std::filesystem::path twin_dir_;
  std::mutex mutex_;
  std::optional<std::map<std::string, Conffile>> conffiles_;
  std::map<std::string, std::string> archives_;  // package -> `dpkg-deb --fsys-tarfile` output
};

}  // namespace twin::resources
