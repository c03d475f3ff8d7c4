// Where error recovery resumes (lang/internal/recovery.h): a skip from the
// broken rule's start only when nothing inside it recovered, each region
// re-read at most once, otherwise on from the point of failure.
#include "lang/internal/recovery.h"

#include <gtest/gtest.h>

#include <string_view>

namespace twin::lang::internal {
namespace {

// A stand-in skip: to the start of the next line (clean), or the end.
Resync to_next_line(std::string_view text, std::size_t begin) {
  std::size_t newline = text.find('\n', begin);
  if (newline == std::string_view::npos) return {text.size(), false};
  return {newline + 1, true};
}

constexpr std::string_view kText = "aaaa\nbbbb\ncccc\ndddd\n";  // lines start at 0, 5, 10, 15

TEST(Recovery, SkipsFromTheStartWhenTheSkipPassesTheFailure) {
  Recovery recovery;
  recovery.failed_at(2);
  Resync resync = recovery.resume(kText, 0, recovery.recoveries(), to_next_line);
  EXPECT_EQ(resync.offset, 5u);
  EXPECT_TRUE(resync.clean);
}

TEST(Recovery, ReReadsWhatTheBrokenRuleReadOnce) {
  Recovery recovery;
  recovery.failed_at(17);  // the rule read lines 1-3 and failed on line 4
  EXPECT_EQ(recovery.resume(kText, 0, recovery.recoveries(), to_next_line).offset, 5u);
  // Re-reading line 2 fails at the same place: line 3 is not re-read again.
  recovery.failed_at(17);
  Resync resync = recovery.resume(kText, 5, recovery.recoveries(), to_next_line);
  EXPECT_EQ(resync.offset, 20u);  // the skip from the failure
}

TEST(Recovery, AfterAnInnerRecoveryResumesAtAFailureThatStartsALine) {
  Recovery recovery;
  const std::size_t outer_start = recovery.recoveries();
  recovery.failed_at(7);
  EXPECT_EQ(recovery.resume(kText, 5, recovery.recoveries(), to_next_line).offset, 10u);
  // The outer rule went on and failed at line 4's first token: resume there,
  // not at line 2 after its start.
  recovery.failed_at(15);
  Resync resync = recovery.resume(kText, 0, outer_start, to_next_line);
  EXPECT_EQ(resync.offset, 15u);
  EXPECT_TRUE(resync.clean);
}

TEST(Recovery, AfterAnInnerRecoverySkipsOnFromAFailureInsideALine) {
  Recovery recovery;
  const std::size_t outer_start = recovery.recoveries();
  recovery.failed_at(7);
  (void)recovery.resume(kText, 5, recovery.recoveries(), to_next_line);
  recovery.failed_at(12);
  EXPECT_EQ(recovery.resume(kText, 0, outer_start, to_next_line).offset, 15u);
}

TEST(Recovery, AFailureAtTheEndResumesAtTheEndUncleanly) {
  Recovery recovery;
  const std::size_t outer_start = recovery.recoveries();
  recovery.failed_at(7);
  (void)recovery.resume(kText, 5, recovery.recoveries(), to_next_line);
  recovery.failed_at(kText.size());
  Resync resync = recovery.resume(kText, 0, outer_start, to_next_line);
  EXPECT_EQ(resync.offset, kText.size());
  EXPECT_FALSE(resync.clean);
}

}  // namespace
}  // namespace twin::lang::internal
