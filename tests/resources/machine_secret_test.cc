// Secret files: a snapshot keeps their bytes on the machine
// (.twin/secret-files, 0600) instead of in the twin, and `machine_secret =
// true` puts those bytes back. A store that came from Git (mode 0644, as any
// checkout makes it) is never trusted: hostile twin content cannot choose a
// secret's bytes or an account's password hash.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "engine/core/twin_layout.h"
#include "resources/collect_files.h"
#include "resources/collect_manifests.h"
#include "resources/file_spec.h"
#include "resources/machine_store.h"
#include "resources/password_store.h"
#include "resources/secret_file_store.h"
#include "tests/resources/file_fixture.h"

namespace twin::resources {
namespace {

using engine::Action;
using testing::DeclBuilder;
namespace fs = std::filesystem;

class MachineSecret : public testing::FileFixture {
 protected:
  RootedFs twin_fs() {
    auto opened = RootedFs::open(twin());
    EXPECT_TRUE(opened.ok());
    return std::move(*opened);
  }
  lang::ResourceDecl secret_decl(const std::string& path, const std::string& id,
                                 const std::string& mode) {
    return DeclBuilder("file", path).str("machine_secret", id).str("mode", mode).build();
  }
  /// Keeps `bytes` as the secret at `path`; returns the copy's id.
  std::string keep(const std::string& path, const std::string& bytes) {
    RootedFs store = twin_fs();
    std::vector<CollectedFile> secrets = {{path, bytes, {}, ""}};
    EXPECT_TRUE(remember_secret_files(store, secrets).ok());
    return secrets[0].kept_as;
  }
};

TEST_F(MachineSecret, TheStoreIsWrittenPrivateAndReadOnlyWhilePrivate) {
  RootedFs store = twin_fs();
  ASSERT_TRUE(write_machine_kept(store, ".twin/secret-files/x", "bytes").ok());
  struct stat st {};
  ASSERT_EQ(::stat((twin() / ".twin/secret-files").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0700u);
  ASSERT_EQ(::stat((twin() / ".twin/secret-files/x").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  auto read = read_machine_kept(store, ".twin/secret-files/x");
  ASSERT_TRUE(read.ok() && read->has_value());
  EXPECT_EQ(**read, "bytes");

  // As a checkout would have made it.
  ::chmod((twin() / ".twin/secret-files/x").c_str(), 0644);
  read = read_machine_kept(store, ".twin/secret-files/x");
  ASSERT_TRUE(read.ok());
  EXPECT_FALSE(read->has_value());
}

TEST_F(MachineSecret, APasswordStoreFromACommitIsNotTrusted) {
  testing::write_file(twin() / ".twin/password-hashes", "alice:$y$j9T$pushed$BYPUSHER\n", 0644);
  EXPECT_EQ(remembered_password_hash(twin(), "alice"), std::nullopt);
  ::chmod((twin() / ".twin/password-hashes").c_str(), 0600);
  EXPECT_EQ(remembered_password_hash(twin(), "alice"), "$y$j9T$pushed$BYPUSHER");
}

TEST_F(MachineSecret, ASnapshotKeepsTheBytesAndRecordsModeAndOwner) {
  testing::write_file(root() / "etc/app/token", "token=abc\n", 0600);
  ::chown((root() / "etc/app/token").c_str(), kAliceUid, kAliceGid);
  testing::write_file(root() / "etc/app/app.conf", "port = 1\n", 0644);
  auto fs_root = RootedFs::open(root());
  ASSERT_TRUE(fs_root.ok());
  engine::TwinConfig config;
  auto files = collect_files(*fs_root, {"/etc"}, config, {}, /*keep_secrets=*/true);
  ASSERT_TRUE(files.ok()) << files.error().text();
  ASSERT_EQ(files->secrets.size(), 1u);
  EXPECT_EQ(files->secrets[0].path, "/etc/app/token");
  EXPECT_EQ(files->secrets[0].content, "token=abc\n");
  for (const auto& f : files->files) EXPECT_NE(f.path, "/etc/app/token");

  auto accounts = AccountDb::load(*fs_root);
  ASSERT_TRUE(accounts.ok());
  RootedFs store = twin_fs();
  ASSERT_TRUE(remember_secret_files(store, files->secrets).ok());
  const std::string id = files->secrets[0].kept_as;
  EXPECT_TRUE(is_secret_copy_id(id)) << id;
  std::string manifest = files_manifest(*files, *accounts, {});
  EXPECT_NE(manifest.find("file \"/etc/app/token\" {\n  machine_secret = \"" + id +
                          "\"\n  mode = \"0600\"\n  owner = \"alice\"\n  group = \"alice\"\n}\n"),
            std::string::npos)
      << manifest;
  EXPECT_EQ(manifest.find("token=abc"), std::string::npos);
  auto kept = remembered_secret_file(store, "/etc/app/token", id);
  ASSERT_TRUE(kept.ok() && kept->has_value());
  EXPECT_EQ(**kept, "token=abc\n");
  // Without keep_secrets (a mirror's purge), nothing secret is read.
  auto plain = collect_files(*fs_root, {"/etc"}, config);
  ASSERT_TRUE(plain.ok());
  EXPECT_TRUE(plain->secrets.empty());
}

TEST_F(MachineSecret, EachSnapshotsBytesKeepTheirOwnIdBoundToThePath) {
  std::string first = keep("/etc/app/token", "token=abc\n");
  EXPECT_EQ(keep("/etc/app/token", "token=abc\n"), first) << "same bytes, same id";
  std::string second = keep("/etc/app/token", "token=new\n");
  EXPECT_NE(second, first);
  RootedFs store = twin_fs();
  // Going back to the first snapshot finds its bytes, not the latest.
  EXPECT_EQ(**remembered_secret_file(store, "/etc/app/token", first), "token=abc\n");
  EXPECT_EQ(**remembered_secret_file(store, "/etc/app/token", second), "token=new\n");
  // An id names bytes only for the path they were taken from.
  EXPECT_FALSE(remembered_secret_file(store, "/var/www/token.txt", first)->has_value());
  EXPECT_FALSE(remembered_secret_file(store, "/etc/app/token", "../../../x")->has_value());
}

TEST_F(MachineSecret, ApplyingPutsTheKeptBytesBackWithoutShowingThem) {
  std::string id = keep("/etc/app/token", "token=abc\n");
  testing::write_file(root() / "etc/app/token", "token=changed\n", 0644);
  auto steps = plan({secret_decl("/etc/app/token", id, "0600")});
  ASSERT_TRUE(steps.ok()) << steps.error().text();
  ASSERT_EQ(steps->size(), 1u);
  ASSERT_EQ(actions((*steps)[0]), (std::vector<Action>{Action::kReplace, Action::kChmod}));
  ASSERT_TRUE((*steps)[0].changes[0].diff.has_value());
  EXPECT_TRUE((*steps)[0].changes[0].diff->sensitive);
  auto cp = new_checkpoint();
  ASSERT_TRUE(apply_all(*steps, cp).ok());
  EXPECT_EQ(testing::read_file(root() / "etc/app/token"), "token=abc\n");
  EXPECT_EQ(testing::lstat_of(root() / "etc/app/token").st_mode & 07777, 0600u);
  undo_all(cp);
  EXPECT_EQ(testing::read_file(root() / "etc/app/token"), "token=changed\n");
}

TEST_F(MachineSecret, AnotherPathsCopyIsNeverUsed) {
  std::string id = keep("/etc/ssh/ssh_host_ed25519_key", "PRIVATE KEY BYTES\n");
  auto steps = plan({secret_decl("/srv/www/key.txt", id, "0644")});
  ASSERT_TRUE(steps.ok()) << steps.error().text();
  EXPECT_TRUE(steps->empty());
  EXPECT_FALSE(fs::exists(root() / "srv/www/key.txt"));
}

TEST_F(MachineSecret, WithoutACopyOnlyModeAndOwnerAreManagedAndNothingIsCreated) {
  const std::string unknown = "0123456789abcdef0123456789abcdef";
  testing::write_file(root() / "etc/app/token", "theirs\n", 0644);
  auto steps = plan({secret_decl("/etc/app/token", unknown, "0600"),
                     secret_decl("/etc/app/gone", unknown, "0600")});
  ASSERT_TRUE(steps.ok()) << steps.error().text();
  ASSERT_EQ(steps->size(), 1u);
  EXPECT_EQ((*steps)[0].address, "file[\"/etc/app/token\"]");
  EXPECT_EQ(actions((*steps)[0]), std::vector<Action>{Action::kChmod});
  auto notes = provider_.notes(context());
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].find("file[\"/etc/app/gone\"] is not created"), std::string::npos);
  auto cp = new_checkpoint();
  ASSERT_TRUE(apply_all(*steps, cp).ok());
  EXPECT_EQ(testing::read_file(root() / "etc/app/token"), "theirs\n");
  EXPECT_FALSE(fs::exists(root() / "etc/app/gone"));
}

TEST_F(MachineSecret, AnIdThatNoSnapshotCouldMakeIsRefusedWhereItIsWritten) {
  lang::DiagnosticSink sink;
  AccountDb accounts;
  auto spec = read_file_spec(secret_decl("/etc/app/token", "../../shadow", "0600"), accounts, sink);
  EXPECT_FALSE(spec.has_value());
  ASSERT_EQ(sink.all().size(), 1u);
  EXPECT_EQ(sink.all()[0].code, "E0313");
}

}  // namespace
}  // namespace twin::resources
