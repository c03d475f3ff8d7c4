#include "engine/core/observation_cache.h"

#include <time.h>

#include <algorithm>
#include <charconv>
#include <optional>
#include <vector>

#include "engine/core/durable_io.h"
#include "engine/core/fnv1a.h"

namespace twin::engine {
namespace {

// The file, byte for byte (keys and fingerprints may hold any byte, newlines
// included, so they are length-prefixed rather than delimited):
//   twin-observations 1\n
//   SCOPE_LEN STARTED_NS COUNT\n SCOPE \n
//   COUNT times: KEY_LEN FP_LEN CHANGED_NS\n KEY FP \n
//   FNV-1a 64 of everything above, 16 hex digits\n
constexpr std::string_view kMagic = "twin-observations 1\n";

// Reads the format above; every step checks bounds, any surprise is nullopt.
class Reader {
 public:
  explicit Reader(std::string_view text) : rest_(text) {}

  template <typename Int>
  std::optional<Int> number(char terminator) {
    Int value{};
    auto [end, ec] = std::from_chars(rest_.data(), rest_.data() + rest_.size(), value);
    if (ec != std::errc() || end == rest_.data()) return std::nullopt;
    rest_.remove_prefix(static_cast<std::size_t>(end - rest_.data()));
    if (!literal(std::string_view(&terminator, 1))) return std::nullopt;
    return value;
  }
  std::optional<std::string_view> bytes(std::size_t n) {
    if (n > rest_.size()) return std::nullopt;
    std::string_view out = rest_.substr(0, n);
    rest_.remove_prefix(n);
    return out;
  }
  bool literal(std::string_view expected) {
    if (rest_.substr(0, expected.size()) != expected) return false;
    rest_.remove_prefix(expected.size());
    return true;
  }
  bool at_end() const { return rest_.empty(); }

 private:
  std::string_view rest_;
};

}  // namespace

std::int64_t ObservationCache::now_ns() {
  timespec ts{};
  ::clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

ObservationCache::ObservationCache(std::string scope, std::int64_t started_ns)
    : scope_(std::move(scope)), started_ns_(started_ns) {}

bool ObservationCache::load(const std::filesystem::path& file) {
  auto text = read_whole_file(file);
  if (!text) return false;
  std::string_view all = *text;
  // The checksum line closes the file; it covers everything before it.
  if (all.size() < 17 || all.back() != '\n') return false;
  std::string_view body = all.substr(0, all.size() - 17);
  if (all.substr(all.size() - 17, 16) != hex16(fnv1a(body))) return false;

  Reader in(body);
  if (!in.literal(kMagic)) return false;
  auto scope_len = in.number<std::size_t>(' ');
  auto started = scope_len ? in.number<std::int64_t>(' ') : std::nullopt;
  auto count = started ? in.number<std::size_t>('\n') : std::nullopt;
  auto scope = count ? in.bytes(*scope_len) : std::nullopt;
  if (!scope || *scope != scope_ || !in.literal("\n")) return false;
  // A start of observation in the future means the clock went back: the
  // change times cannot be compared with it.
  if (*started > now_ns()) return false;

  std::vector<std::pair<std::string, Entry>> loaded;
  loaded.reserve(*count <= body.size() ? *count : 0);  // a count is never more than the bytes
  for (std::size_t i = 0; i < *count; ++i) {
    auto key_len = in.number<std::size_t>(' ');
    auto fp_len = key_len ? in.number<std::size_t>(' ') : std::nullopt;
    auto changed = fp_len ? in.number<std::int64_t>('\n') : std::nullopt;
    auto key = changed ? in.bytes(*key_len) : std::nullopt;
    auto fingerprint = key ? in.bytes(*fp_len) : std::nullopt;
    if (!fingerprint || !in.literal("\n")) return false;
    if (*changed >= *started - kRacyWindowNs) continue;  // racy when it was observed
    loaded.push_back({std::string(*key), Entry{std::string(*fingerprint), *changed, false}});
  }
  if (!in.at_end()) return false;

  std::lock_guard lock(mutex_);
  entries_.reserve(entries_.size() + loaded.size());
  for (auto& [key, entry] : loaded) entries_.insert_or_assign(std::move(key), std::move(entry));
  return true;
}

bool ObservationCache::confirms(std::string_view key, std::string_view fingerprint) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end() || it->second.fingerprint != fingerprint) return false;
  it->second.used = true;
  return true;
}

std::optional<std::string> ObservationCache::recorded(std::string_view key) const {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  return it->second.fingerprint;
}

void ObservationCache::record(std::string key, std::string fingerprint, std::int64_t changed_ns) {
  if (changed_ns >= started_ns_ - kRacyWindowNs) return;
  std::lock_guard lock(mutex_);
  Entry& entry = entries_[std::move(key)];
  if (entry.used && entry.fingerprint == fingerprint) return;
  entry = Entry{std::move(fingerprint), changed_ns, true};
  changed_ = true;
}

bool ObservationCache::changed() const {
  std::lock_guard lock(mutex_);
  return changed_;
}

std::size_t ObservationCache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

Status ObservationCache::save(const std::filesystem::path& file) const {
  std::string out;
  {
    std::lock_guard lock(mutex_);
    std::vector<const std::pair<const std::string, Entry>*> kept;
    for (const auto& item : entries_)
      if (item.second.used) kept.push_back(&item);
    std::sort(kept.begin(), kept.end(), [](auto* a, auto* b) { return a->first < b->first; });
    out.reserve(64 + scope_.size() + kept.size() * 160);
    out += kMagic;
    out += std::to_string(scope_.size()) + ' ' + std::to_string(started_ns_) + ' ' +
           std::to_string(kept.size()) + '\n' + scope_ + '\n';
    for (const auto* item : kept) {
      const auto& [key, entry] = *item;
      out += std::to_string(key.size()) + ' ' + std::to_string(entry.fingerprint.size()) + ' ' +
             std::to_string(entry.changed_ns) + '\n';
      out += key;
      out += entry.fingerprint;
      out += '\n';
    }
  }
  out += hex16(fnv1a(out)) + '\n';
  if (auto made = make_dirs(file.parent_path()); !made) return made;
  return write_file_durably(file, out, 0600);
}

}  // namespace twin::engine
