// Titles and values are safe to print: a control character in a title is
// refused (E0213) and every value a plan shows has its control characters
// escaped, so twin content cannot clear the screen or fake a line of output.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli/terminal.h"
#include "tests/cli/twin_runner.h"
#include "tests/support/temp_dir.h"

namespace twin::cli {
namespace {

using ::testing::HasSubstr;
using twin::testing::run_twin;
using twin::testing::TempDir;
using twin::testing::write_text;
namespace fs = std::filesystem;

class Printable : public ::testing::Test {
 protected:
  void SetUp() override { fs::create_directories(root_ / "etc"); }
  testing::TwinRun twin(std::vector<std::string> args) {
    args.insert(args.end(), {"--twin", twin_.string(), "--root", root_.string()});
    return run_twin(args, tmp_.path().string());
  }
  TempDir tmp_;
  fs::path root_ = tmp_ / "root";
  fs::path twin_ = tmp_ / "twin";
};

TEST_F(Printable, AControlCharacterInATitleIsRefused) {
  write_text(twin_ / "state/site.twin",
             "file \"/etc/a\\nNo changes: the machine matches the twin.\" {\n  content = \"x\"\n}\n"
             "file \"/etc/b\x1b[2J\" {\n  content = \"y\"\n}\n");
  for (const char* command : {"lint", "plan"}) {
    auto run = twin({command});
    EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
    std::string all = run.out + run.err;
    EXPECT_THAT(all, HasSubstr("state/site.twin:1:6: error[E0213]: the title holds the control "
                               "character 0x0a"));
    EXPECT_THAT(all, HasSubstr("error[E0213]: the title holds the control character 0x1b"));
    EXPECT_EQ(all.find('\x1b'), std::string::npos) << command << " printed a raw escape";
    EXPECT_EQ(all.find("\nNo changes"), std::string::npos) << all;
  }
}

TEST_F(Printable, ValuesInAPlanAreEscaped) {
  write_text(root_ / "etc/motd", "old\n");
  write_text(twin_ / "state/site.twin", "file \"/etc/motd\" {\n  source = \"files/motd\"\n}\n");
  write_text(twin_ / "files/motd", "hello \x1b[2J world\r\n");
  auto run = twin({"plan"});
  EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
  EXPECT_EQ(run.out.find('\x1b'), std::string::npos) << run.out;
  EXPECT_THAT(run.out, HasSubstr("+hello \\x1b[2J world\\x0d"));
}

TEST(PrintableText, EscapesControlBytesButTab) {
  EXPECT_EQ(printable("a\tb"), "a\tb");
  EXPECT_EQ(printable("a\x1b[0m\n\x7f"), "a\\x1b[0m\\x0a\\x7f");
  EXPECT_EQ(printable("plain /etc/motd"), "plain /etc/motd");
}

}  // namespace
}  // namespace twin::cli
