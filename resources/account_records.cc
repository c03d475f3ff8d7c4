#include "resources/account_records.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <limits>

namespace twin::resources {
namespace {

std::vector<std::string_view> split(std::string_view line, char separator) {
  std::vector<std::string_view> fields;
  for (std::size_t start = 0;;) {
    std::size_t end = line.find(separator, start);
    fields.push_back(line.substr(start, end == std::string_view::npos ? line.npos : end - start));
    if (end == std::string_view::npos) return fields;
    start = end + 1;
  }
}

// The lines of a database file that name an entry: not blank, not a
// comment, not a NIS "+"/"-" line.
template <typename Visit>
void for_each_entry(std::string_view text, std::size_t min_fields, Visit visit) {
  while (!text.empty()) {
    std::size_t newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
    if (line.empty() || line.front() == '#' || line.front() == '+' || line.front() == '-') continue;
    auto fields = split(line, ':');
    if (fields.size() < min_fields || fields[0].empty()) continue;
    visit(fields);
  }
}

// Ids above this are not valid ids (2^32 - 1 is (uid_t)-1, "no change").
std::optional<unsigned> parse_id(std::string_view text) {
  if (text.empty() || text.size() > 10) return std::nullopt;
  unsigned long long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() ||
      value >= std::numeric_limits<std::uint32_t>::max())
    return std::nullopt;
  return static_cast<unsigned>(value);
}

template <typename Record>
bool has_name(const std::vector<Record>& records, std::string_view name) {
  return std::any_of(records.begin(), records.end(),
                     [&](const Record& r) { return r.name == name; });
}

engine::Result<std::string> read_if_present(const RootedFs& fs, std::string_view path) {
  auto meta = fs.lstat(path);
  if (!meta) return meta.error();
  if (!meta->has_value()) return std::string();
  return fs.read_file(path);
}

}  // namespace

std::string_view password_state_name(PasswordState state) {
  switch (state) {
    case PasswordState::kUsable: return "usable";
    case PasswordState::kLocked: return "locked";
    case PasswordState::kNone: return "none";
    case PasswordState::kEmpty: return "empty";
  }
  return "none";
}

std::optional<PasswordState> password_state_from_name(std::string_view name) {
  for (PasswordState s : {PasswordState::kUsable, PasswordState::kLocked, PasswordState::kNone,
                          PasswordState::kEmpty})
    if (password_state_name(s) == name) return s;
  return std::nullopt;
}

PasswordState classify_password(std::string_view field) {
  if (field.empty()) return PasswordState::kEmpty;
  bool locked = false;
  while (!field.empty() && field.front() == '!') field.remove_prefix(1), locked = true;
  // What crypt(3) can never produce ("*", "x", "!" alone) marks an account
  // without a password; a hash is "$id$..." or a 13-character DES string.
  bool hash = (field.size() > 1 && field.front() == '$') || field.size() == 13;
  if (!hash || field.find('*') != std::string_view::npos) return PasswordState::kNone;
  return locked ? PasswordState::kLocked : PasswordState::kUsable;
}

std::vector<UserRecord> parse_passwd(std::string_view text) {
  std::vector<UserRecord> users;
  for_each_entry(text, 7, [&](const std::vector<std::string_view>& f) {
    auto uid = parse_id(f[2]);
    auto gid = parse_id(f[3]);
    if (!uid || !gid || has_name(users, f[0])) return;
    users.push_back({std::string(f[0]), *uid, *gid, std::string(f[4]), std::string(f[5]),
                     std::string(f[6])});
  });
  return users;
}

std::vector<GroupRecord> parse_group(std::string_view text) {
  std::vector<GroupRecord> groups;
  for_each_entry(text, 4, [&](const std::vector<std::string_view>& f) {
    auto gid = parse_id(f[2]);
    if (!gid || has_name(groups, f[0])) return;
    GroupRecord group{std::string(f[0]), *gid, {}};
    if (!f[3].empty())
      for (std::string_view member : split(f[3], ','))
        if (!member.empty()) group.members.emplace_back(member);
    groups.push_back(std::move(group));
  });
  return groups;
}

std::vector<ShadowRecord> parse_shadow(std::string_view text) {
  std::vector<ShadowRecord> records;
  for_each_entry(text, 2, [&](const std::vector<std::string_view>& f) {
    if (has_name(records, f[0])) return;
    ShadowRecord record{std::string(f[0]), classify_password(f[1]), std::nullopt};
    if (f.size() > 7 && !f[7].empty())
      if (auto day = parse_id(f[7])) record.expires = date_of_day(*day);
    records.push_back(std::move(record));
  });
  return records;
}

std::string date_of_day(long days) {
  std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{days}}};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

std::optional<long> day_of_date(std::string_view date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return std::nullopt;
  auto number = [&](std::size_t at, std::size_t len) -> std::optional<unsigned> {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(date.data() + at, date.data() + at + len, value);
    if (ec != std::errc() || end != date.data() + at + len) return std::nullopt;
    return value;
  };
  auto y = number(0, 4), m = number(5, 2), d = number(8, 2);
  if (!y || !m || !d) return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year(static_cast<int>(*y)), std::chrono::month(*m),
                                  std::chrono::day(*d)};
  if (!ymd.ok() || *y < 1970) return std::nullopt;
  return std::chrono::sys_days(ymd).time_since_epoch().count();
}

IdRanges parse_login_defs(std::string_view text) {
  IdRanges ranges;
  while (!text.empty()) {
    std::size_t newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
    std::size_t key_end = line.find_first_of(" \t");
    if (key_end == std::string_view::npos || line.front() == '#') continue;
    std::string_view key = line.substr(0, key_end);
    std::string_view value = line.substr(key_end);
    value.remove_prefix(std::min(value.find_first_not_of(" \t"), value.size()));
    value = value.substr(0, value.find_first_of(" \t#"));
    auto id = parse_id(value);
    if (!id) continue;
    if (key == "UID_MIN") ranges.uid_min = *id;
    else if (key == "UID_MAX") ranges.uid_max = *id;
    else if (key == "GID_MIN") ranges.gid_min = *id;
    else if (key == "GID_MAX") ranges.gid_max = *id;
  }
  return ranges;
}

const UserRecord* AccountsState::user(std::string_view name) const {
  for (const auto& u : users)
    if (u.name == name) return &u;
  return nullptr;
}

const GroupRecord* AccountsState::group(std::string_view name) const {
  for (const auto& g : groups)
    if (g.name == name) return &g;
  return nullptr;
}

const GroupRecord* AccountsState::group_by_id(gid_t gid) const {
  for (const auto& g : groups)
    if (g.gid == gid) return &g;
  return nullptr;
}

const ShadowRecord* AccountsState::shadow_of(std::string_view name) const {
  for (const auto& s : shadow)
    if (s.name == name) return &s;
  return nullptr;
}

std::vector<std::string> AccountsState::supplementary_groups(std::string_view user) const {
  std::vector<std::string> names;
  for (const auto& g : groups)
    if (std::find(g.members.begin(), g.members.end(), user) != g.members.end())
      names.push_back(g.name);
  std::sort(names.begin(), names.end());
  return names;
}

engine::Result<AccountsState> AccountsState::load(const RootedFs& fs) {
  AccountsState state;
  auto passwd = read_if_present(fs, "/etc/passwd");
  if (!passwd) return passwd.error();
  auto group = read_if_present(fs, "/etc/group");
  if (!group) return group.error();
  auto shadow = read_if_present(fs, "/etc/shadow");
  if (!shadow) return shadow.error();
  auto defs = read_if_present(fs, "/etc/login.defs");
  if (!defs) return defs.error();
  state.users = parse_passwd(*passwd);
  state.groups = parse_group(*group);
  state.shadow = parse_shadow(*shadow);
  state.ranges = parse_login_defs(*defs);
  return state;
}

}  // namespace twin::resources
