// Parsing one dpkg-query line per package, table-driven.
#include "resources/dpkg_status.h"

#include <gtest/gtest.h>

namespace twin::resources {
namespace {

TEST(DpkgQueryParse, ReadsEveryField) {
  auto db = parse_dpkg_query(
      "app\tall\t2.0\tii \tno\toptional\n"
      "app-conf\tall\t1.0\trc \tno\t\n"
      "tool\tamd64\t1:1.1-2\thi \tno\t\n"
      "dash\tamd64\t0.5.12-2\tii \tyes\trequired\n"
      "broken\tall\t1.0\tiF \tno\t\n"
      "gone\t\t\tpn \t\t\n");
  ASSERT_TRUE(db.ok()) << db.error().text();
  ASSERT_EQ(db->size(), 6u);
  const InstalledPackage& app = db->at("app");
  EXPECT_EQ(app.version, "2.0");
  EXPECT_EQ(app.architecture, "all");
  EXPECT_EQ(app.state, InstallState::kInstalled);
  EXPECT_FALSE(app.held);
  EXPECT_FALSE(app.risky());
  EXPECT_EQ(db->at("app-conf").state, InstallState::kConfigFiles);
  EXPECT_FALSE(db->at("app-conf").on_disk());
  EXPECT_TRUE(db->at("tool").held);
  EXPECT_EQ(db->at("tool").version, "1:1.1-2");
  EXPECT_TRUE(db->at("dash").essential);
  EXPECT_EQ(db->at("dash").priority, "required");
  EXPECT_TRUE(db->at("dash").risky());
  EXPECT_EQ(db->at("broken").state, InstallState::kBroken);
  EXPECT_EQ(db->at("broken").status_letter, 'F');
  EXPECT_TRUE(db->at("broken").on_disk());
  EXPECT_EQ(db->at("gone").state, InstallState::kNotInstalled);
}

TEST(DpkgQueryParse, RequiredWithoutEssentialIsRisky) {
  auto db = parse_dpkg_query("corepkg\tall\t1.0\tii \tno\trequired\n");
  ASSERT_TRUE(db.ok());
  EXPECT_TRUE(db->at("corepkg").risky());
  EXPECT_FALSE(db->at("corepkg").essential);
}

TEST(DpkgQueryParse, MultiarchKeepsTheInstalledLine) {
  auto db = parse_dpkg_query(
      "libx\ti386\t1.0\trc \tno\t\n"
      "libx\tamd64\t1.1\tii \tno\t\n"
      "libx\tarm64\t1.0\tpn \tno\t\n");
  ASSERT_TRUE(db.ok());
  EXPECT_EQ(db->at("libx").architecture, "amd64");
  EXPECT_EQ(db->at("libx").version, "1.1");
}

TEST(DpkgQueryParse, EmptyOutputIsAnEmptyDatabase) {
  auto db = parse_dpkg_query("");
  ASSERT_TRUE(db.ok());
  EXPECT_TRUE(db->empty());
}

TEST(DpkgQueryParse, MalformedLinesAreErrors) {
  struct Case {
    const char* output;
    const char* message;
    const char* context;
  };
  const Case kCases[] = {
      {"app\tall\t2.0\tii \n", "unexpected dpkg-query output: 4 fields instead of 6",
       "line 1: app\tall\t2.0\tii "},
      {"ok\tall\t1\tii \tno\t\napp\tall\t2.0\tiZ \tno\t\n",
       "unexpected dpkg-query output: unknown status letter 'Z'",
       "line 2: app\tall\t2.0\tiZ \tno\t"},
      {"\tall\t2.0\tii \tno\t\n", "unexpected dpkg-query output: no name or status",
       "line 1: \tall\t2.0\tii \tno\t"},
  };
  for (const Case& c : kCases) {
    auto db = parse_dpkg_query(c.output);
    ASSERT_FALSE(db.ok()) << c.output;
    EXPECT_EQ(db.error().code, "E3310");
    EXPECT_EQ(db.error().message, c.message);
    EXPECT_EQ(db.error().context, c.context);
  }
}

}  // namespace
}  // namespace twin::resources
