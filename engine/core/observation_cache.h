// Facts a provider established by reading the machine, remembered between
// plans together with the stat data that vouches for them, so that what has
// not changed need not be read again. Git's index does this for `git status`.
//
// An entry is a key (what was observed, e.g. a target path), a fingerprint
// (the provider's description of the state it observed: device, inode, size,
// mtime, ctime...) and the newest change time (mtime or ctime, in ns) among
// the things the fingerprint describes. A lookup succeeds only for the exact
// fingerprint recorded, so any change to what the fingerprint covers (a
// write always moves ctime, which userspace cannot set) sends the provider
// back to reading.
//
// The racy-clean rule (as Git's): a file changed within the same clock tick
// as an observation could change again without its timestamps moving. So an
// entry is kept only when its change time is more than a second older than
// the moment this cache began observing (observations happen after that);
// younger ones are simply not recorded, and the next plan reads them again.
//
// The cache is an optimisation, never a source of truth: a missing,
// unreadable, corrupt (checksummed) or other-scope file gives an empty cache.
// Apply never consults it. Thread-safe: providers observe on several threads.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "engine/core/result.h"

namespace twin::engine {

class ObservationCache {
 public:
  /// Entries younger than this, relative to the start of observation, are
  /// not trusted (timestamps are coarse; clocks tick).
  static constexpr std::int64_t kRacyWindowNs = 1'000'000'000;

  /// An empty cache for `scope` (what all keys are relative to, e.g. the
  /// target root) whose observations begin at `started_ns` (CLOCK_REALTIME,
  /// the clock file timestamps come from; now when omitted).
  explicit ObservationCache(std::string scope, std::int64_t started_ns = now_ns());

  /// Adds the entries of `file`, as save() wrote it for the same scope,
  /// whose change time is older than that file's own start of observation
  /// minus kRacyWindowNs. False (and nothing added) when the file is
  /// missing, unreadable, corrupt or of another scope.
  bool load(const std::filesystem::path& file);

  /// True when `key` is recorded with exactly `fingerprint`; the entry is
  /// then kept by the next save().
  bool confirms(std::string_view key, std::string_view fingerprint);

  /// The fingerprint recorded for `key`, for providers whose fingerprint
  /// also carries what they observed (e.g. "DIGEST\nunit state\n..."): they
  /// check its stat part themselves, then call confirms() or record().
  std::optional<std::string> recorded(std::string_view key) const;

  /// Remembers that `key`, in the state `fingerprint` describes, was verified
  /// by reading. `changed_ns` is the newest mtime/ctime among what the
  /// fingerprint covers; a racy entry (see above) is not recorded.
  void record(std::string key, std::string fingerprint, std::int64_t changed_ns);

  /// True when record() added or replaced an entry since construction.
  bool changed() const;

  /// Writes atomically (engine/core/durable_io.h, mode 0600) the entries confirmed
  /// or recorded since construction; the ones nobody asked about (resources
  /// no longer declared) are dropped. Creates the parent directory (0700).
  Status save(const std::filesystem::path& file) const;

  /// Entries held (loaded or recorded).
  std::size_t size() const;

  static std::int64_t now_ns();

 private:
  struct Entry {
    std::string fingerprint;
    std::int64_t changed_ns = 0;
    bool used = false;  // confirmed or recorded in this run
  };

  mutable std::mutex mutex_;
  std::string scope_;
  std::int64_t started_ns_;
  // Looked up by string_view: a lookup per resource builds no key string.
  struct KeyHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view key) const noexcept {
      return std::hash<std::string_view>{}(key);
    }
  };
  std::unordered_map<std::string, Entry, KeyHash, std::equal_to<>> entries_;
  bool changed_ = false;
};

}  // namespace twin::engine
