#include "resources/package_files.h"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/core/twin_layout.h"
#include "resources/apt_target.h"
#include "resources/error_codes.h"
#include "resources/md5.h"
#include "resources/rooted_fs.h"
#include "resources/tar_member.h"

namespace twin::resources {
namespace {

constexpr char kDpkgDeb[] = "/usr/bin/dpkg-deb";

// apt's archive name: NAME_VERSION_ARCH.deb, with the epoch's ':' as "%3a".
std::string deb_name(const std::string& package, const Conffile& file) {
  std::string version;
  for (char c : file.version) version += c == ':' ? std::string("%3a") : std::string(1, c);
  return fmt::format("{}_{}_{}.deb", package, version, file.architecture);
}

engine::Error unavailable(const std::string& path, const std::string& why) {
  return engine::make_error(codes::kPackageFile,
                            fmt::format("cannot get the package's default: {}", why), path);
}

const std::string kCopies = std::string(engine::layout::kLocal) + "/package-defaults";

// The snapshot's copy, when it is there and still has the digest.
std::optional<std::string> kept_copy(const std::filesystem::path& twin_dir, const std::string& md5) {
  auto twin = RootedFs::open(std::filesystem::absolute(twin_dir));
  if (!twin) return std::nullopt;
  auto bytes = twin->read_file(kCopies + "/" + md5);
  if (!bytes || md5_hex(*bytes) != md5) return std::nullopt;
  return *bytes;
}

}  // namespace

engine::Status PackageFiles::keep_copy(const std::filesystem::path& twin_dir,
                                       const std::string& md5, std::string_view bytes) {
  auto twin = RootedFs::open(std::filesystem::absolute(twin_dir));
  if (!twin) return twin.error();
  for (const std::string& dir : {std::string(engine::layout::kLocal), kCopies}) {
    auto meta = twin->lstat(dir);
    if (!meta) return meta.error();
    if (!*meta)
      if (auto st = twin->make_dir(dir, 0700, ::geteuid(), ::getegid()); !st) return st;
  }
  std::string path = kCopies + "/" + md5;
  auto meta = twin->lstat(path);
  if (!meta) return meta.error();
  if (*meta) return {};  // content-addressed: already kept
  return twin->write_file_atomic(path, bytes, 0600, ::geteuid(), ::getegid());
}

engine::Result<const std::map<std::string, Conffile>*> PackageFiles::conffiles() {
  if (!conffiles_) {
    auto fs = RootedFs::open(host_.root());
    if (!fs) return fs.error();
    auto read = read_conffiles(*fs);
    if (!read) return read.error();
    conffiles_ = std::move(*read);
  }
  return &*conffiles_;
}

engine::Result<std::optional<std::string>> PackageFiles::default_md5(const std::string& package,
                                                                      const std::string& path) {
  std::lock_guard lock(mutex_);
  auto files = conffiles();
  if (!files) return files.error();
  auto it = (*files)->find(path);
  if (it == (*files)->end() || it->second.package != package) return std::optional<std::string>();
  return std::optional(it->second.md5);
}

engine::Result<std::filesystem::path> PackageFiles::deb_of(const Conffile& file) {
  std::string name = deb_name(file.package, file);
  std::filesystem::path cached = host_.root() / "var/cache/apt/archives" / name;
  struct stat st {};
  if (::lstat(cached.c_str(), &st) == 0 && S_ISREG(st.st_mode)) return cached;
  std::filesystem::path dir = engine::TwinLayout(twin_dir_).local() / "debs";
  std::filesystem::path local = dir / name;
  if (::lstat(local.c_str(), &st) == 0 && S_ISREG(st.st_mode)) return local;
  // Made beneath the twin, each level a real directory: a symlinked .twin/
  // must not send apt's downloads elsewhere.
  auto twin = RootedFs::open(std::filesystem::absolute(twin_dir_));
  if (!twin) return twin.error();
  std::string local_dir = engine::layout::kLocal;
  for (const std::string& level : {local_dir, local_dir + "/debs", local_dir + "/debs/partial"}) {
    auto meta = twin->lstat(level);
    if (!meta) return meta.error();
    if (!*meta) {
      if (auto st = twin->make_dir(level, 0700, ::geteuid(), ::getegid()); !st) return st.error();
    } else if ((*meta)->kind != FileKind::kDirectory) {
      return unavailable(file.package, level + " in the twin is not a directory");
    }
  }
  auto apt = AptTarget::open(host_);
  if (!apt) return apt.error();
  std::string wanted = file.package + "=" + file.version;
  auto ran = apt->run(apt->download(wanted, dir));
  if (!ran) return unavailable(file.package, ran.error().message);
  if (::lstat(local.c_str(), &st) == 0 && S_ISREG(st.st_mode)) return local;
  // A file: repository is used in place, never copied: ask apt where.
  auto uris = apt->run(apt->download_uris(wanted));
  if (uris)
    for (std::string_view rest = uris->out; !rest.empty();) {
      std::size_t newline = rest.find('\n');
      std::string_view line = rest.substr(0, newline);
      rest = newline == std::string_view::npos ? std::string_view() : rest.substr(newline + 1);
      if (!line.starts_with("'file:")) continue;
      std::size_t end = line.find('\'', 1);
      if (end == std::string_view::npos) continue;
      std::filesystem::path in_place(std::string(line.substr(6, end - 6)));
      if (in_place.is_absolute() && in_place.filename() == name &&
          ::lstat(in_place.c_str(), &st) == 0 && S_ISREG(st.st_mode))
        return in_place.lexically_normal();
    }
  return unavailable(file.package, "apt-get downloaded no " + name);
}

engine::Result<std::string> PackageFiles::shipped(const std::string& package,
                                                  const std::string& path) {
  std::lock_guard lock(mutex_);
  auto files = conffiles();
  if (!files) return files.error();
  auto it = (*files)->find(path);
  if (it == (*files)->end() || it->second.package != package)
    return unavailable(path, fmt::format("the installed {} has no configuration file {}", package,
                                         path));
  auto archive = archives_.find(package);
  if (archive == archives_.end()) {
    if (auto kept = kept_copy(twin_dir_, it->second.md5)) return *kept;
    auto deb = deb_of(it->second);
    if (!deb) return deb.error();
    engine::Command cmd{kDpkgDeb, {"--fsys-tarfile", deb->string()},
                        {{"LC_ALL", "C"}, {"PATH", "/usr/bin:/bin"}}, "", std::chrono::minutes(2)};
    auto out = host_.runner().run(cmd);
    if (!out) return unavailable(path, out.error().message);
    if (!out->succeeded())
      return unavailable(path, "dpkg-deb could not read " + deb->string() + ": " +
                                   out->err.substr(0, out->err.find('\n')));
    archive = archives_.emplace(package, std::move(out->out)).first;
  }
  auto bytes = tar_member(archive->second, "." + path);
  if (!bytes) return unavailable(path, fmt::format("{}'s package holds no {}", package, path));
  return *bytes;
}

}  // namespace twin::resources
