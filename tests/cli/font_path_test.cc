// `--font-path DIR`: fonts in the folders given take part before the system's, for fonts, dump
// and render; `paiban fonts` says whether each role has its office font or a stand-in; the
// fontconfig aliases that setup installs map the office names to the free faces.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "support/run_command.h"

namespace {

namespace fs = std::filesystem;
using paiban::test_support::CommandResult;
using paiban::test_support::run_command;

bool have(const std::string& tool) { return run_command("command -v " + tool).code == 0; }

std::string quote(const fs::path& p) { return "'" + p.string() + "'"; }

const fs::path kFontDir = fs::path(PAIBAN_SOURCE_DIR) / "tests/fonts/data";
const fs::path kReport = fs::path(PAIBAN_SOURCE_DIR) / "tests/golden/prose.json";

class FontPathTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("paiban-font-path-" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    // Every role in the checked-in subsets' family, so the folder given must serve them.
    std::ofstream(dir_ / "style.json")
        << R"({"name": "subsets", "extends": "gbt9704", "fonts": {
  "song": {"families": ["Noto Serif CJK SC"]}, "fang": {"families": ["Noto Serif CJK SC"]},
  "kai": {"families": ["Noto Serif CJK SC"]}, "title": {"families": ["Noto Serif CJK SC"]},
  "hei": {"families": ["Noto Sans CJK SC"]}}})";
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(FontPathTest, FontsNamesTheFileFromTheFolderGivenAsTheOfficeFont) {
  const CommandResult r = run_command(std::string(PAIBAN_CLI) + " fonts --font-path " +
                                      quote(kFontDir) + " --style " + quote(dir_ / "style.json"));
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("fang (仿宋): Noto Serif CJK SC — " +
                          (kFontDir / "NotoSerifCJKsc-Regular-subset.otf").string() +
                          " (face 0), the office font"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find((kFontDir / "NotoSansCJKsc-Regular-subset.otf").string()),
            std::string::npos)
      << r.output;
  // Control: without the folder the system's Noto (if any) serves, never the subset.
  const CommandResult plain = run_command(std::string(PAIBAN_CLI) + " fonts --style " +
                                          quote(dir_ / "style.json"));
  EXPECT_EQ(plain.output.find("-subset.otf"), std::string::npos) << plain.output;
}

TEST_F(FontPathTest, AFolderThatCannotBeReadIsAnError) {
  const CommandResult r =
      run_command(std::string(PAIBAN_CLI) + " fonts --font-path /nonexistent/paiban-fonts");
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_NE(r.output.find("/nonexistent/paiban-fonts"), std::string::npos) << r.output;
}

TEST_F(FontPathTest, RenderAndDumpUseTheFolderGiven) {
  const std::string common = " --font-path " + quote(kFontDir) + " --style " +
                             quote(dir_ / "style.json") + " " + quote(kReport);
  const CommandResult dump = run_command(std::string(PAIBAN_CLI) + " dump --stage pages" + common);
  ASSERT_EQ(dump.code, 0) << dump.output;
  EXPECT_NE(dump.output.find("NotoSerifCJKsc-Regular-subset.otf"), std::string::npos)
      << dump.output.substr(0, 2000);
  const CommandResult render =
      run_command(std::string(PAIBAN_CLI) + " render" + common + " -o " + quote(dir_ / "a.pdf"));
  ASSERT_EQ(render.code, 0) << render.output;
  // The office font of every role is there: no stand-in warning.
  EXPECT_EQ(render.output.find("stand-in"), std::string::npos) << render.output;
  if (!have("pdffonts")) GTEST_SKIP() << "pdffonts is not installed (poppler-utils)";
  const CommandResult fonts = run_command("pdffonts " + quote(dir_ / "a.pdf"));
  ASSERT_EQ(fonts.code, 0) << fonts.output;
  EXPECT_NE(fonts.output.find("NotoSerifCJKsc-Regular"), std::string::npos) << fonts.output;
  EXPECT_EQ(fonts.output.find("Fandol"), std::string::npos) << fonts.output;
  const CommandResult check = run_command(std::string(PAIBAN_CLI) + " check" + common);
  EXPECT_EQ(check.code, 0) << check.output;
}

// On a machine set up by tools/setup.sh, `paiban fonts` names a FangSong and a Kai design.
TEST_F(FontPathTest, FontsNamesFangSongAndKaiDesignsOnASetUpMachine) {
  if (run_command("fc-list FandolFang family | grep -q FandolFang").code != 0) {
    GTEST_SKIP() << "FandolFang is not installed (tools/setup.sh)";
  }
  const CommandResult r = run_command(std::string(PAIBAN_CLI) + " fonts");
  ASSERT_EQ(r.code, 0) << r.output;
  if (r.output.find("fang (仿宋): FandolFang") == std::string::npos) {
    // Only an installed office 仿宋 may take its place.
    EXPECT_NE(r.output.find("fang (仿宋):"), std::string::npos);
    EXPECT_NE(r.output.find("the office font"), std::string::npos) << r.output;
  } else {
    EXPECT_NE(r.output.find("a stand-in for 仿宋_GB2312"), std::string::npos) << r.output;
  }
  EXPECT_TRUE(r.output.find("kai (楷体): FandolKai") != std::string::npos ||
              r.output.find("kai (楷体): LXGW WenKai") != std::string::npos)
      << r.output;
}

// The alias file maps the office names a DOCX carries to the faces of the PDF.
TEST(FontAliases, OfficeNamesMatchTheFreeFacesWhenTheAliasFileIsInstalled) {
  const fs::path ours =
      fs::path(PAIBAN_SOURCE_DIR) / "fonts/fontconfig/65-paiban-office-aliases.conf";
  ASSERT_TRUE(fs::exists(ours));
  if (!fs::exists("/etc/fonts/conf.d/65-paiban-office-aliases.conf") || !have("fc-match") ||
      run_command("fc-list FandolFang family | grep -q FandolFang").code != 0) {
    GTEST_SKIP() << "the alias file or the Fandol fonts are not installed (tools/setup.sh)";
  }
  const std::pair<const char*, const char*> expected[] = {
      {"仿宋_GB2312", "FandolFang"}, {"仿宋", "FandolFang"},  {"FangSong", "FandolFang"},
      {"楷体_GB2312", "FandolKai"},  {"KaiTi", "FandolKai"},  {"宋体", "FandolSong"},
      {"黑体", "FandolHei"},          {"SimHei", "FandolHei"}, {"方正小标宋简体", "FandolSong"}};
  for (const auto& [office, free] : expected) {
    if (run_command(std::string("fc-list '") + office + "' family | grep -q .").code == 0) {
      continue;  // the office font itself is installed and wins
    }
    const CommandResult r = run_command(std::string("fc-match -f '%{family}' '") + office + "'");
    EXPECT_NE(r.output.find(free), std::string::npos) << office << " → " << r.output;
  }
  // The Fandol bold faces declare a regular weight; the alias file corrects it, so the regular
  // 黑体 is the regular face.
  const CommandResult hei = run_command("fc-match -f '%{style}' 黑体");
  if (run_command("fc-list 黑体 family | grep -q .").code != 0) {
    EXPECT_EQ(hei.output, "Regular");
  }
}

}  // namespace
