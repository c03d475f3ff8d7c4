// The standard library's .twin sources, embedded at build time.
#pragma once

#include <string_view>
#include <vector>

namespace twin::stdlib {

struct EmbeddedFile {
  std::string_view name;  // e.g. "file.twin"
  std::string_view text;
};

/// Every stdlib/*.twin file, sorted by name.
const std::vector<EmbeddedFile>& files();

}  // namespace twin::stdlib
