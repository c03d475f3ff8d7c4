#include "cli/ops/risk_review.h"

#include <set>

namespace twin::ops {
namespace {

const engine::Resource* resource_at(const std::vector<engine::Resource>& resources,
                                    const lang::Span& span) {
  for (const auto& r : resources)
    if (r.title_span.file == span.file && r.title_span.begin == span.begin) return &r;
  return nullptr;
}

}  // namespace

std::optional<engine::IncomingCommit> introduced_by(const std::filesystem::path& twin,
                                                    const std::vector<engine::Resource>& resources,
                                                    const lang::Diagnostic& finding,
                                                    const std::string& since) {
  const engine::Resource* resource = resource_at(resources, finding.span);
  // A mirror's files are judged one by one; their findings point at the
  // mirror's declaration, or at nothing the manifests hold.
  lang::Span span = resource ? (resource->span.valid() ? resource->span : resource->title_span)
                             : finding.span;
  if (!span.valid()) return std::nullopt;
  std::filesystem::path file = span.file->path();
  if (file.is_absolute()) file = file.lexically_relative(twin);
  int first = static_cast<int>(span.file->line_col(span.begin).line);
  int last = static_cast<int>(
      span.file->line_col(span.end > span.begin ? span.end - 1 : span.end).line);
  auto who = engine::last_change_since(twin, file.string(), first, last, since);
  if (!who) return std::nullopt;
  return *who;
}

std::size_t count_inert_incoming(const engine::ProviderRegistry& registry,
                                 const std::vector<engine::Resource>& resources,
                                 const engine::Plan& plan, const std::filesystem::path& twin,
                                 const std::string& since) {
  std::set<std::string> planned;
  for (const auto& step : plan.steps) planned.insert(step.address);
  lang::DiagnosticSink risks;
  registry.judge_risks(resources, risks);
  std::size_t inert = 0;
  for (const auto& d : risks.all()) {
    const engine::Resource* resource = resource_at(resources, d.span);
    if (!resource || planned.count(resource->address())) continue;
    if (introduced_by(twin, resources, d, since)) ++inert;
  }
  return inert;
}

}  // namespace twin::ops
