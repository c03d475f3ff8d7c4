// The standard library of defines (stdlib/lib, `import "std:NAME"`) used from
// a manifest, end to end against a sandbox root.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "tests/cli/twin_runner.h"
#include "tests/support/temp_dir.h"

namespace twin::cli {
namespace {

using ::testing::HasSubstr;
using twin::testing::read_text;
using twin::testing::run_twin;
using twin::testing::TempDir;
using twin::testing::write_text;

constexpr const char* kManifest = R"(import "std:sysctl"
import "std:apt_source"
import "std:ssh_authorized_keys"
import "std:systemd_unit"

sysctl "net.ipv4.ip_forward" {
  value = "1"
}

apt_source "example" {
  uri = "https://deb.example.org/debian"
  suite = "bookworm"
  options = "[signed-by=/usr/share/keyrings/example.gpg]"
}

ssh_authorized_keys "alice" {
  keys = ["ssh-ed25519 AAAA alice@laptop", "ssh-ed25519 BBBB alice@phone"]
}

systemd_unit "hello.service" {
  content = "[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n"
  running = false
}
)";

struct StdTwin {
  TempDir tmp;
  std::filesystem::path twin = tmp / "twin";
  std::filesystem::path root = tmp / "root";
  StdTwin() {
    write_text(twin / "state/main.twin", kManifest);
    write_text(root / "etc/passwd", "root:x:0:0::/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\n");
    write_text(root / "etc/group", "root:x:0:\nalice:x:1000:\n");
    write_text(root / "lib/systemd/system/multi-user.target", "[Unit]\nDescription=Multi-User\n");
  }
  testing::TwinRun run(std::vector<std::string> args) const {
    args.push_back("--root");
    args.push_back(root.string());
    return run_twin(args, twin.string());
  }
};

TEST(Stdlib, DefinesFromStdImportsPlanApplyAndConverge) {
  StdTwin t;
  auto plan = t.run({"plan"});
  ASSERT_EQ(plan.exit_code, 2) << plan.err;
  // The unit file is written before the service that needs it is enabled.
  EXPECT_THAT(plan.out, HasSubstr("ENABLE  enable at boot (its unit file is created earlier in this plan)"));
  // Keys that may log in are a risk however they are declared (here by a
  // std define): applied only with the machine's approval of this plan.
  EXPECT_THAT(plan.out, HasSubstr("W0307"));
  auto refused = t.run({"apply", "--yes"});
  EXPECT_EQ(refused.exit_code, 1) << refused.out << refused.err;
  std::string marker = "`twin apply --yes --approve-risky ";
  std::size_t at = plan.out.find(marker);
  ASSERT_NE(at, std::string::npos) << plan.out;
  auto apply = t.run({"apply", "--yes", "--approve-risky", plan.out.substr(at + marker.size(), 16)});
  ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;
  EXPECT_EQ(read_text(t.root / "etc/sysctl.d/60-twin-net.ipv4.ip_forward.conf"),
            "net.ipv4.ip_forward = 1\n");
  EXPECT_EQ(read_text(t.root / "etc/apt/sources.list.d/example.list"),
            "deb [signed-by=/usr/share/keyrings/example.gpg] https://deb.example.org/debian "
            "bookworm main\n");
  EXPECT_EQ(read_text(t.root / "home/alice/.ssh/authorized_keys"),
            "ssh-ed25519 AAAA alice@laptop\nssh-ed25519 BBBB alice@phone\n");
  struct stat st {};
  ASSERT_EQ(::lstat((t.root / "home/alice/.ssh/authorized_keys").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  EXPECT_EQ(st.st_uid, 1000u);
  EXPECT_TRUE(std::filesystem::is_symlink(
      t.root / "etc/systemd/system/multi-user.target.wants/hello.service"));
  EXPECT_EQ(t.run({"plan"}).exit_code, 0);
}

TEST(Stdlib, UnknownStdImportIsAnErrorListingWhatExists) {
  StdTwin t;
  write_text(t.twin / "state/main.twin", "import \"std:sysctI\"\n");
  auto r = t.run({"plan"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("state/main.twin:1:8: error[E0109]: no standard library file \"std:sysctI\""));
  EXPECT_THAT(r.err, HasSubstr("std:sysctl"));
}

}  // namespace
}  // namespace twin::cli
