#include "engine/core/retention.h"

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <system_error>

#include "engine/core/twin_layout.h"
#include "engine/core/durable_io.h"

namespace twin::engine {
namespace {

constexpr std::string_view kConfigFile = layout::kConfig;

Error config_error(const std::string& file, const YAML::Mark& mark, const std::string& what) {
  std::string where = file;
  if (mark.line >= 0)
    where += ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
  return make_error("E1601", where + ": " + what);
}

/// A whole number >= 1, or an error naming the key.
Result<std::uint64_t> positive_integer(const YAML::Node& node, const std::string& key,
                                       const std::string& file, std::string_view why_positive) {
  const std::string& text = node.IsScalar() ? node.Scalar() : std::string();
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (!node.IsScalar() || text.empty() || ec != std::errc() || end != text.data() + text.size())
    return config_error(file, node.Mark(),
                        "checkpoints." + key + " must be a whole number, not `" + text + "`");
  if (value < 1)
    return config_error(file, node.Mark(),
                        "checkpoints." + key + " must be at least 1" + std::string(why_positive));
  return value;
}

Result<RetentionPolicy> read_section(const YAML::Node& root, const std::string& file) {
  RetentionPolicy policy;
  if (root.IsNull()) return policy;  // an empty file
  if (!root.IsMap())
    return config_error(file, root.Mark(), "the top level must be a mapping of settings");
  YAML::Node section = root["checkpoints"];
  if (!section || section.IsNull()) return policy;
  if (!section.IsMap())
    return config_error(file, section.Mark(),
                        "`checkpoints` must be a mapping such as {keep: 20, max_mb: 500}");
  for (const auto& entry : section) {
    std::string key = entry.first.as<std::string>();
    if (key == "keep") {
      auto keep = positive_integer(entry.second, key, file,
                                   " (checkpoints cannot be switched off; keep: 1 keeps only the "
                                   "latest apply)");
      if (!keep) return keep.error();
      if (*keep > 1000000)
        return config_error(file, entry.second.Mark(), "checkpoints.keep is implausibly large");
      policy.keep = static_cast<int>(*keep);
    } else if (key == "max_mb") {
      auto max_mb =
          positive_integer(entry.second, key, file, " (checkpoints cannot be switched off)");
      if (!max_mb) return max_mb.error();
      if (*max_mb > (std::uint64_t{1} << 40))
        return config_error(file, entry.second.Mark(), "checkpoints.max_mb is implausibly large");
      policy.max_mb = *max_mb;
    } else {
      return config_error(file, entry.first.Mark(),
                          "unknown setting `checkpoints." + key + "` (known: keep, max_mb)");
    }
  }
  policy.from_config = true;
  return policy;
}

}  // namespace

Result<RetentionPolicy> parse_retention(std::string_view yaml, const std::string& file) {
  // yaml-cpp reports errors by exception; they stop here and become values.
  try {
    return read_section(YAML::Load(std::string(yaml)), file);
  } catch (const YAML::Exception& e) {
    return config_error(file, e.mark, e.msg);
  }
}

Result<RetentionPolicy> read_retention(const std::filesystem::path& twin_dir) {
  auto path = twin_dir / kConfigFile;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return RetentionPolicy{};
  auto text = read_whole_file(path);
  if (!text) return text.error();
  return parse_retention(*text, path.string());
}

std::vector<std::string> select_for_pruning(const std::vector<RetentionCandidate>& newest_first,
                                            const RetentionPolicy& policy,
                                            const std::set<std::string>& protect) {
  std::vector<std::string> doomed;
  int kept = 0;
  std::uint64_t bytes = 0;
  bool full = false;  // once one does not fit, every older finished one goes
  for (std::size_t i = 0; i < newest_first.size(); ++i) {
    const auto& c = newest_first[i];
    bool must_keep = i == 0 || !c.finished || protect.count(c.id) > 0;
    bool fits = !full && kept < policy.keep && bytes + c.bytes <= policy.max_bytes();
    if (!must_keep && !fits) {
      full = true;
      doomed.push_back(c.id);
      continue;
    }
    ++kept;
    bytes += c.bytes;
  }
  return doomed;
}

}  // namespace twin::engine
