// A provider whose type is only a shorthand for other resources (a mirror
// stands for files, packages "unlisted" for package removals). expand()
// replaces its declarations before validation, so it never has steps of its
// own: plan() finds none, and apply() or undo() reaching it is a bug (E3601).
#pragma once

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/provider.h"

namespace twin::engine {

class ShorthandProvider : public Provider {
 public:
  /// A resource `shorthand` stands for: TYPE["TITLE"] with the shorthand's
  /// spans and origins (so diagnostics point at it) and its attributes but
  /// those named in `own` (the shorthand's own, such as `keep`).
  static Resource stand_in(const Resource& shorthand, std::string type, std::string title,
                           std::initializer_list<std::string_view> own) {
    Resource r;
    r.type = std::move(type);
    r.title = std::move(title);
    r.type_span = shorthand.type_span;
    r.title_span = shorthand.title_span;
    r.span = shorthand.span;
    r.origins = shorthand.origins;
    for (const auto& attribute : shorthand.attributes) {
      bool is_own = false;
      for (std::string_view name : own) is_own = is_own || attribute.name == name;
      if (!is_own) r.attributes.push_back(attribute);
    }
    return r;
  }

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
