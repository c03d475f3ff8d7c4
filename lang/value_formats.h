// Formats a string attribute may be declared with in a schema (`format =
// "mode"`), kept in a FormatRegistry that the schema loader and the checker
// consult. lang defines only the generic formats (modes and normal paths);
// the formats that know the system (Debian package names and versions, unit
// names, user names, cron schedules) live with the providers in resources/
// and are registered there (resources/value_formats.h), so that each rule
// is written once and what the checker accepts a provider accepts too.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace twin::lang {

/// What is wrong with a value: one lower-case line, and how to fix it.
struct FormatProblem {
  std::string message;  // e.g. "'9' is not an octal digit"
  std::string hint;     // e.g. "a mode is 3 or 4 octal digits in a string, e.g. \"0644\""
};

/// One format: its name in schemas, how its values are called in messages,
/// how to write a good one, and the rule itself (nullopt when `text` is
/// valid, otherwise what is wrong, without a hint). The rule is pure.
struct ValueFormat {
  std::string name;  // "mode", "package_name"
  std::string noun;  // "mode", "package name": "invalid package name \"X\": ..."
  std::string hint;
  std::function<std::optional<std::string>(std::string_view text)> problem;
};

/// The formats schemas may use, in the order they were added (documentation
/// order). Cheap to copy; immutable once handed to SchemaSet::load.
class FormatRegistry {
 public:
  /// Appends `format`. A name added twice keeps the first format and
  /// returns false.
  bool add(ValueFormat format);

  /// The format named `name`; nullptr when none is registered.
  const ValueFormat* find(std::string_view name) const;

  /// The registered names, in the order they were added.
  std::vector<std::string> names() const;

  /// How a value of `format` is called in messages ("mode", "package
  /// name"); the name itself for an unknown format.
  std::string_view noun(std::string_view format) const;

  /// nullopt when `text` is a valid value of `format` (an unknown format
  /// accepts everything: SchemaSet reports unknown names). Otherwise what
  /// is wrong and the format's hint.
  std::optional<FormatProblem> check(std::string_view format, std::string_view text) const;

 private:
  std::vector<ValueFormat> formats_;
};

/// Adds lang's generic formats, in this order: mode, absolute_path,
/// relative_path.
void add_generic_formats(FormatRegistry& registry);

/// How a byte is named in a format's message: "'x'", "a space", "byte 0x0a".
std::string describe_char(char c);

// The generic rules; each returns nullopt when the text is valid,
// otherwise what is wrong (without a hint).

/// "644" or "0644": 3 or 4 octal digits.
std::optional<std::string> mode_problem(std::string_view text);
/// Absolute and normal: "/" or "/a/b" without '.', '..', '//' or a trailing
/// '/', valid UTF-8 without NUL bytes (plans and journals carry paths as
/// JSON strings).
std::optional<std::string> absolute_path_problem(std::string_view text);
/// Relative and normal ("files/motd"), so it cannot leave the twin.
std::optional<std::string> relative_path_problem(std::string_view text);

}  // namespace twin::lang
