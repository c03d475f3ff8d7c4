#include "engine/core/plan.h"

#include <algorithm>

namespace twin::engine {

std::size_t Plan::count(const Action& a) const {
  return static_cast<std::size_t>(std::count_if(
      steps.begin(), steps.end(), [&a](const Step& s) { return s.primary() == a; }));
}

}  // namespace twin::engine
