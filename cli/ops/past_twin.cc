#include "cli/ops/past_twin.h"

#include <fmt/format.h>

#include "cli/ops/precedence.h"
#include "cli/ops/resource_fingerprint.h"
#include "engine/core/expansion.h"
#include "engine/core/scratch_dir.h"
#include "engine/repo/git_repo.h"
#include "engine/repo/tree_export.h"
#include "engine/repo/twin_loader.h"

namespace twin::ops {

engine::Result<PastTwin> load_past_twin(const std::filesystem::path& twin_dir,
                                        const std::string& revision, const lang::Value& facts,
                                        const engine::ProviderRegistry& registry,
                                        const engine::Host& host) {
  auto repo = engine::GitRepo::open(twin_dir);
  if (!repo) return repo.error();
  auto id = repo->resolve(revision);
  if (!id) return id.error();
  auto tree = repo->read_tree(*id);
  if (!tree) return tree.error();
  engine::ScratchDir scratch("twin-base");
  if (scratch.path().empty())
    return engine::make_error("E2001", "cannot make a private directory for the past twin",
                              revision);
  if (auto written = engine::export_tree(*tree, scratch.path()); !written) return written.error();

  PastTwin past;
  past.commit = *id;
  lang::DiagnosticSink ignored;  // the past twin's own problems are not this change's
  auto loaded = engine::load_twin(scratch.path(), ignored, facts);
  if (!loaded || ignored.has_errors())
    return engine::make_error(
        "E1223",
        fmt::format("the twin at {} does not load ({}); compare with a commit whose manifests do",
                    id->substr(0, 7),
                    loaded ? ignored.all().front().message : loaded.error().message),
        revision);
  (void)apply_precedence(*loaded, registry);
  engine::Context ctx{host, scratch.path()};
  auto expanded = engine::expand_resources(loaded->resources, registry, ctx, ignored);
  const auto& resources = expanded ? *expanded : loaded->resources;
  for (const auto& resource : resources) {
    past.fingerprints.emplace(resource.address(), resource_fingerprint(resource, scratch.path()));
    past.resources.emplace(resource.address(), resource);
  }
  return past;
}

}  // namespace twin::ops
