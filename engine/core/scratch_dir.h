// A private directory (0700, under the system's temporary directory) for
// files a command needs only while it runs; removed with everything in it
// when the object goes. path() is empty when it could not be made.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>

namespace twin::engine {

class ScratchDir {
 public:
  explicit ScratchDir(std::string_view prefix = "twin") {
    std::error_code ec;
    std::string pattern =
        (std::filesystem::temp_directory_path(ec) / (std::string(prefix) + "-XXXXXX")).string();
    if (!ec && ::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace twin::engine
