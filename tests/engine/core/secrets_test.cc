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

TEST(Secrets, SummaryCountsChangedLinesAndShowsOnlyHashPrefixes) {
  std::string s = sensitive_summary("a\nb\nc\n", "a\nB\nc\nd\n");
  EXPECT_EQ(s.rfind("(sensitive: 2 lines changed, sha256 ", 0), 0u) << s;
  EXPECT_EQ(s.find("B"), std::string::npos);
  EXPECT_EQ(sensitive_summary("", "x\n").find("sha256 (none) → "), 29u);
}

}  // namespace
}  // namespace twin::engine
