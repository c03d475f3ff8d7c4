#include "resources/account_db.h"

#include <charconv>
#include <limits>

namespace twin::resources {
namespace {

// Ids above this are not valid ids (2^32 - 1 is (uid_t)-1, "no change").
constexpr unsigned long long kMaxId = std::numeric_limits<std::uint32_t>::max() - 1;

std::optional<unsigned> parse_decimal_id(std::string_view text) {
  if (text.empty() || text.size() > 10) return std::nullopt;
  unsigned long long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value > kMaxId) return std::nullopt;
  return static_cast<unsigned>(value);
}

std::optional<unsigned> resolve(const std::vector<IdEntry>& entries, std::string_view name) {
  if (auto id = parse_decimal_id(name)) return id;
  for (const auto& [entry_name, id] : entries)
    if (entry_name == name) return id;
  if (name == "root") return 0u;
  return std::nullopt;
}

std::string name_of(const std::vector<IdEntry>& entries, unsigned id) {
  for (const auto& [name, entry_id] : entries)
    if (entry_id == id) return name;
  if (id == 0) return "root";
  return std::to_string(id);
}

engine::Result<std::string> read_if_present(const RootedFs& fs, std::string_view path) {
  auto meta = fs.lstat(path);
  if (!meta) return meta.error();
  if (!meta->has_value()) return std::string();
  return fs.read_file(path);
}

}  // namespace

std::vector<IdEntry> parse_id_file(std::string_view text) {
  std::vector<IdEntry> entries;
  while (!text.empty()) {
    auto newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
    if (line.empty() || line.front() == '#' || line.front() == '+' || line.front() == '-') continue;
    auto first = line.find(':');
    if (first == 0 || first == std::string_view::npos) continue;
    auto second = line.find(':', first + 1);
    if (second == std::string_view::npos) continue;
    auto third = line.find(':', second + 1);
    std::string_view id_text = line.substr(
        second + 1, third == std::string_view::npos ? std::string_view::npos : third - second - 1);
    auto id = parse_decimal_id(id_text);
    if (!id) continue;
    std::string name(line.substr(0, first));
    bool seen = false;
    for (const auto& entry : entries) seen = seen || entry.first == name;
    if (!seen) entries.emplace_back(std::move(name), *id);
  }
  return entries;
}

engine::Result<AccountDb> AccountDb::load(const RootedFs& fs) {
  auto passwd = read_if_present(fs, "/etc/passwd");
  if (!passwd) return passwd.error();
  auto group = read_if_present(fs, "/etc/group");
  if (!group) return group.error();
  return AccountDb(parse_id_file(*passwd), parse_id_file(*group));
}

std::optional<uid_t> AccountDb::resolve_user(std::string_view name_or_id) const {
  return resolve(users_, name_or_id);
}

std::optional<gid_t> AccountDb::resolve_group(std::string_view name_or_id) const {
  return resolve(groups_, name_or_id);
}

std::string AccountDb::user_name(uid_t uid) const { return name_of(users_, uid); }

std::string AccountDb::group_name(gid_t gid) const { return name_of(groups_, gid); }

}  // namespace twin::resources
