// Test support: proves that a package test left the host's dpkg database,
// dpkg log and apt's auto-installed marks alone. Reads both files' bytes when constructed and compares
// them when destroyed (a gtest failure names the file that changed).
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace twin::resources::testing {

class HostDpkgGuard {
 public:
  HostDpkgGuard() {
    for (const char* path : kWatched) before_.push_back(read(path));
  }
  ~HostDpkgGuard() {
    for (std::size_t i = 0; i < std::size(kWatched); ++i) {
      std::optional<std::string> after = read(kWatched[i]);
      EXPECT_TRUE(after == before_[i]) << "the host's " << kWatched[i] << " changed";
    }
  }
  HostDpkgGuard(const HostDpkgGuard&) = delete;
  HostDpkgGuard& operator=(const HostDpkgGuard&) = delete;

 private:
  static constexpr const char* kWatched[] = {"/var/lib/dpkg/status", "/var/log/dpkg.log",
                                             "/var/lib/dpkg/available",
                                             "/var/lib/apt/extended_states"};

  // nullopt when the file does not exist (then it must still not exist).
  static std::optional<std::string> read(const char* path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
  }

  std::vector<std::optional<std::string>> before_;
};

}  // namespace twin::resources::testing
