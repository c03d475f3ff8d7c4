// The value formats the lang tests load schemas with. lang defines only the
// generic formats (mode, paths); the ones that know the system live in
// resources/ (resources/value_formats.h) and are tested in tests/resources.
// Here they are stand-ins under the same names, so that the stdlib schemas
// load, plus a toy format for testing the registry's plumbing.
#pragma once

#include <string>
#include <string_view>

#include "lang/value_formats.h"

namespace twin::lang::testing {

/// Names the stdlib schemas use that lang does not define.
inline constexpr std::string_view kSystemFormatNames[] = {
    "package_name", "debian_version", "unit_name",   "user_name",
    "group_name",   "user_or_id",     "group_or_id", "cron_schedule"};

/// lang's generic formats; stand-ins for the system ones (each accepts
/// everything except "BAD", with the noun "NAME value"); and "lower_word"
/// (lower-case letters only), noun "word".
inline const FormatRegistry& test_formats() {
  static const FormatRegistry kFormats = [] {
    FormatRegistry formats;
    add_generic_formats(formats);
    for (std::string_view name : kSystemFormatNames)
      formats.add({std::string(name), std::string(name) + " value", "a test stand-in",
                   [](std::string_view text) -> std::optional<std::string> {
                     if (text == "BAD") return "the stand-in refuses \"BAD\"";
                     return std::nullopt;
                   }});
    formats.add({"lower_word", "word", "write lower-case letters, e.g. \"abc\"",
                 [](std::string_view text) -> std::optional<std::string> {
                   if (text.empty()) return "it is empty";
                   for (char c : text)
                     if (c < 'a' || c > 'z')
                       return describe_char(c) + " is not a lower-case letter";
                   return std::nullopt;
                 }});
    return formats;
  }();
  return kFormats;
}

}  // namespace twin::lang::testing
