#include "resources/apt_target.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "resources/dpkg_status.h"  // kDpkgQueryFormat
#include "resources/package_codes.h"

namespace twin::resources {
namespace {

// dpkg checks that ldconfig and start-stop-daemon are on PATH, and
// maintainer scripts expect the usual directories.
constexpr char kPath[] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

std::string config_text(const std::string& root) {
  return fmt::format(
      "// Written by twin for one run against the root {0}; removed afterwards.\n"
      "Dir \"{0}/\";\n"
      "Dir::State::status \"{0}/var/lib/dpkg/status\";\n"
      "Dir::Etc::SourceParts \"{0}/etc/apt/sources.list.d\";\n"
      "DPkg::Options {{ \"--root={0}\"; \"--force-not-root\"; \"--log={0}/var/log/dpkg.log\"; }};\n"
      "Debug::NoLocking \"1\";\n"
      "APT::Sandbox::User \"root\";\n",
      root);
}

engine::Error config_error(std::string message, const std::string& context) {
  return engine::make_error(package_codes::kAptConfig, std::move(message), context);
}

// The lines of a failed tool's output that say why: apt's "E:" lines and
// dpkg's "dpkg: error" lines with their indented continuation (" trying to
// overwrite ..."), or else the last few lines.
std::string failure_summary(const engine::CommandOutput& out) {
  std::vector<std::string> all, errors;
  for (std::string_view text : {std::string_view(out.err), std::string_view(out.out)}) {
    bool in_dpkg_error = false;
    while (!text.empty()) {
      auto newline = text.find('\n');
      std::string_view line = text.substr(0, newline);
      text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
      if (line.empty()) continue;
      all.emplace_back(line);
      if (in_dpkg_error && line.front() == ' ') {
        errors.back() += line;
        continue;
      }
      in_dpkg_error = line.starts_with("dpkg: error");
      if (in_dpkg_error || line.starts_with("E: ")) errors.emplace_back(line);
    }
  }
  if (errors.empty()) errors.assign(all.size() > 3 ? all.end() - 3 : all.begin(), all.end());
  std::string summary;
  for (const std::string& line : errors) summary += (summary.empty() ? "" : "; ") + line;
  return summary;
}

}  // namespace

engine::Result<AptTarget> AptTarget::open(const engine::Host& host) {
  if (host.is_system_root()) return AptTarget(host, {});
  std::string root = host.root().string();
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  if (root.find_first_of("\"\n\r") != std::string::npos || root.find('\0') != std::string::npos)
    return config_error("the root's path cannot be written into an apt configuration file", root);

  std::error_code ec;
  std::filesystem::path dir = std::filesystem::temp_directory_path(ec);
  if (ec) dir = "/tmp";
  std::string pattern = (dir / "twin-apt.XXXXXX").string();
  int fd = ::mkstemp(pattern.data());  // O_EXCL, mode 0600
  if (fd < 0)
    return config_error(
        fmt::format("cannot create the apt configuration file: {}", std::strerror(errno)), pattern);
  AptTarget target(host, pattern);  // owns the file from here: removed on any error
  std::string text = config_text(root);
  std::string_view rest = text;
  while (!rest.empty()) {
    ssize_t n = ::write(fd, rest.data(), rest.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int saved = errno;
      ::close(fd);
      return config_error(
          fmt::format("cannot write the apt configuration file: {}", std::strerror(saved)),
          pattern);
    }
    rest.remove_prefix(static_cast<std::size_t>(n));
  }
  if (::close(fd) != 0)
    return config_error(
        fmt::format("cannot write the apt configuration file: {}", std::strerror(errno)), pattern);
  return target;
}

AptTarget::AptTarget(const engine::Host& host, std::filesystem::path config_file)
    : runner_(&host.runner()),
      root_(host.root()),
      system_root_(host.is_system_root()),
      config_file_(std::move(config_file)) {
  std::string root = root_.string();
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  root_ = root;
}

AptTarget::AptTarget(AptTarget&& other) noexcept
    : runner_(other.runner_),
      root_(std::move(other.root_)),
      system_root_(other.system_root_),
      config_file_(std::exchange(other.config_file_, {})) {}

AptTarget::~AptTarget() {
  if (!config_file_.empty()) ::unlink(config_file_.c_str());
}

engine::Command AptTarget::command(std::string program, std::vector<std::string> args) const {
  engine::Command cmd;
  cmd.program = std::move(program);
  cmd.args = std::move(args);
  cmd.env = {{"PATH", kPath}, {"LC_ALL", "C"}, {"DEBIAN_FRONTEND", "noninteractive"}};
  if (!config_file_.empty()) cmd.env.emplace_back("APT_CONFIG", config_file_.string());
  return cmd;
}

std::vector<std::string> AptTarget::dpkg_root_options() const {
  if (system_root_) return {};
  std::string root = root_.string();
  return {"--root=" + root, "--force-not-root", "--log=" + root + "/var/log/dpkg.log"};
}

engine::Command AptTarget::dpkg_query() const {
  std::vector<std::string> args;
  if (!system_root_) args.push_back("--admindir=" + root_.string() + "/var/lib/dpkg");
  args.push_back("-W");
  args.push_back(std::string("-f=") + kDpkgQueryFormat);
  return command(kDpkgQuery, std::move(args));
}

engine::Command AptTarget::apt_cache_policy(const std::vector<std::string>& names) const {
  std::vector<std::string> args = {"policy", "--"};
  args.insert(args.end(), names.begin(), names.end());
  return command(kAptCache, std::move(args));
}

engine::Command AptTarget::simulate(const AptGetCall& call) const {
  std::vector<std::string> args = {"-s"};
  if (call.auto_remove) args.push_back("--auto-remove");
  args.push_back(call.operation);
  args.push_back("--");
  args.insert(args.end(), call.packages.begin(), call.packages.end());
  return command(kAptGet, std::move(args));
}

engine::Command AptTarget::execute(const AptGetCall& call) const {
  std::vector<std::string> args = {
      "-y", "-q", "-o", "Dpkg::Options::=--force-confdef", "-o", "Dpkg::Options::=--force-confold"};
  if (call.allow_downgrades) args.push_back("--allow-downgrades");
  if (call.allow_remove_essential) args.push_back("--allow-remove-essential");
  args.push_back(call.operation);
  args.push_back("--");
  args.insert(args.end(), call.packages.begin(), call.packages.end());
  return command(kAptGet, std::move(args));
}

engine::Command AptTarget::apt_mark_showauto() const { return command(kAptMark, {"showauto"}); }

engine::Command AptTarget::apt_mark(bool automatic, const std::vector<std::string>& names) const {
  std::vector<std::string> args = {automatic ? "auto" : "manual", "--"};
  args.insert(args.end(), names.begin(), names.end());
  return command(kAptMark, std::move(args));
}

engine::Command AptTarget::set_selections(std::string lines) const {
  std::vector<std::string> args = dpkg_root_options();
  args.push_back("--set-selections");
  engine::Command cmd = command(kDpkg, std::move(args));
  cmd.input = std::move(lines);
  return cmd;
}

engine::Command AptTarget::download(const std::string& name_version,
                                    const std::filesystem::path& dir) const {
  return command(kAptGet, {"-q", "-y", "--reinstall", "--download-only", "-o",
                           "Dir::Cache::Archives=" + dir.string() + "/", "install", "--",
                           name_version});
}

engine::Command AptTarget::download_uris(const std::string& name_version) const {
  return command(kAptGet, {"-q", "-y", "--reinstall", "--print-uris", "install", "--",
                           name_version});
}

engine::Result<engine::CommandOutput> AptTarget::run(const engine::Command& cmd) const {
  std::string what = cmd.program;
  for (const std::string& arg : cmd.args) {
    if (what.size() > 200) {
      what += " ...";
      break;
    }
    what += ' ' + arg;
  }
  auto out = runner_->run(cmd);
  if (!out)
    return engine::make_error(package_codes::kToolFailed,
                              fmt::format("cannot run {}: {}", cmd.program, out.error().message),
                              what);
  if (out->succeeded()) return out;
  std::string how = out->timed_out ? "timed out"
                    : out->signal  ? fmt::format("was killed by signal {}", out->signal)
                                   : fmt::format("exited with status {}", out->exit_code);
  std::string why = failure_summary(*out);
  return engine::make_error(package_codes::kToolFailed,
                            fmt::format("{} {}{}{}", cmd.program.substr(cmd.program.rfind('/') + 1),
                                        how, why.empty() ? "" : ": ", why),
                            what);
}

}  // namespace twin::resources
