// Path handling shared by imports, file() and template(): everything stays
// inside the twin.
#include "lang/source_reader.h"

#include <gtest/gtest.h>

namespace twin::lang {
namespace {

TEST(NormalizePath, CleansAndRejectsEscapes) {
  EXPECT_EQ(normalize_path("state/a.twin"), "state/a.twin");
  EXPECT_EQ(normalize_path("./state//a.twin"), "state/a.twin");
  EXPECT_EQ(normalize_path("state/../files/x"), "files/x");
  EXPECT_EQ(normalize_path("../x"), std::nullopt);
  EXPECT_EQ(normalize_path("a/../../x"), std::nullopt);
  EXPECT_EQ(normalize_path("/etc/passwd"), std::nullopt);
  EXPECT_EQ(normalize_path(""), std::nullopt);
  EXPECT_EQ(normalize_path("."), std::nullopt);
}

TEST(ResolveRelative, AgainstTheImportingFilesDirectory) {
  EXPECT_EQ(resolve_relative("state/a.twin", "lib.twin"), "state/lib.twin");
  EXPECT_EQ(resolve_relative("state/a.twin", "common/b.twin"), "state/common/b.twin");
  EXPECT_EQ(resolve_relative("state/sub/a.twin", "../b.twin"), "state/b.twin");
  EXPECT_EQ(resolve_relative("a.twin", "b.twin"), "b.twin");
  EXPECT_EQ(resolve_relative("state/a.twin", "../../b.twin"), std::nullopt);
  EXPECT_EQ(resolve_relative("state/a.twin", "/abs.twin"), std::nullopt);
}

TEST(MemoryReader, ReadsWhatWasAdded) {
  MemoryReader reader;
  reader.add("files/a", "A");
  EXPECT_EQ(reader.read("files/a"), "A");
  EXPECT_EQ(reader.read("files/b"), std::nullopt);
}

}  // namespace
}  // namespace twin::lang
