#include "engine/repo/twin_layout.h"

namespace twin::engine {

bool TwinLayout::is_twin() const {
  std::error_code ec;
  return std::filesystem::is_directory(state(), ec);
}

}  // namespace twin::engine
