#include "resources/collect_snapshot.h"

#include <algorithm>
#include <future>

#include "engine/core/twin_layout.h"
#include "engine/core/facts.h"
#include "engine/repo/twin_loader.h"
#include "resources/account_db.h"
#include "resources/collect_accounts.h"
#include "resources/collect_package_defaults.h"
#include "resources/password_store.h"
#include "resources/secret_file_store.h"
#include "resources/collect_crontabs.h"
#include "resources/collect_live.h"
#include "resources/collect_logs.h"
#include "resources/collect_manifests.h"
#include "resources/collect_packages.h"
#include "resources/collect_services.h"
#include "resources/collect_system.h"

namespace twin::resources {
namespace {

/// Addresses the person declared in manifests the snapshot does not write.
DeclaredAddresses declared_by_hand(const std::filesystem::path& twin_dir, const lang::Value& facts,
                                   std::vector<std::string>& notes) {
  DeclaredAddresses declared;
  lang::DiagnosticSink sink;
  auto twin = engine::load_twin(twin_dir, sink, facts);
  if (!twin) return declared;
  if (sink.has_errors())
    notes.push_back("state/ has errors (see `twin lint`): resources declared there may be "
                    "generated again");
  for (const auto& r : twin->resources) {
    std::string file = r.span.valid() ? r.span.file->path() : "";
    bool generated = std::any_of(generated_manifests().begin(), generated_manifests().end(),
                                 [&](const std::string& g) { return file == g; });
    if (!generated) declared.insert(r.address());
  }
  return declared;
}

void add_manifest(engine::SnapshotContent& content, const std::string& path,
                  const std::string& text, engine::Status& status) {
  auto formatted = canonical_manifest(path, text);
  if (!formatted) {
    status = formatted.error();
    return;
  }
  content.files[path] = {*formatted, false};
}

}  // namespace

PendingServices::PendingServices(std::future<engine::Result<ServicesCollection>> running,
                                 DeclaredAddresses declared)
    : running_(std::move(running)), declared_(std::move(declared)) {}

const std::vector<std::string>& PendingServices::paths() {
  static const std::vector<std::string> kPaths = {engine::layout::in_live("services.yaml"), engine::layout::in_state("services.twin")};
  return kPaths;
}

engine::Status PendingServices::finish(CollectedSnapshot& snapshot) {
  ServicesCollection services;
  if (auto s = running_.get(); s.ok()) services = std::move(*s);
  else services.note = "services not collected: " + s.error().text();
  snapshot.content.files[engine::layout::in_live("services.yaml")] = {services_yaml(services), false};
  engine::Status status;
  add_manifest(snapshot.content, engine::layout::in_state("services.twin"), services_manifest(services.services, declared_),
               status);
  if (!status) return status;
  SnapshotReport& report = snapshot.report;
  report.services = services.services.size();
  report.managed_services = static_cast<std::size_t>(
      std::count_if(services.services.begin(), services.services.end(),
                    [](const auto& s) { return enablement_recorded(s.unit_file_state); }));
  if (services.note) report.notes.push_back(*services.note);
  return {};
}

engine::Result<CollectedSnapshot> collect_snapshot(const engine::Host& host,
                                                   const engine::TwinConfig& config,
                                                   const std::filesystem::path& twin_dir,
                                                   const std::string& captured_at,
                                                   engine::ObservationCache* cache) {
  auto started = start_snapshot(host, config, twin_dir, captured_at, cache);
  if (!started) return started.error();
  if (auto finished = started->services->finish(*started); !finished) return finished.error();
  started->services.reset();
  return started;
}

engine::Result<CollectedSnapshot> start_snapshot(
    const engine::Host& host, const engine::TwinConfig& config,
    const std::filesystem::path& twin_dir, const std::string& captured_at,
    engine::ObservationCache* cache, const std::function<void(std::string_view line)>& progress) {
  auto fs = RootedFs::open(host.root());
  if (!fs) return fs.error();
  auto accounts = AccountDb::load(*fs);
  if (!accounts) return accounts.error();
  CollectedSnapshot out;
  SnapshotReport& report = out.report;
  auto& files_out = out.content.files;

  // systemctl is the slowest collector and mostly waits on the kernel: it
  // runs while everything else is collected and written (a std::async
  // future waits in its destructor, so no return path leaves it running).
  auto services_running = std::async(std::launch::async, [&host, cache] {
    return collect_services(host, cache);
  });
  SystemInfo system = collect_system(host);
  report.hostname = system.hostname;
  auto passwd = fs->read_file("/etc/passwd");
  auto home = passwd_home(passwd.ok() ? *passwd : "", invoking_user());
  std::vector<std::string> roots = resolve_roots(config.roots, home, report.skipped);
  // A twin kept under a mirrored root must not mirror itself.
  engine::TwinConfig effective = config;
  if (host.is_system_root()) effective.excludes.push_back(twin_dir.lexically_normal().string());
  auto files = collect_files(*fs, roots, effective, {}, /*keep_secrets=*/true, progress);
  if (!files) return files.error();
  // Their bytes stay on the machine, beside the twin, for going forward.
  if (auto twin = RootedFs::open(std::filesystem::absolute(twin_dir)); !twin)
    report.notes.push_back("secret files not remembered: " + twin.error().text());
  else if (auto kept = remember_secret_files(*twin, files->secrets); !kept)
    report.notes.push_back("secret files not remembered: " + kept.error().text());
  if (auto conffiles = read_conffiles(*fs); conffiles.ok()) {
    auto problems = set_aside_package_defaults(*files, *conffiles, twin_dir);
    if (!problems.empty())
      report.notes.push_back("no local copy kept of a package default (" + problems.front() +
                             "): going back to it needs the package");
  } else
    report.notes.push_back("package defaults not recognised: " + conffiles.error().text());

  if (progress) progress("reading packages, accounts, crontabs and logs");
  PackagesCollection packages;
  bool dpkg_read = false;
  if (auto p = collect_packages(host, *fs); p.ok()) packages = std::move(*p), dpkg_read = true;
  else packages.note = "packages not collected: " + p.error().text();
  // A root with no package at all has no dpkg to remove anything with.
  dpkg_read = dpkg_read && !packages.packages.empty();
  CrontabsCollection crontabs;
  bool spool_read = false;
  if (auto c = collect_crontabs(*fs); c.ok()) crontabs = std::move(*c), spool_read = true;
  else crontabs.skipped.push_back("spool: " + c.error().text());
  LogsCollection logs = collect_logs(host, config.log_lines);
  auto account_state = AccountsState::load(*fs);
  if (!account_state) return account_state.error();
  // The hashes stay on the machine, beside the twin, for going forward.
  if (auto kept = remember_password_hashes(*fs, twin_dir); !kept)
    report.notes.push_back("password hashes not remembered: " + kept.error().text());

  // What was observed.
  files_out[engine::layout::in_live("system.yaml")] = {system_yaml(system, captured_at), false};
  files_out[engine::layout::in_live("packages.yaml")] = {packages_yaml(packages), false};
  files_out[engine::layout::in_live("files.yaml")] = {files_yaml(*files), false};
  files_out[engine::layout::in_live("crontabs.yaml")] = {crontabs_yaml(crontabs), false};
  files_out[engine::layout::in_live("accounts.yaml")] = {accounts_yaml(*account_state), false};
  for (const auto& f : files->files) files_out[mirror_source(f.path)] = {f.content, false};
  for (const auto& l : files->links) files_out[mirror_source(l.path)] = {l.target, true};
  for (const auto& l : logs.logs) files_out[engine::layout::in_current_logs(l.name)] = {l.text, false};
  files_out[engine::layout::in_current_logs("index.yaml")] = {logs_index_yaml(logs, captured_at), false};

  // The desired state generated from it.
  DeclaredAddresses declared = declared_by_hand(twin_dir, system.facts, report.notes);
  std::vector<std::string> left_out;
  engine::Status status;
  add_manifest(out.content, engine::layout::in_state("accounts.twin"),
               accounts_manifest(*account_state, declared), status);
  add_manifest(out.content, engine::layout::in_state("files.twin"), files_manifest(*files, *accounts, declared), status);
  add_manifest(out.content, engine::layout::in_state("packages.twin"), packages_manifest(packages.packages, declared, dpkg_read), status);
  add_manifest(out.content, engine::layout::in_state("crontabs.twin"),
               crontabs_manifest(crontabs.crontabs, *accounts, declared, left_out, spool_read),
               status);
  if (!status) return status.error();

  out.content.owned = {std::string(engine::layout::kLive),
                       std::string(engine::layout::kCurrentLogsPath)};
  for (const auto& manifest : generated_manifests()) out.content.owned.push_back(manifest);
  for (const auto& root : roots) out.content.owned.push_back(mirror_source(root));

  report.files = files->files.size();
  report.package_defaults = files->package_defaults.size();
  report.links = files->links.size();
  report.binary_skipped = files->binary_skipped;
  report.skipped.insert(report.skipped.end(), files->skipped.begin(), files->skipped.end());
  for (const auto& s : crontabs.skipped) report.skipped.push_back({"crontab " + s, "not read"});
  for (const auto& s : left_out) report.skipped.push_back({"crontab " + s, "left out of state/"});
  report.packages = packages.packages.size();
  report.manual_packages = static_cast<std::size_t>(std::count_if(
      packages.packages.begin(), packages.packages.end(), [](const auto& p) { return p.manual; }));
  report.crontabs = crontabs.crontabs.size();
  report.users = account_state->users.size();
  report.groups = account_state->groups.size();
  report.logs = logs.logs.size();
  for (const auto& l : logs.logs) report.log_errors += l.errors;
  if (packages.note) report.notes.push_back(*packages.note);
  report.notes.insert(report.notes.end(), logs.notes.begin(), logs.notes.end());
  out.services = std::make_unique<PendingServices>(std::move(services_running), std::move(declared));
  return out;
}

}  // namespace twin::resources
