#include "engine/core/secrets.h"

#include <gtest/gtest.h>

namespace twin::engine {
namespace {

TEST(Secrets, RecognisesKeysAndCredentialAssignments) {
  struct Case {
    const char* text;
    const char* reason;  // nullptr: not a secret
  };
  const Case cases[] = {
      {"-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n-----END OPENSSH PRIVATE KEY-----\n",
       "private key block"},
      {"-----BEGIN PRIVATE KEY-----\nMIIE\n", "private key block"},
      {"password=hunter2\n", "password= assignment"},
      {"DB_PASSWORD = \"s3cret\"\n", "password= assignment"},
      {"api_key: abc123\n", "api_key= assignment"},
      {"  psk=\"wifi-pass\"\n", "psk= assignment"},
      {"token=ghp_xxx\n", "token= assignment"},
      // Not secrets: an empty value, a word that merely contains a key,
      // a public certificate, prose.
      {"password=\n", nullptr},
      {"tokenizer=bert\n", nullptr},
      {"-----BEGIN CERTIFICATE-----\nMIIB\n", nullptr},
      {"Forgot your password? Ask the admin.\n", nullptr},
  };
  for (const auto& c : cases) {
    auto reason = secret_reason(c.text);
    if (c.reason) {
      ASSERT_TRUE(reason.has_value()) << c.text;
      EXPECT_EQ(*reason, c.reason) << c.text;
    } else {
      EXPECT_FALSE(reason.has_value()) << c.text << " -> " << reason.value_or("");
    }
  }
}

// Keys that hold a credential only sometimes ("key", "auth", "pass") count
// when the value looks machine-made, in every assignment format.
TEST(Secrets, RandomLookingValuesUnderKeyLikeNamesAreSecrets) {
  struct Case {
    const char* text;
    bool secret;
  };
  const Case cases[] = {
      {"STRIPE_KEY=4eC39HqLyjWDarjtT1zdp7dc\n", true},                          // env
      {"export SIGNING_KEY='9f86d081884c7d659a2feaa0c55ad015a3bf4f1b'\n", true},  // shell
      {"encryption_key: Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5\n", true},                 // YAML
      {"{\"auth\": \"dGhpc2lzYXJhbmRvbXRva2VuMTIz\", \"x\": 1}\n", true},       // JSON
      {"[smtp]\npass = Xk29vLq8TzR4mWp3\n", true},                              // INI
      {"session_cookie = b7Q2xL9pZ4kV8nR3tY6w\n", true},
      // Not secrets: paths, words, switches, short values, references, comments.
      {"ssl_key = /etc/ssl/private/server.key\n", false},
      {"key_file: ~/.ssh/id_ed25519_backup_key\n", false},
      {"auth = required\n", false},
      {"pass = through\n", false},
      {"KeyringMode=private\n", false},
      {"api_host_key = ${HOST_KEY_FROM_VAULT}\n", false},
      {"# key = 4eC39HqLyjWDarjtT1zdp7dc\n", false},
      {"monkey = 4eC39HqLyjWDarjtT1zdp7dc\n", false},  // "monkey" is no key: "key" must be a word
      {"key = aaaaaaaaaaaaaaaaaaaa1\n", false},         // long but not random
  };
  for (const auto& c : cases) {
    auto reason = secret_reason(c.text);
    EXPECT_EQ(reason.has_value(), c.secret) << c.text << " -> " << reason.value_or("");
  }
}

TEST(Secrets, SensitiveDigestsAreKeyedPerMachine) {
  set_sensitive_digest_key(std::string(32, 'a'));
  std::string with_a = sensitive_digest("1234");
  EXPECT_EQ(with_a, sensitive_digest("1234"));
  EXPECT_NE(with_a, sensitive_digest("1235"));
  // Not the plain SHA-256 of "1234", which anyone can compute and compare.
  EXPECT_NE(with_a, "03ac674216f3e15c761ee1a5e255f067953623c8b388b4459e13f978d7c846f4");
  set_sensitive_digest_key(std::string(32, 'b'));
  EXPECT_NE(with_a, sensitive_digest("1234"));
}

TEST(Secrets, SummaryCountsChangedLinesAndShowsOnlyHashPrefixes) {
  std::string s = sensitive_summary("a\nb\nc\n", "a\nB\nc\nd\n");
  EXPECT_EQ(s.rfind("(sensitive: 2 lines changed, digest ", 0), 0u) << s;
  EXPECT_EQ(s.find("B"), std::string::npos);
  EXPECT_EQ(sensitive_summary("", "x\n").find("digest (none) → "), 29u);
}

}  // namespace
}  // namespace twin::engine
