#include "resources/service_provider.h"

#include <fmt/format.h>

#include <filesystem>

#include "resources/rooted_fs.h"
#include "resources/service_codes.h"
#include "resources/systemd_names.h"
#include "resources/unit_files.h"
#include "resources/unit_state_cache.h"
#include "resources/service_actions.h"

namespace twin::resources {
namespace {

namespace codes = service_codes;
using engine::Action;
using engine::Change;
using engine::make_error;

constexpr char kType[] = "service";

std::string first_line(std::string_view text) {
  std::size_t start = text.find_first_not_of(" \n");
  if (start == std::string_view::npos) return {};
  text.remove_prefix(start);
  return std::string(text.substr(0, text.find('\n')));
}

std::string argv_text(const engine::Command& cmd) {
  std::string text = cmd.program;
  for (const auto& arg : cmd.args) text += " " + arg;
  return text;
}

// Runs one systemctl command and turns a failure into an error value.
engine::Result<engine::CommandOutput> run_systemctl(const engine::Host& host,
                                                    std::vector<std::string> args) {
  engine::Command cmd = systemctl_command(host.root(), std::move(args));
  auto out = host.runner().run(cmd);
  if (!out) return out.error();
  if (!out->succeeded()) {
    std::string why = out->timed_out ? "timed out" : first_line(out->err);
    if (why.empty()) why = fmt::format("exit status {}", out->exit_code);
    return make_error(codes::kSystemctlFailed, fmt::format("systemctl failed: {}", why),
                      argv_text(cmd));
  }
  return out;
}

// A spec from a declaration that validate() has already accepted.
engine::Result<ServiceSpec> spec_of(const engine::Resource& resource) {
  lang::DiagnosticSink sink;
  auto spec = read_service_spec(resource, sink);
  if (!spec)
    return make_error(
        codes::kInvalidDecl,
        sink.all().empty() ? "invalid service declaration" : sink.all().front().message,
        resource.address());
  return *spec;
}

bool is_active(std::string_view state) {
  return state == "active" || state == "reloading" || state == "activating";
}

engine::Result<std::vector<UnitRuntime>> observe_runtime(const engine::Host& host,
                                                         const std::vector<std::string>& units) {
  std::vector<std::string> args = {"show", "-p", "Id,LoadState,ActiveState,UnitFileState"};
  args.insert(args.end(), units.begin(), units.end());
  auto out = run_systemctl(host, std::move(args));
  if (!out) return out.error();
  return parse_show_output(out->out, units.size());
}

// The change `enabled` asks for, nullopt when none; an error when the unit
// cannot be brought there by enable/disable.
engine::Result<std::optional<Change>> enablement_change(const ServiceSpec& spec,
                                                        const std::string& state,
                                                        bool unit_file_declared) {
  auto kind = classify_unit_file_state(state);
  if (!kind)
    return make_error(codes::kUnexpectedOutput,
                      fmt::format("unknown unit file state \"{}\"", state), spec.unit);
  using Opt = std::optional<Change>;
  if (!*spec.enabled) {
    if (*kind == Enablement::kEnabled)
      return Opt(Change{service_action::kDisable, fmt::format("disable at boot (now: {})", state), {}, {}});
    return Opt();  // nothing links it in by itself
  }
  switch (*kind) {
    case Enablement::kEnabled:
      return Opt();
    case Enablement::kDisabled:
      return Opt(Change{service_action::kEnable, fmt::format("enable at boot (now: {})", state), {}, {}});
    case Enablement::kMissing:
      // A unit file the twin declares is written by an earlier step (the
      // service requires it); apply observes again and fails if it is not.
      if (unit_file_declared)
        return Opt(Change{service_action::kEnable,
                          "enable at boot (its unit file is created earlier in this plan)", {}, {}});
      return make_error(codes::kUnitNotFound, fmt::format("unit {} has no unit file", spec.unit),
                        spec.unit);
    case Enablement::kMasked:
      // Unmasking is said, never implied: a person may have masked it on purpose.
      return make_error(codes::kCannotEnable,
                        fmt::format("unit {} is masked; add `masked = false` to unmask it",
                                    spec.unit),
                        spec.unit);
    case Enablement::kFixed:
      return make_error(codes::kCannotEnable,
                        fmt::format("unit {} is {}: it cannot be enabled (no [Install] section "
                                    "of its own); remove `enabled`",
                                    spec.unit, state),
                        spec.unit);
  }
  return Opt();
}

// Why `systemctl unmask` (which removes only ETC/UNIT) cannot lift the mask
// `state` reports, nullopt when it can. systemctl exits 0 either way, so
// without this check the plan would ask for UNMASK after every apply.
engine::Result<std::optional<std::string>> unmask_problem(const engine::Host& host,
                                                          const std::string& unit,
                                                          std::string_view state) {
  using Opt = std::optional<std::string>;
  if (state == "masked-runtime")
    return Opt("it is masked at runtime under /run/systemd/system, which `systemctl unmask` "
               "leaves alone; it ends at the next boot");
  auto fs = RootedFs::open(host.root());
  if (!fs) return fs.error();
  auto meta = fs->lstat("/etc/systemd/system/" + unit);
  if (!meta) return meta.error();
  if (!*meta) return Opt("its mask is not in /etc/systemd/system (its vendor masks it)");
  return Opt();
}

// The changes `enabled` and `masked` ask for, in the order they must run:
// UNMASK, then ENABLE or DISABLE (systemctl refuses to enable a masked unit
// and ignores a disable), then MASK.
engine::Result<std::vector<Change>> unit_file_changes(const engine::Host& host,
                                                      const ServiceSpec& spec,
                                                      const std::string& state,
                                                      bool unit_file_declared) {
  auto kind = classify_unit_file_state(state);
  if (!kind)
    return make_error(codes::kUnexpectedOutput,
                      fmt::format("unknown unit file state \"{}\"", state), spec.unit);
  std::vector<Change> changes;
  bool masked_now = *kind == Enablement::kMasked;
  if (spec.masked == false && masked_now) {
    auto problem = unmask_problem(host, spec.unit, state);
    if (!problem) return problem.error();
    if (*problem)
      return make_error(codes::kCannotEnable,
                        fmt::format("unit {} cannot be unmasked: {}", spec.unit, **problem),
                        spec.unit);
    changes.push_back({service_action::kUnmask, fmt::format("unmask (now: {})", state), {}, {}});
    // What is-enabled will say once unmasked is unknown now (a mask hides the
    // links enable made), so the declared enablement is always applied.
    if (spec.enabled)
      changes.push_back(*spec.enabled
                            ? Change{service_action::kEnable, "enable at boot (now: masked)", {}, {}}
                            : Change{service_action::kDisable,
                                     "disable at boot (now: masked; links may remain under it)",
                                     {},
                                     {}});
    return changes;
  }
  if (spec.enabled) {
    auto change = enablement_change(spec, state, unit_file_declared);
    if (!change) return change.error();
    if (*change) changes.push_back(std::move(**change));
  }
  if (spec.masked == true && !masked_now)
    changes.push_back({service_action::kMask, fmt::format("mask (now: {})", state), {}, {}});
  return changes;
}

engine::Result<std::optional<Change>> running_change(const ServiceSpec& spec,
                                                     const UnitRuntime& runtime) {
  using Opt = std::optional<Change>;
  bool active = is_active(runtime.active_state);
  if (*spec.running) {
    if (active) return Opt();
    if (runtime.load_state == "not-found")
      return make_error(codes::kUnitNotFound, fmt::format("unit {} is not loaded", spec.unit),
                        spec.unit);
    return Opt(
        Change{service_action::kStart, fmt::format("start (now: {})", runtime.active_state), {}, {}});
  }
  if (!active) return Opt();
  return Opt(Change{service_action::kStop, fmt::format("stop (now: {})", runtime.active_state), {}, {}});
}

}  // namespace

std::optional<ServiceSpec> read_service_spec(const engine::Resource& resource,
                                             lang::DiagnosticSink& sink) {
  ServiceSpec spec;
  bool ok = true;
  UnitName name = normalize_unit_name(resource.title);
  if (name.problem) {
    sink.error(name.problem->unsupported_type ? codes::kDiagUnsupportedUnitType : codes::kDiagBadUnitName,
        fmt::format("invalid service name \"{}\": {}", resource.title, name.problem->message),
        resource.title_span, name.problem->hint);
    ok = false;
  }
  spec.unit = name.unit;
  // Attribute names, types and nested blocks are the `service` schema's,
  // which the checker reports (lang/checker.h): a violation here only
  // refuses the declaration, so nothing is said twice.
  const lang::Attribute* masked_attr = nullptr;
  for (const auto& attr : resource.attributes) {
    std::optional<bool>* field = attr.name == "enabled"   ? &spec.enabled
                                 : attr.name == "running" ? &spec.running
                                 : attr.name == "masked"  ? &spec.masked
                                                          : nullptr;
    if (!field) continue;
    if (!attr.value.is_bool()) {
      ok = false;
      continue;
    }
    *field = attr.value.as_bool();
    if (attr.name == "masked") masked_attr = &attr;
  }
  // A masked unit can neither start at boot nor run: no plan could satisfy both.
  if (spec.masked == true) {
    for (const auto& attr : resource.attributes) {
      if ((attr.name != "enabled" && attr.name != "running") || !attr.value.is_bool() ||
          !attr.value.as_bool())
        continue;
      lang::Diagnostic d;
      d.code = codes::kDiagMaskedConflict;
      d.message = fmt::format("`{} = true` contradicts `masked = true`: a masked unit cannot {}",
                              attr.name, attr.name == "enabled" ? "start at boot" : "run");
      d.span = attr.name_span;
      d.hint = fmt::format("remove `{}`, or declare `masked = false`", attr.name);
      d.related.push_back({masked_attr->name_span, "masked here"});
      sink.add(std::move(d));
      ok = false;
    }
  }
  if (!resource.children.empty()) ok = false;
  if (!ok) return std::nullopt;
  return spec;
}

bool systemd_manager_runs(const engine::Host& host) {
  std::error_code ec;
  return host.is_system_root() && std::filesystem::is_directory("/run/systemd/system", ec);
}

engine::Result<std::vector<UnitRuntime>> parse_show_output(std::string_view output,
                                                           std::size_t expected_units) {
  std::vector<UnitRuntime> units;
  bool in_block = false;
  std::size_t start = 0;
  while (start <= output.size()) {
    std::size_t end = output.find('\n', start);
    if (end == std::string_view::npos) end = output.size();
    std::string_view line = output.substr(start, end - start);
    start = end + 1;
    if (line.empty()) {
      in_block = false;
      continue;
    }
    if (!in_block) {
      units.emplace_back();
      in_block = true;
    }
    std::size_t eq = line.find('=');
    if (eq == std::string_view::npos)
      return make_error(codes::kUnexpectedOutput, "systemctl show printed a line without '='",
                        std::string(line));
    std::string_view key = line.substr(0, eq);
    std::string value(line.substr(eq + 1));
    UnitRuntime& unit = units.back();
    if (key == "Id")
      unit.id = value;
    else if (key == "LoadState")
      unit.load_state = value;
    else if (key == "ActiveState")
      unit.active_state = value;
    else if (key == "UnitFileState")
      unit.unit_file_state = value;
  }
  if (units.size() != expected_units)
    return make_error(codes::kUnexpectedOutput,
                      fmt::format("systemctl show described {} units, expected {}", units.size(),
                                  expected_units));
  return units;
}

ServiceProvider::ServiceProvider(ManagerProbe probe) : probe_(std::move(probe)) {}

bool ServiceProvider::manager_runs(const engine::Host& host) const {
  return probe_ ? probe_(host) : systemd_manager_runs(host);
}

void ServiceProvider::validate(const engine::Resource& resource, const engine::Context& ctx,
                               lang::DiagnosticSink& sink) const {
  (void)ctx;
  (void)read_service_spec(resource, sink);
}

engine::Result<std::vector<engine::Step>> ServiceProvider::plan(
    std::span<const engine::Resource* const> resources, const engine::Context& ctx) {
  const engine::Host& host = ctx.host;
  bool manager = manager_runs(host);
  std::vector<ServiceSpec> specs;
  std::vector<std::string> file_state_units, running_units;
  running_declared_ = 0;
  for (const engine::Resource* resource : resources) {
    auto spec = spec_of(*resource);
    if (!spec) return spec.error();
    if (spec->enabled || spec->masked) file_state_units.push_back(spec->unit);
    if (spec->running) {
      ++running_declared_;
      if (manager) running_units.push_back(spec->unit);
    }
    specs.push_back(std::move(*spec));
  }

  UnitFileStates file_states;
  if (!file_state_units.empty()) {
    auto states = observe_unit_file_states(host, file_state_units, ctx.observations);
    if (!states) return states.error();
    file_states = std::move(*states);
  }
  std::vector<UnitRuntime> runtimes;
  if (!running_units.empty()) {
    auto observed = observe_runtime(host, running_units);
    if (!observed) return observed.error();
    runtimes = std::move(*observed);
  }

  std::vector<engine::Step> steps;
  std::size_t runtime_index = 0;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const ServiceSpec& spec = specs[i];
    engine::Step step{resources[i], kType, resources[i]->address(), {}};
    if (spec.enabled || spec.masked) {
      bool unit_file_declared =
          ctx.is_declared &&
          ctx.is_declared(lang::Reference{"file", "/etc/systemd/system/" + spec.unit}.address());
      auto changes = unit_file_changes(host, spec, file_states.at(spec.unit), unit_file_declared);
      if (!changes) return changes.error();
      for (auto& change : *changes) step.changes.push_back(std::move(change));
    }
    if (spec.running && manager) {
      auto change = running_change(spec, runtimes.at(runtime_index++));
      if (!change) return change.error();
      if (*change) step.changes.push_back(std::move(**change));
    }
    if (!step.changes.empty()) steps.push_back(std::move(step));
  }
  return steps;
}

std::vector<std::string> ServiceProvider::notes(const engine::Context& ctx) const {
  if (running_declared_ == 0 || manager_runs(ctx.host)) return {};
  return {fmt::format("no systemd manager runs for {}: `running` is not managed ({} {} it)",
                      ctx.host.root().string(), running_declared_,
                      running_declared_ == 1 ? "service declares" : "services declare")};
}

engine::Status ServiceProvider::apply(const engine::Step& step, const engine::Context& ctx,
                                      engine::Checkpoint& checkpoint) {
  const engine::Host& host = ctx.host;
  auto spec = spec_of(*step.resource);
  if (!spec) return spec.error();
  const std::string& unit = spec->unit;
  bool manager = manager_runs(host);
  for (const Change& change : step.changes) {
    const engine::Action& action = change.action;
    bool enablement = action == service_action::kEnable || action == service_action::kDisable;
    if (enablement || action == service_action::kMask || action == service_action::kUnmask) {
        // Observe again: the plan may be old, and undo must know what
        // stood before this very change.
        auto states = observe_unit_file_states(host, {unit});
        if (!states) return states.error();
        auto fs = RootedFs::open(host.root());
        if (!fs) return fs.error();
        auto snapshot = snapshot_unit_links(*fs, unit);
        if (!snapshot) return snapshot.error();
        nlohmann::json data = {{"op", enablement ? "enablement" : "mask"},
                               {"unit", unit},
                               {"was", states->at(unit)},
                               {"snapshot", link_snapshot_to_json(*snapshot)}};
        if (auto st = checkpoint.record({kType, step.address, std::move(data)}); !st) return st;
        std::string verb = action == service_action::kEnable    ? "enable"
                           : action == service_action::kDisable ? "disable"
                           : action == service_action::kMask    ? "mask"
                                                                : "unmask";
        auto run = run_systemctl(host, {verb, unit});
        if (!run) return run.error();
    } else if (action == service_action::kStart || action == service_action::kStop) {
        if (!manager)
          return make_error(codes::kSystemctlFailed,
                            "no systemd manager runs for this root: cannot start or stop", unit);
        auto runtime = observe_runtime(host, {unit});
        if (!runtime) return runtime.error();
        nlohmann::json data = {{"op", "active"},
                               {"unit", unit},
                               {"was_active", is_active(runtime->front().active_state)}};
        if (auto st = checkpoint.record({kType, step.address, std::move(data)}); !st) return st;
        auto run = run_systemctl(host, {change.action == service_action::kStart ? "start" : "stop", unit});
        if (!run) return run.error();
    } else if (action == service_action::kRestart) {
        if (!manager) continue;  // nothing runs, so there is nothing to restart
        bool keep_running = spec->running.value_or(false);
        auto run = run_systemctl(host, {keep_running ? "restart" : "try-restart", unit});
        if (!run) return run.error();
    } else {
        return make_error(
            codes::kInvalidDecl,
            fmt::format("a service step cannot {}", engine::action_name(change.action)),
            step.address);
    }
  }
  return {};
}

std::string ServiceProvider::identity(const engine::Resource& resource) const {
  UnitName name = normalize_unit_name(resource.title);
  return name.problem ? resource.title : name.unit;
}

engine::Status ServiceProvider::undo(const engine::UndoRecord& record, const engine::Context& ctx,
                                     const engine::Checkpoint& checkpoint) {
  (void)checkpoint;
  const nlohmann::json& data = record.data;
  auto bad = [&](std::string_view why) {
    return engine::Status(make_error(codes::kBadUndoRecord,
                                     fmt::format("malformed service undo record: {}", why),
                                     record.address));
  };
  if (!data.is_object() || !data.contains("op") || !data["op"].is_string() ||
      !data.contains("unit") || !data["unit"].is_string())
    return bad("no op or unit");
  std::string unit = data["unit"].get<std::string>();
  // The journal is a file on disk: check the name again before argv.
  if (!is_managed_unit_name(unit)) return bad("invalid unit name");
  std::string op = data["op"].get<std::string>();
  const engine::Host& host = ctx.host;

  if (op == "enablement" || op == "mask") {
    if (!data.contains("was") || !data["was"].is_string() || !data.contains("snapshot"))
      return bad("no previous state");
    auto snapshot = link_snapshot_from_json(data["snapshot"]);
    if (!snapshot) return bad("invalid link snapshot");
    auto kind = classify_unit_file_state(data["was"].get<std::string>());
    if (op == "enablement" && (kind == Enablement::kEnabled || kind == Enablement::kDisabled)) {
      auto run = run_systemctl(host, {kind == Enablement::kEnabled ? "enable" : "disable", unit});
      if (!run) return run.error();
    }
    auto fs = RootedFs::open(host.root());
    if (!fs) return fs.error();
    return restore_unit_links(*fs, unit, *snapshot);
  }
  if (op == "active") {
    if (!data.contains("was_active") || !data["was_active"].is_boolean())
      return bad("no previous active state");
    if (!manager_runs(host))
      return make_error(codes::kSystemctlFailed,
                        "no systemd manager runs for this root: cannot start or stop", unit);
    auto run = run_systemctl(host, {data["was_active"].get<bool>() ? "start" : "stop", unit});
    if (!run) return run.error();
    return {};
  }
  return bad(fmt::format("unknown op \"{}\"", op));
}

std::optional<engine::Change> ServiceProvider::refresh(const engine::Resource&) const {
  return Change{service_action::kRestart, "restart", {}, {}};
}

std::vector<std::string> ServiceProvider::implicit_dependencies(
    const engine::Resource& resource) const {
  UnitName name = normalize_unit_name(resource.title);
  if (name.unit.empty()) return {};
  return {lang::Reference{"file", "/etc/systemd/system/" + name.unit}.address()};
}

}  // namespace twin::resources
