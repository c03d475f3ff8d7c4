#include "engine/repo/module_names.h"

#include <algorithm>
#include <cctype>

#include "engine/repo/git_remote.h"
#include "engine/repo/http_url.h"

namespace twin::engine {

Status check_module_name(std::string_view name) {
  auto lower_digit = [](unsigned char c) { return std::islower(c) || std::isdigit(c); };
  bool ok = !name.empty() && name.size() <= 64 && lower_digit(name[0]) &&
            std::all_of(name.begin(), name.end(),
                        [&](unsigned char c) { return lower_digit(c) || c == '_' || c == '-'; });
  if (ok) return {};
  return make_error("E2040",
                    "a module name is lower-case letters, digits, '_' and '-', starting with a "
                    "letter or digit (at most 64 characters): `" +
                        std::string(name.substr(0, 80)) + "`");
}

Status check_module_url(std::string_view url) {
  if (auto ok = check_remote_url(url); !ok) return ok;
  if (url.front() == '/') return {};
  auto parsed = parse_url(url);
  bool plain_http = parsed->scheme == "http" && !is_loopback_host(parsed->host);
  if (parsed->scheme == "git" || plain_http)
    return make_error("E2021",
                      "a module URL must be https://, ssh://, user@host:path, file:// or an "
                      "absolute path: " +
                          parsed->scheme +
                          ":// neither authenticates the server nor encrypts, and a module's "
                          "files end up applied on every device",
                      std::string(url));
  return {};
}

Status check_module_ref(std::string_view ref) {
  if (ref.empty() || is_full_commit_id(ref)) return {};
  // The rules of git check-ref-format that matter here, stricter where cheap.
  bool bad_char = std::any_of(ref.begin(), ref.end(), [](unsigned char c) {
    return c <= ' ' || c == 0x7f || c == '~' || c == '^' || c == ':' || c == '?' || c == '*' ||
           c == '[' || c == '\\';
  });
  bool ok = !bad_char && ref.size() <= 200 && ref.front() != '-' && ref.front() != '/' &&
            ref.back() != '/' && ref.back() != '.' && ref.find("..") == std::string_view::npos &&
            ref.find("//") == std::string_view::npos && ref.find("@{") == std::string_view::npos &&
            !ref.ends_with(".lock");
  if (ok) return {};
  return make_error(
      "E2040", "not a branch, tag or full commit id: `" + std::string(ref.substr(0, 80)) + "`");
}

bool is_full_commit_id(std::string_view text) {
  return text.size() == 40 &&
         std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isxdigit(c); });
}

}  // namespace twin::engine
