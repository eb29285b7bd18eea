// End-to-end tests of the batch mode of `paiban render` (issue 13) and of its shards and manifest
// (issue 14), through the built command: a batch writes the same bytes as single renders, whatever
// the number of jobs; failures stay with their report; shards split a batch without overlap.
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support/run_command.h"

namespace {

namespace fs = std::filesystem;
using paiban::test_support::CommandResult;
using paiban::test_support::run_command;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void write_file(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

// A small report with its own title, so that every file of a batch has its own bytes.
std::string small_report(const std::string& title) {
  return "{\"metadata\": {\"title\": \"" + title +
         "\"}, \"body\": [{\"type\": \"paragraph\", \"text\": \"本年度共受理申请 12 件。\"}]}";
}

// Every regular file under `dir`, by path relative to it, with its bytes.
std::map<std::string, std::string> tree(const fs::path& dir) {
  std::map<std::string, std::string> files;
  if (!fs::exists(dir)) return files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) {
      files[e.path().lexically_relative(dir).generic_string()] = read_file(e.path());
    }
  }
  return files;
}

// The documented shard function (docs/scale-out.md): FNV-1a 64 of the relative path, modulo N.
std::uint64_t fnv1a64(const std::string& text) {
  std::uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

class BatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("paiban-batch-" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // The command with a fixed date, so that runs can be compared byte for byte; `env` holds
  // env(1)'s options and assignments.
  CommandResult paiban(const std::string& args, const std::string& env = "") {
    return run_command("env " + env + " SOURCE_DATE_EPOCH=1700000000 timeout 300 " +
                       std::string(PAIBAN_CLI) + " " + args);
  }

  // `count` small reports in nested folders under dir_/in.
  fs::path make_inputs(int count) {
    const fs::path in = dir_ / "in";
    for (int i = 0; i < count; ++i) {
      write_file(in / ("part" + std::to_string(i % 3)) / ("r" + std::to_string(i) + ".json"),
                 small_report("报告" + std::to_string(i)));
    }
    return in;
  }

  fs::path dir_;
};

const fs::path kSamples = fs::path(PAIBAN_SOURCE_DIR) / "samples";

TEST_F(BatchTest, SamplesFolderGivesTheBytesOfSingleRenders) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(kSamples)) {
    if (fs::exists(e.path() / "report.json")) names.push_back(e.path().filename().string());
  }
  ASSERT_GE(names.size(), 2u);
  for (const std::string& name : names) {
    fs::create_directories(dir_ / "single" / name);
    const fs::path base = dir_ / "single" / name / "report";
    CommandResult r = paiban("render " + q(kSamples / name / "report.json") + " -o " +
                             q(base.string() + ".pdf") + " -o " + q(base.string() + ".docx"));
    ASSERT_EQ(r.code, 0) << r.output;
  }
  CommandResult batch = paiban("render " + q(kSamples) + " --out-dir " + q(dir_ / "batch") +
                               " --jobs 2");
  ASSERT_EQ(batch.code, 0) << batch.output;
  EXPECT_NE(batch.output.find(std::to_string(names.size()) + " rendered, 0 failed"),
            std::string::npos)
      << batch.output;
  const auto single = tree(dir_ / "single");
  EXPECT_EQ(single.size(), 2 * names.size());
  EXPECT_TRUE(single == tree(dir_ / "batch")) << "the batch's outputs differ from single renders";
}

TEST_F(BatchTest, OneAndTwoJobsWriteTheSameBytes) {
  const fs::path in = make_inputs(6);
  CommandResult one = paiban("render " + q(in) + " --out-dir " + q(dir_ / "j1") + " --jobs 1");
  ASSERT_EQ(one.code, 0) << one.output;
  CommandResult two = paiban("render " + q(in) + " --out-dir " + q(dir_ / "j2") + " --jobs 2");
  ASSERT_EQ(two.code, 0) << two.output;
  const auto a = tree(dir_ / "j1");
  EXPECT_EQ(a.size(), 12u);
  EXPECT_TRUE(a.count("part0/r3.pdf") == 1 && a.count("part2/r5.docx") == 1);
  EXPECT_TRUE(a == tree(dir_ / "j2"));
  // Files given one by one keep only their name: same bytes as found in the folder.
  CommandResult files = paiban("render " + q(in / "part1" / "r1.json") + " " +
                               q(in / "part1" / "r4.json") + " --format pdf --out-dir " +
                               q(dir_ / "files"));
  ASSERT_EQ(files.code, 0) << files.output;
  const auto f = tree(dir_ / "files");
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f.at("r1.pdf"), a.at("part1/r1.pdf"));
  EXPECT_EQ(f.at("r4.pdf"), a.at("part1/r4.pdf"));
}

TEST_F(BatchTest, BrokenReportFailsAloneAndTheExitCodeSaysSo) {
  const fs::path in = make_inputs(3);
  write_file(in / "part1" / "broken.json", "{\"metadata\": {\"title\": 3}, \"body\": [}");
  CommandResult r = paiban("render " + q(in) + " --out-dir " + q(dir_ / "out") + " --jobs 2");
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_NE(r.output.find("3 rendered, 1 failed"), std::string::npos) << r.output;
  // The diagnostic names the report and the place in it.
  EXPECT_NE(r.output.find((in / "part1" / "broken.json").string() + ":1:"), std::string::npos)
      << r.output;
  const auto out = tree(dir_ / "out");
  EXPECT_EQ(out.size(), 6u);
  EXPECT_EQ(out.count("part1/broken.pdf"), 0u);
  // On a pipe there is no progress bar (no carriage return, no escape sequence).
  EXPECT_EQ(r.output.find('\r'), std::string::npos);
  EXPECT_EQ(r.output.find('\033'), std::string::npos);
}

TEST_F(BatchTest, FailFastStopsAfterTheFirstFailure) {
  const fs::path in = make_inputs(4);
  write_file(in / "a-broken.json", "not json");  // sorted first
  CommandResult r = paiban("render " + q(in) + " --out-dir " + q(dir_ / "out") +
                           " --jobs 1 --fail-fast");
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_NE(r.output.find("0 rendered, 1 failed, 4 not run"), std::string::npos) << r.output;
  EXPECT_TRUE(tree(dir_ / "out").empty());
  // Keep-going (the default) renders the others.
  r = paiban("render " + q(in) + " --out-dir " + q(dir_ / "out") + " --jobs 1");
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_NE(r.output.find("4 rendered, 1 failed"), std::string::npos) << r.output;
}

TEST_F(BatchTest, SkipUpToDateSkipsUntilTheInputChanges) {
  const fs::path in = make_inputs(3);
  const std::string args = "render " + q(in) + " --out-dir " + q(dir_ / "out") + " --format pdf";
  CommandResult r = paiban(args);
  ASSERT_EQ(r.code, 0) << r.output;
  const fs::path pdf = dir_ / "out" / "part1" / "r1.pdf";
  const auto first_time = fs::last_write_time(pdf);

  r = paiban(args + " --skip-up-to-date");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("0 rendered, 0 failed, 3 skipped"), std::string::npos) << r.output;
  EXPECT_EQ(fs::last_write_time(pdf), first_time);

  // An edited report (its time after its output's) is rendered again, and only it.
  write_file(in / "part1" / "r1.json", small_report("改过的标题"));
  fs::last_write_time(in / "part1" / "r1.json", first_time + std::chrono::seconds(5));
  const std::string before = read_file(pdf);
  r = paiban(args + " --skip-up-to-date");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("1 rendered, 0 failed, 2 skipped"), std::string::npos) << r.output;
  EXPECT_NE(read_file(pdf), before);
  // A missing output is rendered again too.
  fs::remove(dir_ / "out" / "part2" / "r2.pdf");
  r = paiban(args + " --skip-up-to-date --quiet");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_TRUE(r.output.empty()) << r.output;  // --quiet: no summary
  EXPECT_TRUE(fs::exists(dir_ / "out" / "part2" / "r2.pdf"));
}

TEST_F(BatchTest, ShardsAreDisjointAndTheirUnionIsTheBatch) {
  const fs::path in = make_inputs(9);
  CommandResult r = paiban("render " + q(in) + " --out-dir " + q(dir_ / "all") + " --format pdf");
  ASSERT_EQ(r.code, 0) << r.output;
  const auto all = tree(dir_ / "all");
  ASSERT_EQ(all.size(), 9u);
  std::map<std::string, std::string> merged;
  for (int i = 0; i < 3; ++i) {
    const fs::path out = dir_ / ("shard" + std::to_string(i));
    r = paiban("render " + q(in) + " --out-dir " + q(out) + " --format pdf --shard " +
               std::to_string(i) + "/3");
    ASSERT_EQ(r.code, 0) << r.output;
    for (const auto& [path, bytes] : tree(out)) {
      EXPECT_TRUE(merged.emplace(path, bytes).second) << path << " is in two shards";
      // The documented assignment: FNV-1a 64 of the input's relative path, modulo N.
      const std::string relative = fs::path(path).replace_extension(".json").generic_string();
      EXPECT_EQ(fnv1a64(relative) % 3, static_cast<std::uint64_t>(i)) << relative;
    }
  }
  EXPECT_TRUE(merged == all) << "the shards' union differs from the whole batch";

  EXPECT_EQ(paiban("render " + q(in) + " --out-dir " + q(dir_ / "x") + " --shard 3/3").code, 2);
  EXPECT_EQ(paiban("render " + q(in) + " --out-dir " + q(dir_ / "x") + " --shard 1").code, 2);
}

TEST_F(BatchTest, ShardAutoReadsKubernetesAndSlurmEnvironments) {
  const fs::path in = make_inputs(9);
  const std::string base = "render " + q(in) + " --format pdf --out-dir ";
  ASSERT_EQ(paiban(base + q(dir_ / "explicit") + " --shard 1/3").code, 0);
  const auto expected = tree(dir_ / "explicit");
  ASSERT_FALSE(expected.empty());

  const std::string clean =
      "-u JOB_COMPLETION_INDEX -u PAIBAN_SHARD_COUNT -u SLURM_ARRAY_TASK_ID "
      "-u SLURM_ARRAY_TASK_MIN -u SLURM_ARRAY_TASK_STEP -u SLURM_ARRAY_TASK_COUNT ";
  CommandResult r = paiban(base + q(dir_ / "k8s") + " --shard auto",
                           clean + "JOB_COMPLETION_INDEX=1 PAIBAN_SHARD_COUNT=3");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_TRUE(tree(dir_ / "k8s") == expected);
  r = paiban(base + q(dir_ / "k8s-n") + " --shard auto/3", clean + "JOB_COMPLETION_INDEX=1");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_TRUE(tree(dir_ / "k8s-n") == expected);
  // sbatch --array=4-6: tasks 4, 5, 6 are shards 0, 1, 2.
  r = paiban(base + q(dir_ / "slurm") + " --shard auto",
             clean + "SLURM_ARRAY_TASK_ID=5 SLURM_ARRAY_TASK_MIN=4 SLURM_ARRAY_TASK_COUNT=3");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_TRUE(tree(dir_ / "slurm") == expected);

  r = paiban(base + q(dir_ / "none") + " --shard auto", clean);
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("JOB_COMPLETION_INDEX"), std::string::npos) << r.output;
  r = paiban(base + q(dir_ / "none") + " --shard auto", clean + "JOB_COMPLETION_INDEX=1");
  EXPECT_EQ(r.code, 2) << r.output;  // no count
}

TEST_F(BatchTest, ManifestLinesCarryStatusDiagnosticsAndSha256) {
  if (run_command("command -v sha256sum").code != 0) GTEST_SKIP() << "sha256sum is not installed";
  const fs::path in = make_inputs(3);
  write_file(in / "part0" / "broken.json", "{\"metadata\": {\"title\": \"x\"},\n \"body\": 7}");
  const fs::path manifest = dir_ / "shard.jsonl";
  CommandResult r = paiban("render " + q(in) + " --out-dir " + q(dir_ / "out") +
                           " --manifest " + q(manifest) + " --shard 0/1");
  EXPECT_EQ(r.code, 1) << r.output;
  std::istringstream lines(read_file(manifest));
  std::map<std::string, nlohmann::json> by_relative;
  for (std::string line; std::getline(lines, line);) {
    nlohmann::json j = nlohmann::json::parse(line);  // throws (fails the test) when not JSON
    by_relative[j.at("relative").get<std::string>()] = j;
  }
  ASSERT_EQ(by_relative.size(), 4u);
  const nlohmann::json& broken = by_relative.at("part0/broken.json");
  EXPECT_EQ(broken.at("status"), "invalid");
  ASSERT_FALSE(broken.at("diagnostics").empty());
  const nlohmann::json& d = broken.at("diagnostics").at(0);
  EXPECT_EQ(d.at("severity"), "error");
  EXPECT_EQ(d.at("source"), (in / "part0" / "broken.json").string());
  EXPECT_EQ(d.at("pointer"), "/body");
  EXPECT_EQ(d.at("line"), 2);
  EXPECT_EQ(broken.at("shard").at("count"), 1);

  const nlohmann::json& good = by_relative.at("part1/r1.json");
  EXPECT_EQ(good.at("status"), "rendered");
  EXPECT_EQ(good.at("input"), (in / "part1" / "r1.json").string());
  ASSERT_EQ(good.at("outputs").size(), 2u);
  for (const nlohmann::json& out : good.at("outputs")) {
    const std::string path = out.at("path");
    CommandResult sum = run_command("sha256sum " + q(path));
    ASSERT_EQ(sum.code, 0) << sum.output;
    EXPECT_EQ(out.at("sha256").get<std::string>(), sum.output.substr(0, 64)) << path;
    EXPECT_EQ(out.at("bytes").get<std::uintmax_t>(), fs::file_size(path));
  }
  EXPECT_EQ(good.at("outputs").at(0).at("format"), "pdf");
  EXPECT_EQ(good.at("outputs").at(1).at("format"), "docx");

  // Skipped reports keep their outputs' digests, so a coordinator can merge resumed runs.
  r = paiban("render " + q(in) + " --out-dir " + q(dir_ / "out") + " --skip-up-to-date" +
             " --manifest " + q(manifest));
  std::istringstream again(read_file(manifest));
  int skipped = 0;
  for (std::string line; std::getline(again, line);) {
    nlohmann::json j = nlohmann::json::parse(line);
    if (j.at("status") != "skipped") continue;
    ++skipped;
    const std::string path = j.at("outputs").at(0).at("path");
    EXPECT_EQ(j.at("outputs").at(0).at("sha256").get<std::string>(),
              run_command("sha256sum " + q(path)).output.substr(0, 64));
  }
  EXPECT_EQ(skipped, 3);
}

TEST_F(BatchTest, UnsafeOutputFailsOnlyItsReport) {
  const fs::path in = make_inputs(3);
  const fs::path out = dir_ / "out";
  fs::create_directories(out / "part1");
  ASSERT_EQ(::mkfifo((out / "part1" / "r1.pdf").c_str(), 0644), 0);
  CommandResult r = paiban("render " + q(in) + " --out-dir " + q(out) + " --jobs 2");
  EXPECT_EQ(r.code, 3) << r.output;  // an I/O failure, as for a single render
  EXPECT_NE(r.output.find("2 rendered, 1 failed"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("a FIFO"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find((in / "part1" / "r1.json").string()), std::string::npos) << r.output;
  struct stat st {};
  ASSERT_EQ(::stat((out / "part1" / "r1.pdf").c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
  EXPECT_FALSE(fs::exists(out / "part1" / "r1.docx"));  // all or nothing per report
  EXPECT_TRUE(fs::exists(out / "part0" / "r0.pdf") && fs::exists(out / "part2" / "r2.docx"));
  // No temporary file is left behind anywhere in the output folder.
  for (const auto& e : fs::recursive_directory_iterator(out)) {
    EXPECT_NE(e.path().filename().string()[0], '.') << e.path();
  }
}

TEST_F(BatchTest, UsageErrors) {
  const fs::path in = make_inputs(1);
  EXPECT_EQ(paiban("render " + q(in) + " --jobs 2").code, 2);  // no --out-dir
  EXPECT_EQ(paiban("render " + q(in) + " --out-dir " + q(dir_ / "o") + " --jobs 0").code, 2);
  EXPECT_EQ(paiban("render " + q(in) + " --out-dir " + q(dir_ / "o") + " --format png").code, 2);
  EXPECT_EQ(paiban("render " + q(in) + " --out-dir " + q(dir_ / "o") + " -o x.pdf").code, 2);
  CommandResult r = paiban("render " + q(dir_ / "missing") + " --out-dir " + q(dir_ / "o"));
  EXPECT_EQ(r.code, 3) << r.output;
  // Two inputs that would write the same outputs are refused before any work.
  write_file(dir_ / "other" / "r0.json", small_report("另一个"));
  r = paiban("render " + q(in / "part0" / "r0.json") + " " + q(dir_ / "other" / "r0.json") +
             " --out-dir " + q(dir_ / "o"));
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("same outputs"), std::string::npos) << r.output;
}

}  // namespace
