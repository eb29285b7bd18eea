// `paiban import` (one file, a folder with a failing file) and `paiban check` with the rules.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "support/run_command.h"
#include "test_support.h"

namespace paiban::import {
namespace {

namespace fs = std::filesystem;
using paiban::test_support::CommandResult;
using paiban::test_support::run_command;

std::string quote(const fs::path& p) { return "'" + p.string() + "'"; }

class ImportCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(PAIBAN_CLI)) GTEST_SKIP() << "the paiban CLI is not built";
    dir_ = fs::temp_directory_path() /
           ("paiban-import-cli-" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  std::string cli() const { return quote(PAIBAN_CLI); }
  fs::path dir_;
};

TEST_F(ImportCliTest, OneFile) {
  const fs::path out = dir_ / "report.json";
  const CommandResult r = run_command(
      cli() + " import " + quote(testing::data_dir() / "hongzequ-2023.txt") + " -o " + quote(out));
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("hongzequ-2023.txt:81: warning:"), std::string::npos) << r.output;
  EXPECT_TRUE(testing::read_file(out) ==
              testing::read_file(testing::source_dir() / "samples/hongzequ-2023/report.json"))
      << "the CLI's output differs from samples/hongzequ-2023/report.json";

  // Without -o the JSON goes to standard output.
  const CommandResult stdout_run = run_command(
      cli() + " import " + quote(testing::data_dir() / "huaian-2024.txt") + " 2>/dev/null");
  EXPECT_EQ(stdout_run.code, 0);
  EXPECT_TRUE(stdout_run.output ==
              testing::read_file(testing::source_dir() / "samples/huaian-2024/report.json"))
      << "the CLI's standard output differs from samples/huaian-2024/report.json";
}

TEST_F(ImportCliTest, FolderGoesOnPastAFailure) {
  const fs::path in = dir_ / "in";
  const fs::path out = dir_ / "out";
  fs::create_directories(in);
  fs::copy_file(testing::data_dir() / "huaian-2024.txt", in / "b.txt");
  fs::copy_file(testing::data_dir() / "hongzequ-2023.txt", in / "c.txt");
  testing::write_file(in / "a.txt", "标题\n\n\xff\xfe\n");  // not UTF-8
  testing::write_file(in / "notes.md", "not imported");
  const CommandResult r = run_command(cli() + " import " + quote(in) + " -o " + quote(out));
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_NE(r.output.find("2 imported, 1 failed"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("a.txt:3: error:"), std::string::npos) << r.output;
  EXPECT_TRUE(fs::exists(out / "b.json"));
  EXPECT_TRUE(fs::exists(out / "c.json"));
  EXPECT_FALSE(fs::exists(out / "a.json"));
  EXPECT_FALSE(fs::exists(out / "notes.json"));

  fs::remove(in / "a.txt");
  const CommandResult ok = run_command(cli() + " import " + quote(in) + " -o " + quote(out));
  EXPECT_EQ(ok.code, 0) << ok.output;
  EXPECT_NE(ok.output.find("2 imported, 0 failed"), std::string::npos) << ok.output;
}

TEST_F(ImportCliTest, UsageAndIoErrors) {
  EXPECT_EQ(run_command(cli() + " import").code, 2);
  EXPECT_EQ(run_command(cli() + " import " + quote(testing::data_dir()) + " --bogus").code, 2);
  // A folder needs -o.
  EXPECT_EQ(run_command(cli() + " import " + quote(testing::data_dir())).code, 2);
  EXPECT_EQ(run_command(cli() + " import " + quote(dir_ / "missing.txt") + " -o " +
                        quote(dir_ / "x.json"))
                .code,
            3);
  EXPECT_EQ(run_command(cli() + " import " + quote(testing::data_dir() / "huaian-2024.txt") +
                        " -o " + quote(dir_ / "no-such-folder" / "x.json"))
                .code,
            3);
}

TEST_F(ImportCliTest, CheckRunsTheRules) {
  const fs::path hz = testing::source_dir() / "samples/hongzequ-2023/report.json";
  const fs::path ha = testing::source_dir() / "samples/huaian-2024/report.json";
  const CommandResult warn = run_command(cli() + " check " + quote(hz));
  EXPECT_EQ(warn.code, 0) << warn.output;
  EXPECT_NE(
      warn.output.find("warning: /body/14/rows/3/cells/4: 表四 行政复议 总计: 0 ≠ 结果维持 10"),
      std::string::npos)
      << warn.output;
  const CommandResult strict = run_command(cli() + " check --strict " + quote(hz));
  EXPECT_EQ(strict.code, 1) << strict.output;
  EXPECT_NE(strict.output.find("error: /body/14/rows/3/cells/14: 表四 行政诉讼/复议后起诉 总计"),
            std::string::npos)
      << strict.output;
  const CommandResult clean = run_command(cli() + " check --strict " + quote(ha));
  EXPECT_EQ(clean.code, 0) << clean.output;
  const CommandResult previous =
      run_command(cli() + " check " + quote(ha) + " --previous " + quote(ha));
  EXPECT_EQ(previous.code, 0) << previous.output;
  EXPECT_NE(previous.output.find("上年报告 四、结转下年度继续办理 103"), std::string::npos)
      << previous.output;
  EXPECT_EQ(run_command(cli() + " check " + quote(ha) + " --previous").code, 2);
  EXPECT_EQ(
      run_command(cli() + " check " + quote(ha) + " --previous " + quote(dir_ / "none.json")).code,
      3);
}

}  // namespace
}  // namespace paiban::import
