#include "engine/repo/config_text_edit.h"

#include <yaml-cpp/yaml.h>

namespace twin::engine {
namespace {

/// The end of a quoted scalar starting at `at` (on the quote), past the
/// closing quote; npos when the line ends first.
std::size_t quoted_end(std::string_view text, std::size_t at) {
  char quote = text[at];
  for (std::size_t i = at + 1; i < text.size() && text[i] != '\n'; ++i) {
    if (quote == '"' && text[i] == '\\') {
      ++i;
      continue;
    }
    if (text[i] != quote) continue;
    if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {  // '' is an escaped '
      ++i;
      continue;
    }
    return i + 1;
  }
  return std::string_view::npos;
}

/// The end of a flow collection starting at `at`, past its closing bracket;
/// npos when the line ends first.
std::size_t flow_end(std::string_view text, std::size_t at) {
  int depth = 0;
  for (std::size_t i = at; i < text.size() && text[i] != '\n'; ++i) {
    char c = text[i];
    if (c == '"' || c == '\'') {
      std::size_t end = quoted_end(text, i);
      if (end == std::string_view::npos) return end;
      i = end - 1;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if ((c == ']' || c == '}') && --depth == 0) {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

/// The end of a plain scalar: before a comment (" #") or the line's end,
/// trailing blanks left out.
std::size_t plain_end(std::string_view text, std::size_t at) {
  std::size_t end = at;
  while (end < text.size() && text[end] != '\n' &&
         !(text[end] == '#' && end > at && (text[end - 1] == ' ' || text[end - 1] == '\t')))
    ++end;
  while (end > at && (text[end - 1] == ' ' || text[end - 1] == '\t')) --end;
  return end;
}

}  // namespace

std::optional<ValueSpan> find_config_value(std::string_view text, std::string_view dotted) {
  YAML::Node node;
  try {
    node = YAML::Load(std::string(text));
    std::string_view rest = dotted;
    while (true) {
      std::size_t dot = rest.find('.');
      std::string key(rest.substr(0, dot));
      if (!node.IsMap() || !node[key]) return std::nullopt;
      node = node[key];
      if (dot == std::string_view::npos) break;
      rest.remove_prefix(dot + 1);
    }
  } catch (const YAML::Exception&) {
    return std::nullopt;
  }
  YAML::Mark mark = node.Mark();
  if (mark.pos < 0 || static_cast<std::size_t>(mark.pos) >= text.size()) return std::nullopt;
  std::size_t begin = static_cast<std::size_t>(mark.pos);
  char first = text[begin];
  std::size_t end;
  if (first == '"' || first == '\'') end = quoted_end(text, begin);
  else if (first == '[' || first == '{') end = flow_end(text, begin);
  else if (first == '|' || first == '>' || first == '\n' || first == '#' || first == '-' ||
           !node.IsScalar())
    return std::nullopt;  // block forms, and an empty value yaml-cpp marks elsewhere
  else {
    end = plain_end(text, begin);
    // Inside a flow collection a plain scalar stops at , ] or }: too easy
    // to get wrong, so such values are left to the full rendering.
    if (text.substr(begin, end - begin).find_first_of(",]}") != std::string_view::npos)
      return std::nullopt;
  }
  if (end == std::string_view::npos || end <= begin) return std::nullopt;
  return ValueSpan{begin, end};
}

std::optional<std::string> splice_config_value(std::string_view text, std::string_view rendered,
                                               std::string_view dotted) {
  auto old_value = find_config_value(text, dotted);
  auto new_value = find_config_value(rendered, dotted);
  if (!old_value || !new_value) return std::nullopt;
  std::string out(text.substr(0, old_value->begin));
  out += rendered.substr(new_value->begin, new_value->end - new_value->begin);
  out += text.substr(old_value->end);
  return out;
}

}  // namespace twin::engine
