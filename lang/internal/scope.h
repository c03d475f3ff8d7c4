// Private to the evaluator. Names visible at a point of a file, innermost
// first: a define instance's parameters and `title`, or a `for` variable;
// then the file's lets; then the names its imports bring; then `facts`.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lang/value.h"

namespace twin::lang::internal {

struct Binding {
  std::optional<Value> value;  // nullopt: evaluating it failed (uses stay quiet)
  Span declared;               // the declaring name; invalid for `facts`
  bool pending = false;        // a `let` not evaluated yet: using it is E0104
  std::string origin;          // for imported names: the file that declared it
};

/// One level of names. Holds a pointer to its parent, which must outlive it.
class Scope {
 public:
  explicit Scope(const Scope* parent = nullptr) : parent_(parent) {}

  /// Adds `name`; when this level already has it, leaves it and returns the
  /// existing binding (the caller reports the clash).
  const Binding* declare(const std::string& name, Binding binding);
  /// Sets the value of a name declared (pending) on this level.
  void bind(const std::string& name, std::optional<Value> value);
  /// The innermost binding of `name`, or nullptr.
  const Binding* find(std::string_view name) const;
  /// Every visible name, for "did you mean".
  std::vector<std::string> visible_names() const;
  /// This level's own bindings, in name order.
  const std::map<std::string, Binding, std::less<>>& own() const { return bindings_; }

 private:
  const Scope* parent_;
  std::map<std::string, Binding, std::less<>> bindings_;
};

}  // namespace twin::lang::internal
