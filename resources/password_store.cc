#include "resources/password_store.h"

#include <unistd.h>

#include <algorithm>

#include "engine/core/twin_layout.h"
#include "resources/account_names.h"
#include "resources/account_records.h"
#include "resources/machine_store.h"

namespace twin::resources {
namespace {

const std::string kStore =
    std::string(engine::layout::kLocal) + "/" + engine::layout::kPasswordHashes;

// A hash crypt(3) made: no separator, no blank, no control byte.
bool plausible_hash(std::string_view hash) {
  return !hash.empty() && std::none_of(hash.begin(), hash.end(), [](char c) {
    return c == ':' || c == ' ' || static_cast<unsigned char>(c) < 0x21 || c == 0x7f;
  });
}

std::map<std::string, std::string> parse_store(std::string_view text) {
  std::map<std::string, std::string> hashes;
  while (!text.empty()) {
    std::size_t newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view name = line.substr(0, colon), hash = line.substr(colon + 1);
    if (is_valid_user_name(name) && plausible_hash(hash)) hashes[std::string(name)] = hash;
  }
  return hashes;
}

std::optional<std::map<std::string, std::string>> read_store(const RootedFs& twin) {
  auto text = read_machine_kept(twin, kStore);
  if (!text || !*text) return std::nullopt;
  return parse_store(**text);
}

}  // namespace

std::map<std::string, std::string> parse_shadow_hashes(std::string_view shadow_text) {
  std::map<std::string, std::string> hashes;
  while (!shadow_text.empty()) {
    std::size_t newline = shadow_text.find('\n');
    std::string_view line = shadow_text.substr(0, newline);
    shadow_text =
        newline == std::string_view::npos ? std::string_view() : shadow_text.substr(newline + 1);
    std::size_t first = line.find(':');
    if (first == std::string_view::npos) continue;
    std::size_t second = line.find(':', first + 1);
    std::string_view name = line.substr(0, first);
    std::string_view field = line.substr(first + 1, second == std::string_view::npos
                                                        ? std::string_view::npos
                                                        : second - first - 1);
    PasswordState state = classify_password(field);
    if (state != PasswordState::kUsable && state != PasswordState::kLocked) continue;
    field.remove_prefix(std::min(field.find_first_not_of('!'), field.size()));
    if (is_valid_user_name(name) && plausible_hash(field) && !hashes.count(std::string(name)))
      hashes[std::string(name)] = field;
  }
  return hashes;
}

engine::Status remember_password_hashes(const RootedFs& root,
                                        const std::filesystem::path& twin_dir) {
  auto meta = root.lstat("/etc/shadow");
  if (!meta) return meta.error();
  if (!*meta) return {};
  auto shadow = root.read_file("/etc/shadow");
  if (!shadow) return shadow.error();
  auto seen = parse_shadow_hashes(*shadow);
  auto twin = RootedFs::open(std::filesystem::absolute(twin_dir));
  if (!twin) return twin.error();
  std::map<std::string, std::string> store = read_store(*twin).value_or(std::map<std::string, std::string>{});
  bool changed = false;
  for (auto& [name, hash] : seen) {
    auto& kept = store[name];
    if (kept != hash) kept = std::move(hash), changed = true;
  }
  if (!changed) return {};
  std::string text;
  for (const auto& [name, hash] : store) text += name + ":" + hash + "\n";
  return write_machine_kept(*twin, kStore, text);
}

std::optional<std::string> remembered_password_hash(const std::filesystem::path& twin_dir,
                                                    std::string_view user) {
  auto twin = RootedFs::open(std::filesystem::absolute(twin_dir));
  if (!twin) return std::nullopt;
  auto store = read_store(*twin);
  if (!store) return std::nullopt;
  auto it = store->find(std::string(user));
  if (it == store->end()) return std::nullopt;
  return it->second;
}

}  // namespace twin::resources
