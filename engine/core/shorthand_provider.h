// A provider whose type is only a shorthand for other resources (a mirror
// stands for files, packages "unlisted" for package removals). expand()
// replaces its declarations before validation, so it never has steps of its
// own: plan() finds none, and apply() or undo() reaching it is a bug (E3601).
#pragma once

#include <span>
#include <vector>

#include "engine/core/provider.h"

namespace twin::engine {

class ShorthandProvider : public Provider {
 public:
  Result<std::vector<Step>> plan(std::span<const Resource* const>, const Context&) override {
    return std::vector<Step>{};
  }
  Status apply(const Step& step, const Context&, Checkpoint&) override {
    return make_error(kNotExpanded, std::string(type()) + " is expanded before planning",
                      step.address);
  }
  Status undo(const UndoRecord& record, const Context&, const Checkpoint&) override {
    return make_error(kNotExpanded, std::string(type()) + " has no undo records",
                      record.address);
  }

 private:
  static constexpr char kNotExpanded[] = "E3601";
};

}  // namespace twin::engine
