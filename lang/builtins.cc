#include "lang/builtins.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <functional>

#include "lang/sha256.h"
#include "lang/suggest.h"
#include "lang/template.h"

namespace twin::lang {
namespace {

// What a parameter accepts: one of Value's type names.
enum class Kind { kString, kList, kMap };

std::string_view kind_name(Kind kind) {
  switch (kind) {
    case Kind::kString:
      return "string";
    case Kind::kList:
      return "list";
    case Kind::kMap:
      return "map";
  }
  return "string";
}

bool has_kind(const Value& value, Kind kind) {
  switch (kind) {
    case Kind::kString:
      return value.is_string();
    case Kind::kList:
      return value.is_list();
    case Kind::kMap:
      return value.is_map();
  }
  return false;
}

struct Context {
  const BuiltinCall& call;
  SourceReader* reader;
  DiagnosticSink& sink;
  const std::string& arg(std::size_t i) const { return call.arguments[i].as_string(); }
};

using Function = std::function<std::optional<Value>(const Context&)>;

struct Builtin {
  std::string_view name;
  std::vector<Kind> params;
  Function run;
};

Value string_value(std::string text, const Context& c) { return Value{std::move(text), c.call.span}; }

// E0128 when a result would grow to `length` bytes; checked before growing.
bool string_fits(std::size_t length, const Context& c) {
  if (length <= c.call.max_string_bytes) return true;
  c.sink.error("E0128",
               fmt::format("{}() would build a string longer than {} bytes", c.call.name,
                           c.call.max_string_bytes),
               c.call.span, "a string this long is not a configuration value");
  return false;
}

std::string transform_ascii(std::string text, int (*f)(int)) {
  for (char& ch : text) ch = static_cast<char>(f(static_cast<unsigned char>(ch)));
  return text;
}

// POSIX basename / dirname on '/'-separated paths (trailing slashes ignored).
std::string basename_of(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  if (path == "/") return path;
  std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string dirname_of(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  while (slash > 0 && path[slash - 1] == '/') --slash;
  return slash == 0 ? "/" : path.substr(0, slash);
}

// Reads a root-relative twin file for file() / template().
std::optional<std::string> read_twin_file(const Context& c, std::string* normalized) {
  const Value& path = c.call.arguments[0];
  std::optional<std::string> clean = normalize_path(path.as_string());
  if (!clean) {
    c.sink.error("E0125", fmt::format("path {} is outside the twin", quote(path.as_string())),
                 path.span, "paths are relative to the twin's root directory, without leading '/'");
    return std::nullopt;
  }
  std::optional<std::string> text = c.reader ? c.reader->read(*clean) : std::nullopt;
  if (!text) {
    std::string why = c.reader ? c.reader->why_unreadable(*clean) : std::string();
    c.sink.error("E0109",
                 fmt::format("cannot read {}{}", quote(*clean), why.empty() ? "" : ": " + why),
                 path.span, "paths are relative to the twin's root directory");
    return std::nullopt;
  }
  *normalized = *clean;
  return text;
}

std::optional<Value> run_join(const Context& c) {
  std::string out;
  const List& list = c.call.arguments[0].as_list();
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Value& element = list[i];
    std::size_t grows = (i > 0 ? c.arg(1).size() : 0) +
                        (element.is_string() ? element.as_string().size() : 20);
    if (!string_fits(out.size() + grows, c)) return std::nullopt;
    if (i > 0) out += c.arg(1);
    if (element.is_string()) {
      out += element.as_string();
    } else if (element.is_int()) {
      out += std::to_string(element.as_int());
    } else if (element.is_bool()) {
      out += element.as_bool() ? "true" : "false";
    } else {
      c.sink.error("E0116",
                   fmt::format("join() cannot join a {} (element {})", element.type_name(), i + 1),
                   element.span, "join() takes a list of strings, integers or booleans");
      return std::nullopt;
    }
  }
  return string_value(std::move(out), c);
}

std::optional<Value> run_template(const Context& c) {
  std::string path;
  std::optional<std::string> text = read_twin_file(c, &path);
  if (!text) return std::nullopt;
  SourcePtr file = make_source(path, std::move(*text));
  auto expanded = expand_template(file, c.call.arguments[1].as_map(), c.call.span, c.sink,
                                  c.call.max_string_bytes);
  if (!expanded) return std::nullopt;
  return string_value(std::move(*expanded), c);
}

const std::vector<Builtin>& builtins() {
  static const std::vector<Builtin> kBuiltins = {
      {"basename", {Kind::kString}, [](const Context& c) -> std::optional<Value> {
         return string_value(basename_of(c.arg(0)), c);
       }},
      {"dirname", {Kind::kString}, [](const Context& c) -> std::optional<Value> {
         return string_value(dirname_of(c.arg(0)), c);
       }},
      {"file", {Kind::kString}, [](const Context& c) -> std::optional<Value> {
         std::string path;
         auto text = read_twin_file(c, &path);
         if (!text) return std::nullopt;
         return string_value(std::move(*text), c);
       }},
      {"join", {Kind::kList, Kind::kString}, run_join},
      {"lower", {Kind::kString}, [](const Context& c) -> std::optional<Value> {
         return string_value(transform_ascii(c.arg(0), ::tolower), c);
       }},
      {"sha256", {Kind::kString}, [](const Context& c) -> std::optional<Value> {
         return string_value(sha256_hex(c.arg(0)), c);
       }},
      {"template", {Kind::kString, Kind::kMap}, run_template},
      {"upper", {Kind::kString}, [](const Context& c) -> std::optional<Value> {
         return string_value(transform_ascii(c.arg(0), ::toupper), c);
       }},
  };
  return kBuiltins;
}

std::string signature(const Builtin& builtin) {
  std::string out = std::string(builtin.name) + "(";
  for (std::size_t i = 0; i < builtin.params.size(); ++i) {
    if (i > 0) out += ", ";
    out += kind_name(builtin.params[i]);
  }
  return out + ")";
}

}  // namespace

const std::vector<std::string>& builtin_names() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> names;
    for (const Builtin& builtin : builtins()) names.emplace_back(builtin.name);
    return names;
  }();
  return kNames;
}

std::optional<Value> call_builtin(const BuiltinCall& call, SourceReader* reader,
                                  DiagnosticSink& sink) {
  const auto& table = builtins();
  auto it = std::find_if(table.begin(), table.end(),
                         [&](const Builtin& b) { return b.name == call.name; });
  if (it == table.end()) {
    std::string hint;
    if (auto close = closest_name(call.name, builtin_names()))
      hint = fmt::format("did you mean '{}'?", *close);
    else
      hint = fmt::format("the functions are {}", fmt::join(builtin_names(), ", "));
    sink.error("E0114", fmt::format("unknown function '{}'", call.name), call.name_span,
               std::move(hint));
    return std::nullopt;
  }
  const Builtin& builtin = *it;
  if (call.arguments.size() != builtin.params.size()) {
    sink.error("E0115",
               fmt::format("{}() takes {} argument{}, {} given", builtin.name,
                           builtin.params.size(), builtin.params.size() == 1 ? "" : "s",
                           call.arguments.size()),
               call.span, "call it as " + signature(builtin));
    return std::nullopt;
  }
  bool ok = true;
  for (std::size_t i = 0; i < builtin.params.size(); ++i) {
    const Value& argument = call.arguments[i];
    if (has_kind(argument, builtin.params[i])) continue;
    sink.error("E0116",
               fmt::format("argument {} of {}() must be a {}, not a {}", i + 1, builtin.name,
                           kind_name(builtin.params[i]), argument.type_name()),
               argument.span, "call it as " + signature(builtin));
    ok = false;
  }
  if (!ok) return std::nullopt;
  return builtin.run(Context{call, reader, sink});
}

}  // namespace twin::lang
