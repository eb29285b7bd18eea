// paiban::OutputSet (engine/include/paiban/files.h): a commit of several outputs is all or
// nothing even when a rename fails after another already replaced its target (issue #15).
// The failure is made real, not simulated: after staging, the second target is replaced by a
// non-empty folder, so rename() over it fails (EISDIR) — as root too, where permissions would not.
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "paiban/files.h"

namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

class OutputSetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("paiban-outputs-" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  // Every name in the folder, hidden temporaries and backups included.
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir_)) out.push_back(e.path().filename());
    std::sort(out.begin(), out.end());
    return out;
  }
  fs::path dir_;
};

TEST_F(OutputSetTest, ARenameFailingMidwayRestoresTheTargetsAlreadyReplaced) {
  write_file(dir_ / "a.pdf", "old a");
  write_file(dir_ / "b.docx", "old b");
  write_file(dir_ / "c.pdf", "old c");
  paiban::OutputSet outputs;
  ASSERT_EQ(outputs.stage((dir_ / "a.pdf").string(), "new a"), "");
  ASSERT_EQ(outputs.stage((dir_ / "new.pdf").string(), "new file"), "");
  ASSERT_EQ(outputs.stage((dir_ / "b.docx").string(), "new b"), "");
  ASSERT_EQ(outputs.stage((dir_ / "c.pdf").string(), "new c"), "");
  // a.pdf and new.pdf are renamed first; then b.docx, now a folder with a file in it, fails.
  fs::remove(dir_ / "b.docx");
  fs::create_directory(dir_ / "b.docx");
  write_file(dir_ / "b.docx" / "keep", "k");

  const std::string error = outputs.commit();
  EXPECT_NE(error.find("b.docx: cannot write"), std::string::npos) << error;
  EXPECT_EQ(error.find("could not be restored"), std::string::npos) << error;
  EXPECT_EQ(read_file(dir_ / "a.pdf"), "old a");  // replaced, then restored
  EXPECT_FALSE(fs::exists(dir_ / "new.pdf"));     // created, then removed
  EXPECT_EQ(read_file(dir_ / "c.pdf"), "old c");  // never reached
  EXPECT_EQ(read_file(dir_ / "b.docx" / "keep"), "k");
  // No temporary file or backup is left behind.
  EXPECT_EQ(names(), (std::vector<std::string>{"a.pdf", "b.docx", "c.pdf"}));
}

TEST_F(OutputSetTest, ASuccessfulCommitReplacesEveryTargetAndRemovesTheBackups) {
  write_file(dir_ / "a.pdf", "old a");
  ::chmod((dir_ / "a.pdf").c_str(), 0640);
  // A second name of the old file keeps the old contents: the target is replaced, not rewritten.
  fs::create_hard_link(dir_ / "a.pdf", dir_ / "old-a.pdf");
  paiban::OutputSet outputs;
  ASSERT_EQ(outputs.stage((dir_ / "a.pdf").string(), "new a"), "");
  ASSERT_EQ(outputs.stage((dir_ / "b.docx").string(), "new b"), "");
  EXPECT_EQ(outputs.commit(), "");
  EXPECT_EQ(read_file(dir_ / "a.pdf"), "new a");
  EXPECT_EQ(read_file(dir_ / "b.docx"), "new b");
  EXPECT_EQ(read_file(dir_ / "old-a.pdf"), "old a");
  EXPECT_EQ(fs::status(dir_ / "a.pdf").permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  EXPECT_EQ(names(), (std::vector<std::string>{"a.pdf", "b.docx", "old-a.pdf"}));
}

TEST_F(OutputSetTest, ADiscardedSetLeavesNothingBehind) {
  write_file(dir_ / "a.pdf", "old a");
  {
    paiban::OutputSet outputs;
    ASSERT_EQ(outputs.stage((dir_ / "a.pdf").string(), "new a"), "");
    ASSERT_EQ(outputs.stage((dir_ / "b.pdf").string(), "new b"), "");
  }  // destroyed without commit
  EXPECT_EQ(read_file(dir_ / "a.pdf"), "old a");
  EXPECT_EQ(names(), (std::vector<std::string>{"a.pdf"}));
}

// The descriptors this process has open (Linux: /proc/self/fd).
size_t open_descriptors() {
  size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator("/proc/self/fd")) ++n;
  return n;
}

// A staged file stays open until commit() syncs it (its write-back starts at stage()); nothing is
// left open after a commit, a discard or a destruction, and a batch's set (deferred sync) keeps
// nothing open at all.
TEST_F(OutputSetTest, StagedFilesAreClosedByCommitDiscardAndDestruction) {
  if (!fs::exists("/proc/self/fd")) GTEST_SKIP() << "no /proc/self/fd to count descriptors";
  const size_t before = open_descriptors();
  {
    paiban::OutputSet outputs;
    ASSERT_EQ(outputs.stage((dir_ / "a.pdf").string(), "new a"), "");
    ASSERT_EQ(outputs.stage((dir_ / "b.docx").string(), "new b"), "");
    EXPECT_EQ(open_descriptors(), before + 2);
    ASSERT_EQ(outputs.commit(), "");
    EXPECT_EQ(open_descriptors(), before);
    EXPECT_EQ(read_file(dir_ / "a.pdf"), "new a");
    EXPECT_EQ(read_file(dir_ / "b.docx"), "new b");

    ASSERT_EQ(outputs.stage((dir_ / "a.pdf").string(), "newer a"), "");
    outputs.discard();
    EXPECT_EQ(open_descriptors(), before);
    EXPECT_EQ(read_file(dir_ / "a.pdf"), "new a");

    ASSERT_EQ(outputs.stage((dir_ / "a.pdf").string(), "newest a"), "");
  }  // destroyed without commit
  EXPECT_EQ(open_descriptors(), before);
  EXPECT_EQ(names(), (std::vector<std::string>{"a.pdf", "b.docx"}));

  paiban::OutputSet batch;
  batch.set_deferred_sync(true);
  ASSERT_EQ(batch.stage((dir_ / "c.pdf").string(), "c"), "");
  EXPECT_EQ(open_descriptors(), before);
  ASSERT_EQ(batch.commit(), "");
  EXPECT_EQ(read_file(dir_ / "c.pdf"), "c");
}

}  // namespace
