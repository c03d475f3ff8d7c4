#include "man/roff.h"

#include <cctype>
#include <cstdio>

namespace twin::man {

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  bool line_start = true;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (line_start && (c == '.' || c == '\'')) out += "\\&";
    line_start = c == '\n';
    auto byte = static_cast<unsigned char>(c);
    // UTF-8 as \[uXXXX]: roff reads bytes as Latin-1 unless preconv runs
    // first, and man-db runs it only when it guesses the encoding right.
    int extra = byte >= 0xF0 ? 3 : byte >= 0xE0 ? 2 : byte >= 0xC0 ? 1 : 0;
    if (extra > 0 && i + extra < text.size()) {
      unsigned code = byte & (0x3F >> extra);
      for (int k = 1; k <= extra; ++k) code = (code << 6) | (text[i + k] & 0x3F);
      char hex[16];
      std::snprintf(hex, sizeof hex, "\\[u%04X]", code);
      out += hex;
      i += extra;
      continue;
    }
    if (c == '\\')
      out += "\\e";
    else if (c == '-')
      out += "\\-";
    else
      out += c;
  }
  return out;
}

std::string bold(std::string_view text) { return "\\fB" + escape(text) + "\\fR"; }

std::string page_header(std::string_view name, int section, std::string_view version,
                        std::string_view manual, std::string_view source) {
  std::string upper;
  for (char c : name) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  // No date: the page stays byte-identical between builds of one version.
  return ".\\\" Generated from " + std::string(source) + "; do not edit.\n.TH \"" + escape(upper) +
         "\" \"" + std::to_string(section) + "\" \"\" \"twin " + std::string(version) + "\" \"" +
         std::string(manual) + "\"\n";
}

}  // namespace twin::man
