// The contract every resource type implements. The engine names no concrete
// resource: it finds providers by type name in a ProviderRegistry.
//
//   validate  checks a declaration beyond the schema (paths, names)
//   plan      observes all resources of the type at once and returns steps;
//             it never mutates the machine
//   apply     makes one planned step happen, recording undo data first
//   undo      reverts one undo record (used for rollback, in reverse order)
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/checkpoint.h"
#include "engine/core/host.h"
#include "engine/core/observation_cache.h"
#include "engine/core/plan.h"
#include "engine/core/result.h"
#include "lang/diagnostic.h"

namespace twin::engine {

struct Context {
  const Host& host;
  std::filesystem::path twin_dir;  // `source = "..."` paths are relative to it
  /// While planning: whether an address is declared in the twin, so a
  /// provider can plan around what earlier steps will create (a service
  /// whose unit file is declared). While expanding: whether a declaration
  /// (not a shorthand's) has that address. Unset otherwise.
  std::function<bool(std::string_view address)> is_declared;
  /// While validating and planning: the declaration (after expansion) with
  /// that address, null when there is none, so a provider can rely on what
  /// an earlier step makes (a file owned by a user this apply creates).
  /// Unset otherwise.
  std::function<const Resource*(std::string_view address)> find_declared;
  /// While planning for `twin plan`/`status`: what earlier plans verified by
  /// reading, under the stat data that vouches for it, so a provider may
  /// skip reading what has not changed. Null otherwise (apply always reads);
  /// providers must work without it. Owned by the caller.
  ObservationCache* observations = nullptr;
  /// While applying: a line of what a long-running tool says it is doing
  /// (apt's "Unpacking nginx …"), shown as the apply's status. Unset
  /// otherwise; providers must work without it.
  std::function<void(std::string_view line)> step_output;
  /// While applying: the executor syncs the root's file system once before
  /// the outcome is written, so a provider need not fsync each directory
  /// whose entries it changes. A rename lost in a crash before that is a
  /// change rollback puts back (it is journaled) or `--resume` plans again;
  /// file data is still fsync'd before its rename, so no file is ever seen
  /// half written.
  bool sync_root_at_end = false;
};

class Provider {
 public:
  virtual ~Provider() = default;
  virtual std::string_view type() const = 0;

  /// What a title names, spelled one way: two declarations whose titles
  /// have the same identity are one resource declared twice (E0202), as
  /// `service "cron"` and `service "cron.service"` are. The title itself
  /// by default.
  virtual std::string identity(const Resource& resource) const { return resource.title; }

  /// Appends a diagnostic (with the attribute's span) for every problem.
  virtual void validate(const Resource& resource, const Context& ctx,
                        lang::DiagnosticSink& sink) const = 0;

  /// Validates all declared resources of this type at once, so a provider
  /// reads what it needs from the machine (users, the twin) only once. The
  /// default validates them one by one.
  virtual void validate_all(std::span<const Resource* const> resources, const Context& ctx,
                            lang::DiagnosticSink& sink) const {
    for (const Resource* resource : resources) validate(*resource, ctx, sink);
  }

  /// The resources this declaration stands for, when its type is a
  /// shorthand for others (a `mirror` stands for one `file` per file under
  /// its source); nullopt for ordinary types. Runs before validation and
  /// checks the declaration itself (appending to `sink`); the engine then
  /// validates what it returns like declared resources, and drops any whose
  /// address is declared explicitly: a declaration always wins.
  virtual std::optional<std::vector<Resource>> expand(const Resource& resource,
                                                      const Context& ctx,
                                                      lang::DiagnosticSink& sink) const {
    (void)resource, (void)ctx, (void)sink;
    return std::nullopt;
  }

  /// Addresses (type["title"]) this resource needs first when they are
  /// declared: the provider's documented automatic rules, e.g. a file needs
  /// the file resource of its parent directory. Undeclared ones are ignored.
  virtual std::vector<std::string> implicit_dependencies(const Resource& resource) const {
    (void)resource;
    return {};
  }

  /// Directories of the target (absolute paths inside the root: "/etc"
  /// means ROOT/etc) in which an entry is created, written, renamed or
  /// changes mode or owner when this resource drifts, for `twin status
  /// --watch` to wait on. Empty: the watch finds the drift by planning again
  /// on its timer.
  virtual std::vector<std::string> watched_dirs(const Resource& resource) const {
    (void)resource;
    return {};
  }

  /// The change that refreshes this resource when something it subscribes
  /// to (or that notifies it) changes, e.g. a service restart; nullopt when
  /// the type has no refresh.
  virtual std::optional<Change> refresh(const Resource& resource) const {
    (void)resource;
    return std::nullopt;
  }

  /// Steps for the resources that differ from the machine, in the order of
  /// `resources`. Resources already in the desired state produce no step.
  virtual Result<std::vector<Step>> plan(std::span<const Resource* const> resources,
                                         const Context& ctx) = 0;

  /// What this provider cannot manage on this host, said once above the
  /// plan (e.g. "no systemd manager runs under this root: `running` is not
  /// managed"). Called after plan().
  virtual std::vector<std::string> notes(const Context& ctx) const {
    (void)ctx;
    return {};
  }

  /// Applies a run of consecutive steps of this type, so a provider can
  /// batch them (one apt-get call for many packages). Returns how many steps
  /// completed before the first failure; the default applies them one by one.
  /// True when apply_group() does better than one apply() per step (one
  /// apt-get call for many packages). Only then does the executor hand the
  /// provider runs of consecutive steps; otherwise it passes one step at a
  /// time, so each step's completion is journaled as soon as it happens.
  virtual bool batches_steps() const { return false; }

  struct GroupResult {
    std::size_t completed = 0;
    Status status;
  };
  virtual GroupResult apply_group(std::span<const Step* const> steps, const Context& ctx,
                                  Checkpoint& checkpoint) {
    GroupResult result;
    for (const Step* step : steps) {
      result.status = apply(*step, ctx, checkpoint);
      if (!result.status) return result;
      ++result.completed;
    }
    return result;
  }

  /// Applies one step produced by `plan`. Before each mutation it records in
  /// `checkpoint` what is needed to undo it. On error, the records written so
  /// far still describe everything that was changed.
  virtual Status apply(const Step& step, const Context& ctx, Checkpoint& checkpoint) = 0;

  /// Reverts one record written by this provider's `apply`.
  virtual Status undo(const UndoRecord& record, const Context& ctx,
                      const Checkpoint& checkpoint) = 0;
};

/// What a risk judge knows of the resource besides its declaration.
struct RiskScope {
  /// The plan's step for it (what it would change, the bytes a file would
  /// get); null when only the declaration is judged (`twin lint`).
  const Step* step = nullptr;
  /// Whether the resource is known to change: it has a step, or `lint
  /// --base` found it differs from the base. Some rules judge only a
  /// change (a snapshot records the machine's admins; that is no change).
  bool changed = false;
  /// The resource as it was at `lint --base`, when it existed there.
  const Resource* before = nullptr;

  /// Whether `resource`'s declared `attribute` is known to change: a change
  /// of the step sets it or adds the whole resource, or (with no step) it
  /// differs from `before` or the resource is new.
  bool changes_attribute(const Resource& resource, std::string_view attribute) const;
};

/// Appends the risky-change findings (W03xx) of one resource to a sink.
/// The rules are policy about concrete resources, so resources/ supplies
/// them (resources/risk_rules.h); the engine only asks.
using RiskJudge = std::function<void(const Resource& resource, const RiskScope& scope,
                                     lang::DiagnosticSink& sink)>;

class ProviderRegistry {
 public:
  void add(std::unique_ptr<Provider> provider);
  Provider* find(std::string_view type) const;
  std::vector<std::string> types() const;

  /// Sets who judges risk; without one nothing is risky.
  void set_risk_judge(RiskJudge judge) { risk_judge_ = std::move(judge); }
  /// The findings of every declaration, in order (none known to change).
  void judge_risks(const std::vector<Resource>& resources, lang::DiagnosticSink& sink) const;
  /// The findings of one resource.
  std::vector<lang::Diagnostic> risks_of(const Resource& resource, const RiskScope& scope) const;

 private:
  std::vector<std::unique_ptr<Provider>> providers_;
  RiskJudge risk_judge_;
};

}  // namespace twin::engine
