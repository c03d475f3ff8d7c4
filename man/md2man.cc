// md2man SPEC.md OUT NAME SECTION VERSION "SUMMARY" CHAPTER...
// Writes OUT: the manual page NAME(SECTION) made of the SPEC.md chapters
// whose titles start with the CHAPTER prefixes ("1.", "2."). Run by the
// build (man/CMakeLists.txt); exit 1 with a message when a chapter is missing.
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "man/markdown_to_roff.h"
#include "man/roff.h"

int main(int argc, char** argv) {
  if (argc < 8) {
    std::cerr << "usage: md2man SPEC.md OUT NAME SECTION VERSION SUMMARY CHAPTER...\n";
    return 1;
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::cerr << "md2man: cannot read " << argv[1] << "\n";
    return 1;
  }
  std::stringstream markdown;
  markdown << in.rdbuf();
  std::vector<std::string> chapters(argv + 7, argv + argc);
  auto body = twin::man::select_chapters(markdown.str(), chapters);
  if (!body) {
    std::cerr << "md2man: " << argv[1] << " lacks one of the chapters asked for\n";
    return 1;
  }
  std::string name = argv[3];
  std::string page =
      twin::man::page_header(name, std::stoi(argv[4]), argv[5], "TwinSync++", "SPEC.md") +
      ".SH NAME\n" + twin::man::escape(name) + " \\- " + twin::man::escape(argv[6]) + "\n" +
      twin::man::markdown_to_roff(*body) + ".SH \"SEE ALSO\"\n" + twin::man::bold("twin") + "(1)\n";
  std::ofstream out(argv[2], std::ios::binary | std::ios::trunc);
  out << page;
  if (!out.flush()) {
    std::cerr << "md2man: cannot write " << argv[2] << "\n";
    return 1;
  }
  return 0;
}
