#include "engine/repo/effective_config.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "engine/core/durable_io.h"

namespace twin::engine {
namespace {

// What render_twin_config writes where the checkpoints section would be:
// replaced by the real section when there is one to write.
constexpr std::string_view kCommentedCheckpoints =
    "# Apply checkpoints kept in .twin/ (see SPEC.md section 5); the defaults:\n"
    "# checkpoints: {keep: 20, max_mb: 500}\n";

std::string quoted(const std::string& text) {
  YAML::Emitter out;
  out << YAML::DoubleQuoted << text;
  return out.c_str();
}

std::string checkpoints_section(const RetentionPolicy& policy) {
  return fmt::format(
      "# Apply checkpoints kept in .twin/ (see SPEC.md section 5); the defaults are\n"
      "# keep: {} and max_mb: {}.\n"
      "checkpoints:\n"
      "  keep: {}\n"
      "  max_mb: {}\n",
      kDefaultKeepCheckpoints, kDefaultMaxCheckpointMb, policy.keep, policy.max_mb);
}

}  // namespace

Result<EffectiveConfig> parse_effective_config(std::string_view text, const std::string& file) {
  auto twin = parse_twin_config(text, file);
  if (!twin) return twin.error();
  auto checkpoints = parse_retention(text, file);
  if (!checkpoints) return checkpoints.error();
  return EffectiveConfig{std::move(*twin), *checkpoints};
}

Result<EffectiveConfig> load_effective_config(const std::filesystem::path& twin_dir) {
  std::error_code ec;
  std::filesystem::path path = twin_dir / kTwinConfigFile;
  if (!std::filesystem::exists(path, ec)) return EffectiveConfig{};
  auto text = read_whole_file(path);
  if (!text) return text.error();
  return parse_effective_config(*text, path.string());
}

std::string render_effective_config(const EffectiveConfig& config, bool all_keys) {
  std::string text = render_twin_config(config.twin);
  if (!text.empty() && text.back() != '\n') text += '\n';
  if (all_keys || config.checkpoints.from_config) {
    std::string section = checkpoints_section(config.checkpoints);
    if (auto at = text.find(kCommentedCheckpoints); at != std::string::npos)
      text.replace(at, kCommentedCheckpoints.size(), section);
    else
      text += "\n" + section;
  }
  const TwinConfig defaults;
  if (config.twin.remote_url != defaults.remote_url ||
      config.twin.remote_branch != defaults.remote_branch)
    text += fmt::format(
        "\n# Accepted but not used: Git pushes to its remote `origin` (`twin remote`).\n"
        "remote:\n"
        "  url: {}\n"
        "  branch: {}\n",
        quoted(config.twin.remote_url), quoted(config.twin.remote_branch));
  return text;
}

}  // namespace twin::engine
