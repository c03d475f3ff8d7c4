// The plan: the ordered steps that would make the machine match the twin.
// Deciding (Provider::plan, the reconciler) is apart from doing (executor).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lang/resource_decl.h"

namespace twin::engine {

using Resource = lang::ResourceDecl;

enum class Action {
  kCreate,   // something that does not exist will be created
  kReplace,  // content or kind changes
  kDelete,   // something that exists will be removed
  kChmod,    // permission bits change
  kChown,    // owner or group changes
  kMkdir,    // a missing parent directory will be created
  kInstall,  // a package will be installed
  kUpgrade,  // a package will change version
  kRemove,   // a package will be removed (conffiles kept)
  kPurge,    // a package will be purged
  kHold,     // a package will be held at its version
  kUnhold,   // a package hold will be released
  kEnable,   // a service will start at boot
  kDisable,  // a service will no longer start at boot
  kStart,    // a service will be started now
  kStop,     // a service will be stopped now
  kRestart,  // a service will be restarted (notify/subscribe)
};

std::string_view action_name(Action a);  // "CREATE", "REPLACE", ...

/// Old and new text of a content change; the renderer turns it into a
/// unified diff. Binary or sensitive content is summarised, never shown.
struct ContentDiff {
  std::string old_label;  // shown verbatim after "--- ", e.g. "a/etc/motd" or "/dev/null"
  std::string new_label;
  std::string old_text;
  std::string new_text;
  bool binary = false;
  bool sensitive = false;
  /// For sensitive content a provider may leave the texts empty (so the
  /// bytes never enter the plan) and give sensitive_summary(old, new) here.
  std::string summary;
};

struct Change {
  Action action;
  std::string description;  // e.g. "mode 0644 → 0600", "parent directory /etc/app"
  std::optional<ContentDiff> diff;
  std::vector<std::string> details;  // extra lines, e.g. "also removes: libfoo1 (dependency)"
};

struct Step {
  const Resource* resource = nullptr;  // the desired state; owned by the loaded twin
  std::string type;
  std::string address;  // type["title"]
  std::vector<Change> changes;  // in the order they will be made
  /// Addresses of the earlier steps this one depends on (directly or through
  /// unchanged resources): when one of them fails, this step is skipped.
  std::vector<std::string> depends_on;

  /// The action that names the step in a plan: the first change's, not
  /// counting the parent directories made on the way (MKDIR).
  Action primary() const {
    for (const auto& c : changes)
      if (c.action != Action::kMkdir) return c.action;
    return changes.front().action;
  }
};

struct Plan {
  std::vector<Step> steps;
  std::vector<std::string> notes;  // said once above the plan (e.g. "running not managed")

  bool empty() const { return steps.empty(); }
  std::size_t count(Action a) const;
};

}  // namespace twin::engine
