// Unit names (systemd_names) and the pure parts of observing units
// (unit_files, parse_show_output): table tests, no machine involved.
#include <gtest/gtest.h>

#include "resources/service_provider.h"
#include "resources/systemd_names.h"
#include "resources/unit_files.h"

namespace twin::resources {
namespace {

TEST(SystemdNames, NormalizesTitles) {
  const std::pair<const char*, const char*> kCases[] = {
      {"nginx", "nginx.service"},
      {"nginx.service", "nginx.service"},
      {"apt-daily.timer", "apt-daily.timer"},
      {"ssh.socket", "ssh.socket"},
      {"cups.path", "cups.path"},
      {"multi-user.target", "multi-user.target"},
      {"getty@tty1", "getty@tty1.service"},
      {"getty@tty1.service", "getty@tty1.service"},
      {"systemd-fsck@dev-disk-by\\x2dlabel-root.service",
       "systemd-fsck@dev-disk-by\\x2dlabel-root.service"},
      {"foo@a@b.service", "foo@a@b.service"},  // '@' is allowed inside an instance
      {"php8.2-fpm", "php8.2-fpm.service"},
      {"org.freedesktop.Avahi", "org.freedesktop.Avahi.service"},
      {"a:b_c", "a:b_c.service"},
  };
  for (const auto& [title, unit] : kCases) {
    UnitName name = normalize_unit_name(title);
    EXPECT_FALSE(name.problem) << title << ": " << name.problem->message;
    EXPECT_EQ(name.unit, unit) << title;
    EXPECT_TRUE(is_managed_unit_name(unit)) << unit;
  }
}

struct BadName {
  std::string title;
  const char* message;
  bool unsupported_type;
};

TEST(SystemdNames, RefusesInvalidNamesWithExactMessages) {
  const BadName kCases[] = {
      {"", "empty unit name", false},
      {"-.mount", "a unit name must not begin with '-'", false},
      {"--now", "a unit name must not begin with '-'", false},
      {"a b", "invalid character a space at byte 2 of unit name", false},
      {"../etc/passwd", "invalid character '/' at byte 3 of unit name", false},
      {"x;rm", "invalid character ';' at byte 2 of unit name", false},
      {"caf\xc3\xa9", "invalid character byte 0xc3 at byte 4 of unit name", false},
      {std::string("a\0b", 3), "invalid character byte 0x00 at byte 2 of unit name", false},
      {"@foo", "unit name has nothing before '@'", false},
      {".service", "unit name has nothing before its type suffix", false},
      {"foo@.service", "\"foo@.service\" is a template; twin manages instances of it", false},
      {"foo@", "\"foo@.service\" is a template; twin manages instances of it", false},
      {"home.mount", "unit type \".mount\" is not managed by the service resource", true},
      {"user.slice", "unit type \".slice\" is not managed by the service resource", true},
      {"nginx.servce", "unknown unit type suffix \".servce\"", false},
      {"apt-daily.timr", "unknown unit type suffix \".timr\"", false},
      {std::string(248, 'a'), "unit name is 256 bytes long; systemd allows at most 255", false},
  };
  for (const auto& c : kCases) {
    UnitName name = normalize_unit_name(c.title);
    ASSERT_TRUE(name.problem) << c.title;
    EXPECT_EQ(name.problem->message, c.message) << c.title;
    EXPECT_EQ(name.problem->unsupported_type, c.unsupported_type) << c.title;
    EXPECT_FALSE(name.problem->hint.empty()) << c.title;
    EXPECT_TRUE(name.unit.empty()) << c.title;
  }
  EXPECT_EQ(normalize_unit_name("nginx.servce").problem->hint, "did you mean \"nginx.service\"?");
  EXPECT_EQ(normalize_unit_name("foo@").problem->hint,
            "name an instance, e.g. \"foo@NAME.service\"");
  // 247 + ".service" is exactly 255 bytes: the longest name systemd allows.
  EXPECT_FALSE(normalize_unit_name(std::string(247, 'a')).problem);
}

TEST(SystemdNames, ManagedNameMustBeFull) {
  EXPECT_FALSE(is_managed_unit_name("nginx"));  // not normalized
  EXPECT_FALSE(is_managed_unit_name("--root=/"));
  EXPECT_FALSE(is_managed_unit_name("a.mount"));
}

engine::CommandOutput output(int code, std::string out, std::string err = {}) {
  engine::CommandOutput o;
  o.exit_code = code;
  o.out = std::move(out);
  o.err = std::move(err);
  return o;
}

TEST(UnitFiles, ParsesIsEnabled) {
  std::vector<std::string> units = {"a.service", "b.service", "c.service"};
  auto all = parse_is_enabled(units, output(1, "enabled\ndisabled\nstatic\n"));
  ASSERT_TRUE(all);
  EXPECT_EQ(all->states, (std::vector<std::string>{"enabled", "disabled", "static"}));
  EXPECT_FALSE(all->stopped_at_missing);

  // systemctl 252 stops at the first unit without a unit file.
  auto stopped = parse_is_enabled(
      units, output(1, "enabled\n",
                    "Failed to get unit file state for b.service: No such file or directory\n"));
  ASSERT_TRUE(stopped);
  EXPECT_EQ(stopped->states, (std::vector<std::string>{"enabled"}));
  EXPECT_TRUE(stopped->stopped_at_missing);

  auto other = parse_is_enabled(units, output(1, "", "Failed to connect to bus\n"));
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, "E3402");
  EXPECT_EQ(other.error().message, "systemctl is-enabled gave no state for a.service");

  auto extra = parse_is_enabled({"a.service"}, output(0, "enabled\nenabled\n"));
  ASSERT_FALSE(extra);
  EXPECT_EQ(extra.error().message, "systemctl is-enabled printed more states than units");
}

TEST(UnitFiles, ClassifiesStates) {
  EXPECT_EQ(classify_unit_file_state("enabled"), Enablement::kEnabled);
  EXPECT_EQ(classify_unit_file_state("enabled-runtime"), Enablement::kEnabled);
  EXPECT_EQ(classify_unit_file_state("disabled"), Enablement::kDisabled);
  EXPECT_EQ(classify_unit_file_state("linked"), Enablement::kDisabled);
  EXPECT_EQ(classify_unit_file_state("static"), Enablement::kFixed);
  EXPECT_EQ(classify_unit_file_state("indirect"), Enablement::kFixed);
  EXPECT_EQ(classify_unit_file_state("generated"), Enablement::kFixed);
  EXPECT_EQ(classify_unit_file_state("alias"), Enablement::kFixed);
  EXPECT_EQ(classify_unit_file_state("masked"), Enablement::kMasked);
  EXPECT_EQ(classify_unit_file_state("not-found"), Enablement::kMissing);
  EXPECT_EQ(classify_unit_file_state("bad"), std::nullopt);
}

TEST(UnitFiles, CommandsForARootAndForSlash) {
  engine::Command sandbox = systemctl_command("/tmp/r", {"enable", "a.service"});
  EXPECT_EQ(sandbox.program, "/bin/systemctl");
  EXPECT_EQ(sandbox.args, (std::vector<std::string>{"--root=/tmp/r", "enable", "a.service"}));
  engine::Command host = systemctl_command("/", {"enable", "a.service"});
  EXPECT_EQ(host.args, (std::vector<std::string>{"enable", "a.service"}));
  using Env = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(host.env, (Env{{"LC_ALL", "C"},
                           {"SYSTEMD_PAGER", ""},
                           {"SYSTEMD_COLORS", "0"},
                           {"PATH", "/usr/sbin:/usr/bin:/sbin:/bin"}}));
}

TEST(UnitFiles, SnapshotJsonRoundTripAndRefusesForeignPaths) {
  LinkSnapshot snap;
  snap.links = {
      {"/etc/systemd/system/multi-user.target.wants/a.service", "/lib/systemd/system/a.service"},
      {"/etc/systemd/system/x\xff.wants/a.service", "/odd\xfe"}};
  snap.dirs = {"/etc", "/etc/systemd"};
  auto json = link_snapshot_to_json(snap);
  (void)json.dump();  // must not throw on non-UTF-8 names
  auto back = link_snapshot_from_json(json);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->links, snap.links);
  EXPECT_EQ(back->dirs, snap.dirs);

  nlohmann::json evil = {{"links", {{{"path", "/etc/shadow"}, {"target", "x"}}}},
                         {"dirs", nlohmann::json::array()}};
  EXPECT_FALSE(link_snapshot_from_json(evil));
  evil["links"][0]["path"] = "/etc/systemd/system/../../shadow";
  EXPECT_FALSE(link_snapshot_from_json(evil));
}

TEST(ServiceShow, ParsesBlocksByKey) {
  auto units = parse_show_output(
      "Id=a.service\nLoadState=loaded\nActiveState=active\nUnitFileState=enabled\n\n"
      "ActiveState=inactive\nId=b.service\nLoadState=not-found\nUnitFileState=\n",
      2);
  ASSERT_TRUE(units);
  ASSERT_EQ(units->size(), 2u);
  EXPECT_EQ((*units)[0].id, "a.service");
  EXPECT_EQ((*units)[0].active_state, "active");
  EXPECT_EQ((*units)[1].id, "b.service");
  EXPECT_EQ((*units)[1].load_state, "not-found");
  EXPECT_EQ((*units)[1].active_state, "inactive");

  auto short_output = parse_show_output("Id=a.service\nActiveState=active\n", 2);
  ASSERT_FALSE(short_output);
  EXPECT_EQ(short_output.error().message, "systemctl show described 1 units, expected 2");
  EXPECT_FALSE(parse_show_output("garbage\n", 1));
}

}  // namespace
}  // namespace twin::resources
