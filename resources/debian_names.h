// Which package names and version strings twin accepts, by Debian policy
// (§5.6.1 Package, §5.6.12 Version), and how versions compare (dpkg's
// algorithm). A name or version that passes here is safe to put in argv:
// neither can start with '-' nor hold a space, quote or shell metacharacter.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace twin::resources {

/// How to write a package name: the hint for a name that is wrong.
inline constexpr char kPackageNameHint[] =
    "Debian package names use only a-z, 0-9, '+', '-' and '.', start with a letter or digit "
    "and are at least two characters long, e.g. \"nginx\" or \"libc6\"";

/// nullopt when `name` is a valid Debian package name: at least two
/// characters of [a-z0-9+.-], starting with a letter or digit. Otherwise
/// what is wrong, e.g. "it contains upper-case letters" or "';' is not
/// allowed". Architecture qualifiers ("libc6:amd64") are not names: a ':'
/// after the first byte is reported as one (see also arch_qualifier()).
std::optional<std::string> package_name_problem(std::string_view name);

/// For "name:arch" with a valid name and an architecture of [a-z0-9-]+,
/// the position of the ':'; nullopt for anything else.
std::optional<std::size_t> arch_qualifier(std::string_view name);

/// nullopt when `version` is a valid Debian version
/// ([epoch:]upstream[-revision]; the upstream part starts with a digit, as
/// policy says it should: that also keeps a typo like "presnt" from passing
/// as a version). Otherwise what is wrong.
std::optional<std::string> version_problem(std::string_view version);

/// dpkg's ordering of two valid versions: <0, 0 or >0 (like strcmp).
/// "1.0" == "1.0-0" == "0:1.0"; "1.0~rc1" < "1.0" < "1.0+b1".
int compare_versions(std::string_view a, std::string_view b);

/// `text` in double quotes with control bytes and quotes escaped, for
/// messages that echo a user's string.
std::string quoted_text(std::string_view text);

}  // namespace twin::resources
