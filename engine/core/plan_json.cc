#include "engine/core/plan_json.h"

#include "engine/core/durable_io.h"
#include "engine/core/secrets.h"
#include "engine/core/unified_diff.h"
#include "lang/sha256.h"

namespace twin::engine {
namespace {

nlohmann::json change_identity(const Change& c) {
  nlohmann::json j = {{"action", action_name(c.action)},
                      {"description", c.description},
                      {"details", c.details}};
  // The facts policy reads (SPEC.md §4 Actions), only when there are any,
  // so plans of ordinary changes look as they always did.
  if (!c.removes.empty()) j["removes"] = c.removes;
  if (!c.risks.empty()) {
    nlohmann::json risks = nlohmann::json::array();
    for (const auto& d : c.risks)
      risks.push_back({{"code", d.code}, {"message", d.message},
                       {"location", d.span.valid() ? d.span.where() : ""}});
    j["risks"] = std::move(risks);
  }
  if (c.diff && c.diff->sensitive) {
    // A plain SHA-256 of a short secret could be guessed offline from a
    // saved plan or a checkpoint's plan.json: the machine-keyed digest
    // still changes the fingerprint when the secret does.
    j["content"] = {{"old_digest", "hmac-sha256:" + sensitive_digest(c.diff->old_text)},
                    {"new_digest", "hmac-sha256:" + sensitive_digest(c.diff->new_text)}};
  } else if (c.diff) {
    j["content"] = {{"old_sha256", lang::sha256_hex(c.diff->old_text)},
                    {"new_sha256", lang::sha256_hex(c.diff->new_text)}};
  }
  if (c.diff) {
    // Sensitive texts may be absent from the plan: their summary (with
    // digest prefixes) still makes a changed secret change the fingerprint.
    if (!c.diff->summary.empty()) j["content"]["summary"] = c.diff->summary;
  }
  return j;
}

}  // namespace

std::string plan_fingerprint(const Plan& plan, const PlanOrigin& origin) {
  nlohmann::json steps = nlohmann::json::array();
  for (const auto& step : plan.steps) {
    nlohmann::json changes = nlohmann::json::array();
    for (const auto& c : step.changes) changes.push_back(change_identity(c));
    steps.push_back({{"address", step.address}, {"changes", changes},
                     {"depends_on", step.depends_on}});
  }
  nlohmann::json whole = {{"root", origin.root}, {"steps", steps}};
  return lang::sha256_hex(dump_json(whole, -1));
}

nlohmann::json plan_to_json(const Plan& plan, const PlanOrigin& origin) {
  nlohmann::json counts = nlohmann::json::object();
  nlohmann::json steps = nlohmann::json::array();
  for (const auto& step : plan.steps) {
    std::string primary(action_name(step.primary()));
    counts[primary] = counts.value(primary, 0) + 1;
    nlohmann::json changes = nlohmann::json::array();
    for (const auto& c : step.changes) {
      nlohmann::json j = change_identity(c);
      if (c.diff) {
        j["content"]["sensitive"] = c.diff->sensitive;
        j["content"]["binary"] = c.diff->binary;
        if (auto text = unified_diff(*c.diff); text) {
          if (c.diff->sensitive || c.diff->binary)
            j["content"]["summary"] = *text;
          else
            j["content"]["unified_diff"] = *text;
        }
      }
      changes.push_back(std::move(j));
    }
    steps.push_back({{"address", step.address},
                     {"type", step.type},
                     {"title", step.resource ? step.resource->title : ""},
                     {"action", primary},
                     {"depends_on", step.depends_on},
                     {"changes", std::move(changes)}});
  }
  return {{"format", "twinsync-plan"},
          {"version", kPlanFormatVersion},
          {"twin", origin.twin_dir},
          {"root", origin.root},
          {"fingerprint", plan_fingerprint(plan, origin)},
          {"summary", {{"steps", plan.steps.size()}, {"actions", counts}}},
          {"notes", plan.notes},
          {"steps", std::move(steps)}};
}

std::string dump_json(const nlohmann::json& json, int indent) {
  return json.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<SavedPlan> read_saved_plan(const std::string& path) {
  auto text = read_whole_file(path);
  if (!text) return text.error();
  auto j = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object())
    return make_error("E1301", "not a saved plan: the file is not JSON", path);
  if (j.value("format", "") != "twinsync-plan")
    return make_error("E1301", "not a saved plan: no \"format\": \"twinsync-plan\"", path);
  if (!j.contains("version") || !j["version"].is_number_integer() ||
      j["version"].get<int>() != kPlanFormatVersion)
    return make_error("E1302",
                      "unsupported plan version (this twin reads version " +
                          std::to_string(kPlanFormatVersion) + ")",
                      path);
  for (const char* key : {"twin", "root", "fingerprint"})
    if (!j.contains(key) || !j[key].is_string())
      return make_error("E1301", std::string("not a saved plan: missing \"") + key + "\"", path);
  SavedPlan saved;
  saved.origin = {j["twin"].get<std::string>(), j["root"].get<std::string>()};
  saved.fingerprint = j["fingerprint"].get<std::string>();
  if (j.contains("steps") && j["steps"].is_array()) saved.steps = j["steps"].size();
  return saved;
}

}  // namespace twin::engine
