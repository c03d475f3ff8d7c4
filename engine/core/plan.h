// The plan: the ordered steps that would make the machine match the twin.
// Deciding (Provider::plan, the reconciler) is apart from doing (executor).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lang/diagnostic.h"
#include "lang/resource_decl.h"

namespace twin::engine {

using Resource = lang::ResourceDecl;

/// What a change does to the machine, for colour and for policy.
enum class Effect {
  kAdds,       // something comes into being (CREATE, INSTALL, ENABLE, START)
  kChanges,    // something is altered in place (REPLACE, CHMOD, UPGRADE)
  kTakesAway,  // something is removed, disabled or stopped (DELETE, REMOVE, STOP)
};

/// A verb of the plan. The engine names only the verbs every kind of thing
/// can have (files, directories, links, crontabs); a provider declares its
/// own next to it (resources/package_actions.h, resources/service_actions.h)
/// and says what each does, so a new resource type touches no engine file.
struct Action {
  std::string_view name;           // upper case, shown in plans: "CREATE"
  Effect effect = Effect::kChanges;
  bool runtime = false;            // starts, stops or restarts something now
  int order = 0;                   // where plans list it among the counts

  friend constexpr bool operator==(const Action& a, const Action& b) { return a.name == b.name; }

  static const Action kCreate;   // something that does not exist will be created
  static const Action kReplace;  // content or kind changes
  static const Action kDelete;   // something that exists will be removed
  static const Action kChmod;    // permission bits change
  static const Action kChown;    // owner or group changes
  static const Action kMkdir;    // a missing parent directory will be created
};

inline constexpr Action Action::kCreate{"CREATE", Effect::kAdds, false, 0};
inline constexpr Action Action::kReplace{"REPLACE", Effect::kChanges, false, 1};
inline constexpr Action Action::kDelete{"DELETE", Effect::kTakesAway, false, 2};
inline constexpr Action Action::kChmod{"CHMOD", Effect::kChanges, false, 3};
inline constexpr Action Action::kChown{"CHOWN", Effect::kChanges, false, 4};
inline constexpr Action Action::kMkdir{"MKDIR", Effect::kAdds, false, 5};

inline std::string_view action_name(const Action& a) { return a.name; }  // "CREATE", ...

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
  /// What the change takes off the machine, as facts for policy (never read
  /// from the text above): the packages it removes or purges, its own and
  /// those apt would take with it.
  std::vector<std::string> removes;
  /// Why the change is risky (W03xx findings on the resource, judged by the
  /// rules resources/ registers); empty when it is not, or the manifest
  /// says `allow_risky = true`. Set on the step's primary change.
  std::vector<lang::Diagnostic> risks;
  /// The declared attribute the change sets ("groups"), when it sets one:
  /// a fact for policy, so a rule can judge a change of that attribute
  /// alone (RiskScope::changes_attribute).
  std::string attribute = {};
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
  const Action& primary() const { return primary_change().action; }
  const Change& primary_change() const {
    for (const auto& c : changes)
      if (!(c.action == Action::kMkdir)) return c;
    return changes.front();
  }
  Change& primary_change() {
    return const_cast<Change&>(static_cast<const Step*>(this)->primary_change());
  }
};

struct Plan {
  std::vector<Step> steps;
  std::vector<std::string> notes;  // said once above the plan (e.g. "running not managed")

  bool empty() const { return steps.empty(); }
  std::size_t count(const Action& a) const;
};

}  // namespace twin::engine
