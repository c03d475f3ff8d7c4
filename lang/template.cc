#include "lang/template.h"

#include <fmt/format.h>

#include <vector>

#include "lang/suggest.h"

namespace twin::lang {
namespace {

bool is_name_first(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_name_char(char c) { return is_name_first(c) || (c >= '0' && c <= '9'); }

const Value* find_var(const Map& vars, std::string_view name) {
  for (const auto& [key, value] : vars)
    if (key == name) return &value;
  return nullptr;
}

}  // namespace

std::optional<std::string> expand_template(const SourcePtr& tmpl, const Map& vars,
                                           const Span& call, DiagnosticSink& sink,
                                           std::size_t max_bytes) {
  const std::string& text = tmpl->text();
  std::string out;
  bool ok = true;
  auto report = [&](const char* code, std::string message, std::size_t begin, std::size_t end,
                    std::string hint) {
    Diagnostic d{Severity::kError, code, std::move(message), Span{tmpl, begin, end},
                 std::move(hint)};
    d.related.push_back({call, "the template is expanded here"});
    sink.add(std::move(d));
    ok = false;
  };
  for (std::size_t i = 0; i < text.size();) {
    if (text.compare(i, 3, "$${") == 0) {
      out += "${";
      i += 3;
      continue;
    }
    if (text.compare(i, 2, "${") != 0) {
      out += text[i++];
      continue;
    }
    std::size_t begin = i;
    std::size_t p = i + 2;
    while (p < text.size() && text[p] == ' ') ++p;
    std::size_t name_begin = p;
    if (p < text.size() && is_name_first(text[p]))
      while (p < text.size() && is_name_char(text[p])) ++p;
    std::size_t name_end = p;
    while (p < text.size() && text[p] == ' ') ++p;
    if (name_begin == name_end || p >= text.size() || text[p] != '}') {
      std::size_t end = text.find_first_of("}\n", begin);
      end = end == std::string::npos ? text.size() : (text[end] == '}' ? end + 1 : end);
      report("E0118", "malformed substitution in template", begin, end,
             "write `${name}`, or `$${` for a literal `${`");
      i = end;
      continue;
    }
    std::string_view name(text.data() + name_begin, name_end - name_begin);
    i = p + 1;
    const Value* value = find_var(vars, name);
    if (!value) {
      std::vector<std::string> names;
      for (const auto& [key, unused] : vars) names.push_back(key);
      std::string hint;
      if (auto close = closest_name(name, names)) hint = fmt::format("did you mean '{}'?", *close);
      else if (names.empty()) hint = "pass it in the map: template(path, { " + std::string(name) + " = ... })";
      report("E0117", fmt::format("unknown template variable '{}'", name), name_begin, name_end,
             std::move(hint));
      continue;
    }
    if (value->is_string() && out.size() + value->as_string().size() > max_bytes) {
      sink.error("E0128",
                 fmt::format("template() would build a string longer than {} bytes", max_bytes),
                 call, "a template that substitutes a long value many times grows without end");
      return std::nullopt;
    }
    if (value->is_string()) {
      out += value->as_string();
    } else if (value->is_int()) {
      out += std::to_string(value->as_int());
    } else if (value->is_bool()) {
      out += value->as_bool() ? "true" : "false";
    } else {
      report("E0118", fmt::format("cannot substitute a {} into a template", value->type_name()),
             name_begin, name_end, "only strings, integers and booleans can be substituted");
    }
  }
  if (!ok) return std::nullopt;
  return out;
}

}  // namespace twin::lang
