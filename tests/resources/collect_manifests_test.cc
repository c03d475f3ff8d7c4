// The generated manifests, exact text: what is declared, what is left out
// (hand-declared addresses, dependencies, invalid crontabs) and the mirror's
// usual ownership.
#include "resources/collect_manifests.h"

#include <gtest/gtest.h>

namespace twin::resources {
namespace {

/// The manifest without its header comment.
std::string body(const std::string& text) {
  auto formatted = canonical_manifest("state/x.twin", text);
  EXPECT_TRUE(formatted.ok());
  std::string out = formatted.ok() ? *formatted : "";
  std::size_t start = out.find("\n\n");
  return start == std::string::npos ? "" : out.substr(start + 2);
}

FileMeta meta(mode_t mode, uid_t uid, gid_t gid) {
  FileMeta m;
  m.kind = FileKind::kFile;
  m.mode = mode;
  m.uid = uid;
  m.gid = gid;
  return m;
}

TEST(CollectManifests, PackagesManualOnlyHeldMarkedHandDeclaredLeftOut) {
  std::vector<CollectedPackage> packages = {{"app", "all", "1.0", true, false},
                                            {"libfoo1", "all", "1.0", false, false},
                                            {"nginx", "amd64", "1.22", true, true},
                                            {"vim", "amd64", "9.0", true, false}};
  EXPECT_EQ(body(packages_manifest(packages, {"package[\"vim\"]"})),
            "package \"app\" {\n}\n\npackage \"nginx\" {\n  hold = true\n}\n");
}

// Each recorded state comes back by applying: enabled and disabled units
// also unmask, masked ones mask, static ones (which cannot be enabled) only
// unmask; states no declaration can bring back are left to live/.
TEST(CollectManifests, ServicesRecordWhatRestoresTheirEnablement) {
  std::vector<CollectedService> services = {{"a.service", "enabled", {}},
                                            {"b.timer", "disabled", {}},
                                            {"c.service", "static", {}},
                                            {"d.service", "masked", {}},
                                            {"e.service", "enabled-runtime", {}},
                                            {"f.service", "indirect", {}},
                                            {"g.service", "generated", {}},
                                            {"h.service", "transient", {}},
                                            {"i.service", "alias", {}},
                                            {"j.service", "linked", {}},
                                            {"k.service", "masked-runtime", {}},
                                            {"l.service", "static", {}},
                                            {"m.socket", "enabled", {}}};
  EXPECT_EQ(body(services_manifest(services, {"service[\"l\"]"})),
            "service \"a\" {\n  enabled = true\n  masked = false\n}\n\n"
            "service \"b.timer\" {\n  enabled = false\n  masked = false\n}\n\n"
            "service \"c\" { masked = false }\n"
            "service \"d\" { masked = true }\n\n"
            "service \"e\" {\n  enabled = true\n  masked = false\n}\n\n"
            "service \"m.socket\" {\n  enabled = true\n  masked = false\n}\n");
}

TEST(CollectManifests, CrontabsValidKnownUsersOnlyAndSecretsSensitive) {
  AccountDb accounts({{"alice", 1000}, {"bob", 1001}}, {});
  std::vector<CollectedCrontab> crontabs = {{"alice", "0 3 * * * /bin/backup ${HOME}\n", {}},
                                            {"bob", "x\n", "line 1: bad"},
                                            {"carol", "@daily /bin/true\n", {}},
                                            {"root", "@daily curl -H token=abc\n", {}}};
  std::vector<std::string> left_out;
  std::string text = body(crontabs_manifest(crontabs, accounts, {}, left_out));
  EXPECT_EQ(text,
            "crontab \"alice\" {\n  content = \"0 3 * * * /bin/backup \\${HOME}\\n\"\n}\n\n"
            "crontab \"root\" {\n  content = \"@daily curl -H token=abc\\n\"\n  sensitive = true\n}\n\n"
            // A crontab added later is removed; those left out here are kept.
            "# A crontab added after this snapshot is removed when it is applied.\n"
            "crontabs \"unlisted\" {\n  ensure = \"absent\"\n  keep = [\"bob\", \"carol\"]\n}\n");
  // Without a readable spool nothing is said about the crontabs not listed.
  std::vector<std::string> ignored;
  EXPECT_EQ(body(crontabs_manifest(crontabs, accounts, {}, ignored, /*spool_read=*/false))
                .find("crontabs \"unlisted\""),
            std::string::npos);
  EXPECT_EQ(left_out, (std::vector<std::string>{"bob: line 1: bad",
                                                "carol: no such user in the target's etc/passwd"}));
}

TEST(CollectManifests, MirrorTakesTheUsualOwnershipAndFilesRecordTheRest) {
  AccountDb accounts({{"root", 0}}, {{"root", 0}, {"adm", 4}});
  FilesCollection files;
  files.roots = {{"/etc", meta(0755, 0, 0)}, {"/srv", meta(0755, 0, 0)}};
  files.files = {{"/etc/a", "a\n", meta(0644, 0, 0)},
                 {"/etc/b", "b\n", meta(0644, 0, 0)},
                 {"/etc/log.conf", "c\n", meta(0640, 0, 4)},
                 {"/etc/mine", "d\n", meta(0600, 0, 0)}};
  EXPECT_EQ(body(files_manifest(files, accounts, {"file[\"/etc/mine\"]"})),
            "# Every file under /etc that no `file` resource declares; files created\n"
            "# there since (that a snapshot would mirror) are deleted.\n"
            "mirror \"/etc\" {\n  source = \"filesystem/etc\"\n  mode = \"0644\"\n  owner = \"root\"\n"
            "  group = \"root\"\n  purge = true\n}\n\n"
            "file \"/etc/log.conf\" {\n  source = \"filesystem/etc/log.conf\"\n  mode = \"0640\"\n"
            "  owner = \"root\"\n  group = \"adm\"\n}\n");
}

TEST(CollectManifests, UnparsableTextIsABug) {
  auto bad = canonical_manifest("state/x.twin", "package \"a\" {\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "E1501");
}

}  // namespace
}  // namespace twin::resources
