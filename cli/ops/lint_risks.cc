#include "cli/ops/lint_risks.h"

#include <fmt/format.h>

#include <map>
#include <optional>

#include "cli/ops/past_twin.h"
#include "cli/ops/resource_fingerprint.h"
#include "cli/ops/risk_review.h"
#include "engine/core/expansion.h"
#include "engine/core/twin_read.h"
#include "engine/repo/git_repo.h"

namespace twin::ops {
namespace {

// Larger files are judged by their declaration only (content rules look
// for short phrases in configuration, not in images or archives).
constexpr std::size_t kMaxJudgedBytes = 8u << 20;

bool is_own_copy(const engine::Resource& resource, const std::string& source) {
  return source == "filesystem" + resource.title;
}

// The resource as the risk rules should see it: a `file` whose bytes come
// from a `source` of the twin carries those bytes as its `content`, so
// content rules read what would be written. A snapshot's own copy is
// judged only when `judge_own_copy` (it changed since the base).
engine::Resource judged_form(const engine::Resource& resource,
                             const std::filesystem::path& twin_dir, bool judge_own_copy) {
  const std::string* source = resource.get_string("source");
  if (resource.type != "file" || !source || resource.find("content") ||
      (!judge_own_copy && is_own_copy(resource, *source)))
    return resource;
  auto bytes = engine::read_twin_file(twin_dir, *source);
  if (!bytes || bytes->size() > kMaxJudgedBytes) return resource;
  engine::Resource judged = resource;
  for (auto& attribute : judged.attributes)
    if (attribute.name == "source") {
      attribute.name = "content";
      attribute.value.data = std::move(*bytes);
    }
  return judged;
}

// Who brought a finding in since `base`: the commit that last touched its
// declaration, else the one that last changed its source file.
class Provenance {
 public:
  Provenance(const engine::LoadedTwin& twin, std::string base)
      : twin_(twin), base_(std::move(base)), repo_(engine::GitRepo::open(twin.dir)) {
    if (repo_) {
      auto edited = repo_->worktree_changes();
      if (edited) edited_ = std::move(*edited);
    }
  }

  std::string note(const std::vector<engine::Resource>& judged, const engine::Resource& resource,
                   const lang::Diagnostic& finding) {
    if (!repo_) return {};
    const std::string* source = resource.get_string("source");
    if (source && edited_.count(*source)) return "not committed yet: " + *source + " has changes";
    if (finding.span.valid()) {
      std::filesystem::path file = finding.span.file->path();
      if (file.is_absolute()) file = file.lexically_relative(twin_.dir);
      if (edited_.count(file.string())) return "not committed yet: " + file.string() + " has changes";
    }
    if (auto commit = introduced_by(twin_.dir, judged, finding, base_))
      return fmt::format("introduced by commit {} by {}: {}", commit->short_id, commit->author,
                         commit->summary);
    if (source)
      if (auto last = repo_->last_commit_changing(*source); last && *last)
        return fmt::format("introduced by commit {} by {} (changed {})", (*last)->id.substr(0, 7),
                           (*last)->author, *source);
    return {};
  }

 private:
  const engine::LoadedTwin& twin_;
  std::string base_;
  engine::Result<engine::GitRepo> repo_;
  std::map<std::string, engine::PathChange> edited_;
};

}  // namespace

engine::Result<LintRisks> judge_lint_risks(const engine::LoadedTwin& twin,
                                           const engine::ProviderRegistry& registry,
                                           const engine::Context& ctx, const lang::Value& facts,
                                           const std::string& base, lang::DiagnosticSink& sink) {
  LintRisks out;
  std::optional<PastTwin> past;
  if (!base.empty()) {
    auto loaded = load_past_twin(twin.dir, base, facts, registry, ctx.host);
    if (!loaded) return loaded.error();
    past = std::move(*loaded);
    out.base_id = past->commit;
  }
  // Expansion problems were reported by validation already.
  lang::DiagnosticSink expansion_problems;
  auto expanded = engine::expand_resources(twin.resources, registry, ctx, expansion_problems);
  const auto& resources = expanded ? *expanded : twin.resources;

  std::vector<engine::Resource> judged;
  std::vector<const engine::Resource*> declared;  // judged[i] came from declared[i]
  std::vector<const engine::Resource*> before;    // and was before[i] at the base, if there
  for (const auto& resource : resources) {
    if (past) {
      auto before = past->fingerprints.find(resource.address());
      if (before != past->fingerprints.end() &&
          before->second == resource_fingerprint(resource, twin.dir))
        continue;
    }
    judged.push_back(judged_form(resource, twin.dir, past.has_value()));
    declared.push_back(&resource);
    const engine::Resource* was = nullptr;
    if (past)
      if (auto it = past->resources.find(resource.address()); it != past->resources.end())
        was = &it->second;
    before.push_back(was);
  }
  out.judged = judged.size();

  std::optional<Provenance> provenance;
  if (past) provenance.emplace(twin, past->commit);
  for (std::size_t i = 0; i < judged.size(); ++i)
    for (auto& finding : registry.risks_of(judged[i], {nullptr, past.has_value(), before[i]})) {
      if (provenance)
        if (std::string note = provenance->note(judged, *declared[i], finding); !note.empty())
          finding.notes.push_back(std::move(note));
      sink.add(std::move(finding));
    }
  return out;
}

}  // namespace twin::ops
