// How dpkg and apt reach one target root. For "/" the commands are the
// ordinary ones. For any other root, apt reads a generated configuration
// file named by APT_CONFIG (never `-o` alone: apt reads the host's
// apt.conf.d before any -o, so the host's hooks would run) that points every
// directory, the dpkg status file, dpkg's --root and its log into the root.
// The file lives outside ROOT/etc/apt (a private mkstemp file in the temp
// directory) and is removed when the AptTarget goes away, so a sandbox's
// apt never touches the host's dpkg database or /var/log/dpkg.log.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/host.h"
#include "engine/core/result.h"

namespace twin::resources {

inline constexpr char kDpkgQuery[] = "/usr/bin/dpkg-query";
inline constexpr char kDpkg[] = "/usr/bin/dpkg";
inline constexpr char kAptGet[] = "/usr/bin/apt-get";
inline constexpr char kAptCache[] = "/usr/bin/apt-cache";
inline constexpr char kAptMark[] = "/usr/bin/apt-mark";

/// One apt-get call over many packages. Every entry of `packages` must be a
/// validated name, "name=version" or "name-" (remove, in an install call):
/// the builder puts "--" before them but does not check them again.
struct AptGetCall {
  std::string operation;  // "install", "remove" or "purge"
  std::vector<std::string> packages;
  bool allow_downgrades = false;        // ensure = "VERSION" below the installed one
  bool allow_remove_essential = false;  // only when allow_risky said so
  /// --auto-remove: also what nothing installed needs any more. Only ever
  /// simulated (packages "unlisted" asks which new dependencies go).
  bool auto_remove = false;
};

class AptTarget {
 public:
  /// For root "/" writes nothing. For any other root writes the private
  /// apt configuration file (mode 0600). Errors: E3309 when the root's path
  /// cannot be written into an apt configuration ('"' or a newline in it)
  /// or the file cannot be created.
  static engine::Result<AptTarget> open(const engine::Host& host);

  AptTarget(AptTarget&& other) noexcept;
  AptTarget& operator=(AptTarget&&) = delete;
  AptTarget(const AptTarget&) = delete;
  ~AptTarget();  // removes the configuration file

  /// Empty for root "/".
  const std::filesystem::path& config_file() const { return config_file_; }

  /// `dpkg-query [--admindir=ROOT/var/lib/dpkg] -W -f=<kDpkgQueryFormat>`.
  engine::Command dpkg_query() const;
  /// `apt-cache policy -- NAMES...`.
  engine::Command apt_cache_policy(const std::vector<std::string>& names) const;
  /// `apt-get -s [--auto-remove] OPERATION -- PACKAGES...`: what the call would do.
  engine::Command simulate(const AptGetCall& call) const;
  /// `apt-get -y -q -o Dpkg::Options::=--force-confdef
  /// -o Dpkg::Options::=--force-confold [--allow-...] OPERATION -- PACKAGES...`.
  engine::Command execute(const AptGetCall& call) const;
  /// `apt-mark showauto`: the packages marked auto-installed.
  engine::Command apt_mark_showauto() const;
  /// `apt-mark auto|manual -- NAMES...` (validated names). Only the marks
  /// in apt's extended_states change: apt-mark runs no dpkg for these
  /// (unlike hold, which set_selections() does instead).
  engine::Command apt_mark(bool automatic, const std::vector<std::string>& names) const;
  /// `dpkg [--root=ROOT --force-not-root --log=...] --set-selections` fed
  /// `lines` ("name hold\n", "name install\n") on stdin. dpkg is called
  /// directly, not apt-mark, so no configuration can make it write the
  /// host's selections.
  engine::Command set_selections(std::string lines) const;
  /// `apt-get -q -y --reinstall --download-only -o Dir::Cache::Archives=DIR/
  /// install -- NAME=VERSION`: the package's .deb into `dir` (which must
  /// hold a `partial/` directory), nothing installed or changed in the root.
  engine::Command download(const std::string& name_version,
                           const std::filesystem::path& dir) const;
  /// The same with --print-uris: where apt would fetch it from ("'URI'
  /// FILE SIZE HASH"); a file: URI is a .deb apt uses in place.
  engine::Command download_uris(const std::string& name_version) const;

  /// Runs `command`; a non-zero exit, a signal or a timeout becomes E3302
  /// naming the program and the last "E:"/"dpkg:" lines of its stderr.
  engine::Result<engine::CommandOutput> run(const engine::Command& command) const;

 private:
  AptTarget(const engine::Host& host, std::filesystem::path config_file);
  engine::Command command(std::string program, std::vector<std::string> args) const;
  std::vector<std::string> dpkg_root_options() const;

  engine::CommandRunner* runner_;
  std::filesystem::path root_;
  bool system_root_;
  std::filesystem::path config_file_;
};

}  // namespace twin::resources
