// Test support for file provider tests: a sandbox with a target root (with
// its own etc/passwd and etc/group), a twin directory, a directory "outside"
// the root that must never change, and helpers to plan, apply and undo.
#pragma once

#include <gtest/gtest.h>

#include <deque>
#include <vector>

#include "engine/core/checkpoint.h"
#include "resources/file_provider.h"
#include "tests/resources/decl_builder.h"
#include "tests/resources/recording_runner.h"
#include "tests/resources/sandbox.h"

namespace twin::resources::testing {

class FileFixture : public ::testing::Test {
 protected:
  static constexpr unsigned kAliceUid = 4242;
  static constexpr unsigned kAliceGid = 4343;

  void SetUp() override {
    std::filesystem::create_directories(root());
    std::filesystem::create_directories(twin());
    std::filesystem::create_directories(outside());
    write_file(root() / "etc/passwd",
               "root:x:0:0:root:/root:/bin/bash\n"
               "alice:x:4242:4343:Alice:/home/alice:/bin/sh\n");
    write_file(root() / "etc/group", "root:x:0:\nalice:x:4343:\n");
    write_file(outside() / "precious", "outside bytes\n", 0600);
    outside_mtime_ = mtime_ns(outside() / "precious");
    outside_print_ = fingerprint(outside());
  }

  void TearDown() override {
    // Whatever a test did, the directory outside the root is untouched.
    EXPECT_EQ(fingerprint(outside()), outside_print_);
    EXPECT_EQ(mtime_ns(outside() / "precious"), outside_mtime_);
    EXPECT_TRUE(runner_.commands.empty()) << "the file provider must not run commands";
  }

  std::filesystem::path root() const { return sandbox_.path() / "root"; }
  std::filesystem::path twin() const { return sandbox_.path() / "twin"; }
  std::filesystem::path outside() const { return sandbox_.path() / "outside"; }

  engine::Context context() { return engine::Context{host_, twin()}; }

  /// Keeps the declaration alive for as long as steps point at it.
  const lang::ResourceDecl& keep(lang::ResourceDecl decl) {
    decls_.push_back(std::move(decl));
    return decls_.back();
  }

  engine::Result<std::vector<engine::Step>> plan(std::vector<lang::ResourceDecl> decls) {
    std::vector<const lang::ResourceDecl*> pointers;
    for (auto& d : decls) pointers.push_back(&keep(std::move(d)));
    return provider_.plan(pointers, context());
  }

  engine::Checkpoint new_checkpoint() {
    auto cp = engine::Checkpoint::create(sandbox_.path() / "state" /
                                         ("cp" + std::to_string(checkpoints_++)));
    EXPECT_TRUE(cp.ok()) << cp.error().text();
    return std::move(*cp);
  }

  /// Applies steps in order; returns the first failure.
  engine::Status apply_all(const std::vector<engine::Step>& steps, engine::Checkpoint& cp) {
    for (const auto& step : steps)
      if (auto st = provider_.apply(step, context(), cp); !st) return st;
    return {};
  }

  /// Undoes every record of the checkpoint, newest first, as rollback does;
  /// reopens it from disk first, to use only what was journaled.
  void undo_all(const engine::Checkpoint& cp) {
    auto reopened = engine::Checkpoint::open(cp.dir());
    ASSERT_TRUE(reopened.ok()) << reopened.error().text();
    const auto& records = reopened->records();
    for (auto it = records.rbegin(); it != records.rend(); ++it) {
      auto st = provider_.undo(*it, context(), *reopened);
      ASSERT_TRUE(st.ok()) << st.error().text() << " undoing " << it->data.dump();
    }
  }

  static std::vector<engine::Action> actions(const engine::Step& step) {
    std::vector<engine::Action> out;
    for (const auto& c : step.changes) out.push_back(c.action);
    return out;
  }

  TempDir sandbox_;
  RecordingRunner runner_;
  engine::Host host_{sandbox_.path() / "root", runner_};
  FileProvider provider_;
  std::deque<lang::ResourceDecl> decls_;
  int checkpoints_ = 0;
  std::map<std::string, std::string> outside_print_;
  long long outside_mtime_ = 0;
};

}  // namespace twin::resources::testing
