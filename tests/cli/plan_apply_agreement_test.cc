// Plan and apply agree: over every example twin, the steps an apply runs are
// exactly the steps the plan showed, in the same order, and a plan made
// afterwards is empty.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "tests/cli/twin_runner.h"
#include "tests/support/temp_dir.h"

namespace twin::cli {
namespace {

namespace fs = std::filesystem;
using twin::testing::run_twin;
using twin::testing::TempDir;
using twin::testing::write_text;

using Steps = std::vector<std::pair<std::string, std::string>>;  // (action, address)

Steps applied_steps(const std::string& out) {
  Steps steps;
  std::regex done(R"(^([A-Z]+) (\S.*): done$)");
  std::istringstream lines(out);
  std::string line;
  std::smatch m;
  while (std::getline(lines, line))
    if (std::regex_match(line, m, done)) steps.emplace_back(m[1], m[2]);
  return steps;
}

/// A twin (state/ and filesystem/) and the sandbox root it is applied to.
struct Case {
  std::string name;
  std::function<void(const fs::path& twin, const fs::path& root)> build;
};

void sandbox_accounts(const fs::path& root) {
  write_text(root / "etc/passwd",
             "root:x:0:0::/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\n");
  write_text(root / "etc/group", "root:x:0:\nalice:x:1000:\ncrontab:x:101:\n");
  write_text(root / "lib/systemd/system/multi-user.target", "[Unit]\nDescription=Multi-User\n");
  fs::create_directories(root / "var/spool/cron/crontabs");
}

const Case kCases[] = {
    {"webhost",
     [](const fs::path& twin, const fs::path& root) {
       fs::path example = fs::path(TWIN_SOURCE_DIR) / "examples" / "webhost";
       fs::copy(example, twin, fs::copy_options::recursive);
       fs::remove_all(twin / "sandbox");
       fs::copy(example / "sandbox", root, fs::copy_options::recursive);
     }},
    {"stdlib_services_crontab_refresh",
     [](const fs::path& twin, const fs::path& root) {
       sandbox_accounts(root);
       write_text(root / "etc/old.conf", "old\n");
       write_text(twin / "state/a.twin", R"(import "std:systemd_unit"
import "std:sysctl"

systemd_unit "web.service" {
  content = "[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n"
  running = false
}

file "/etc/web/web.conf" {
  content = "port = 8080\n"
  notify = [service["web.service"]]
}

sysctl "vm.swappiness" {
  value = "10"
}

crontab "alice" {
  entry "backup" {
    schedule = "0 3 * * *"
    command = "/usr/local/bin/backup"
  }
}

file "/etc/old.conf" {
  ensure = "absent"
}
)");
     }},
};

class PlanApplyAgreement : public ::testing::TestWithParam<Case> {};

TEST_P(PlanApplyAgreement, AppliedStepsAreThePlannedStepsInOrder) {
  TempDir tmp;
  fs::path twin = tmp / "twin", root = tmp / "root";
  GetParam().build(twin, root);
  auto with_root = [&](std::vector<std::string> args) {
    args.insert(args.end(), {"--root", root.string()});
    return run_twin(args, twin.string());
  };
  auto plan = with_root({"plan", "--json"});
  ASSERT_EQ(plan.exit_code, 2) << plan.out << plan.err;
  Steps planned;
  const auto plan_json = nlohmann::json::parse(plan.out);  // must outlive the loop
  for (const auto& step : plan_json["steps"])
    planned.emplace_back(step["action"].get<std::string>(), step["address"].get<std::string>());

  auto apply = with_root({"apply", "--yes"});
  ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;
  EXPECT_EQ(applied_steps(apply.out), planned);

  auto again = with_root({"plan"});
  EXPECT_EQ(again.exit_code, 0) << again.out;
}

INSTANTIATE_TEST_SUITE_P(ExampleTwins, PlanApplyAgreement, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace twin::cli
