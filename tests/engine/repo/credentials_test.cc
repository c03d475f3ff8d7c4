// engine/credentials: where the token lives, its modes, and that no error
// ever quotes it.
#include "engine/repo/credentials.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>

#include "tests/support/temp_dir.h"

namespace twin::engine {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using twin::testing::read_text;
using twin::testing::TempDir;
using twin::testing::write_text;
namespace fs = std::filesystem;

unsigned mode_of(const fs::path& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0 ? (st.st_mode & 07777) : 0;
}

TEST(Credentials, SavedPrivatelyAndReadBackByUrlHost) {
  TempDir tmp;
  fs::path path = tmp / "home/.config/twinsync/credentials";
  auto store = CredentialStore::load(path);
  ASSERT_TRUE(store.ok());
  EXPECT_EQ(store->token_for_url("https://github.com/o/r.git"), std::nullopt);
  store->put("github.com", {"ghp_one", "https://api.github.com", "octo"});
  store->put("127.0.0.1:8080", {"ghp_two", "http://127.0.0.1:8080/api", "octo"});
  ASSERT_TRUE(store->save().ok());
  EXPECT_EQ(mode_of(path), 0600u);
  EXPECT_EQ(mode_of(path.parent_path()), 0700u);

  auto again = CredentialStore::load(path);
  ASSERT_TRUE(again.ok()) << again.error().text();
  EXPECT_EQ(again->token_for_url("https://github.com/o/r.git"), "ghp_one");
  EXPECT_EQ(again->token_for_url("http://127.0.0.1:8080/git/o/r.git"), "ghp_two");
  EXPECT_EQ(again->token_for_url("http://127.0.0.1:9999/git/o/r.git"), std::nullopt);
  EXPECT_EQ(again->token_for_url("git@github.com:o/r.git"), "ghp_one");  // same host, ssh
  ASSERT_NE(again->find("github.com"), nullptr);
  EXPECT_EQ(again->find("github.com")->login, "octo");
}

TEST(Credentials, AFileOthersCanReadIsRefused) {
  TempDir tmp;
  fs::path path = tmp / "credentials";
  write_text(path, R"({"hosts":{"github.com":{"token":"ghp_secret"}}})");
  ::chmod(path.c_str(), 0644);
  auto store = CredentialStore::load(path);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, "E2110");
  EXPECT_THAT(store.error().text(), HasSubstr("chmod 600"));
}

TEST(Credentials, AMalformedFileIsReportedWithoutQuotingIt) {
  TempDir tmp;
  fs::path path = tmp / "credentials";
  write_text(path, "{\"hosts\": {\"github.com\": {\"token\": ghp_unquoted_secret}}}");
  ::chmod(path.c_str(), 0600);
  auto store = CredentialStore::load(path);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, "E2110");
  EXPECT_THAT(store.error().text(), Not(HasSubstr("ghp_unquoted_secret")));
}

TEST(Credentials, DefaultPathIsUnderHomeConfigOrXdg) {
  const char* old_home = std::getenv("HOME");
  const char* old_xdg = std::getenv("XDG_CONFIG_HOME");
  std::string saved_home = old_home ? old_home : "", saved_xdg = old_xdg ? old_xdg : "";
  ::setenv("HOME", "/home/someone", 1);
  ::unsetenv("XDG_CONFIG_HOME");
  EXPECT_EQ(*CredentialStore::default_path(), "/home/someone/.config/twinsync/credentials");
  ::setenv("XDG_CONFIG_HOME", "/cfg", 1);
  EXPECT_EQ(*CredentialStore::default_path(), "/cfg/twinsync/credentials");
  ::setenv("XDG_CONFIG_HOME", "relative", 1);
  EXPECT_EQ(*CredentialStore::default_path(), "/home/someone/.config/twinsync/credentials");
  if (old_home) ::setenv("HOME", saved_home.c_str(), 1); else ::unsetenv("HOME");
  if (old_xdg) ::setenv("XDG_CONFIG_HOME", saved_xdg.c_str(), 1); else ::unsetenv("XDG_CONFIG_HOME");
}

}  // namespace
}  // namespace twin::engine
