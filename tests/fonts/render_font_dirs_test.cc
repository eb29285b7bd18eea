// RenderOptions::font_dirs: the pipeline builds a registry with the folders given before the
// system's fonts; a folder that cannot be read is an error diagnostic, not an exception.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "pipeline.h"
#include "support/test_fonts.h"

namespace paiban {
namespace {

Report one_paragraph() {
  Report report;
  report.metadata.title = "字体目录";
  Paragraph p;
  Run run;
  run.text = "正文一段。";
  p.runs.push_back(run);
  report.body.push_back(p);
  return report;
}

TEST(RenderFontDirs, UnreadableFolderIsAnErrorDiagnostic) {
  RenderOptions options;
  options.font_dirs = {"/nonexistent/paiban-font-folder"};
  const RenderResult result = detail::render(one_paragraph(), options, test_support::test_fonts());
  EXPECT_FALSE(result.ok());
  EXPECT_TRUE(result.pdf.empty());
  ASSERT_FALSE(result.diagnostics.empty());
  EXPECT_NE(result.diagnostics.front().message.find("/nonexistent/paiban-font-folder"),
            std::string::npos)
      << result.diagnostics.front().message;
}

TEST(RenderFontDirs, GivenFolderRendersLikeTheSystemWhenItAddsNothingNew) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(::testing::TempDir()) / "paiban-empty-font-folder";
  fs::create_directories(dir);
  RenderOptions plain;
  plain.source_date_epoch = 1700000000;
  RenderOptions with_dir = plain;
  with_dir.font_dirs = {dir.string()};
  const RenderResult a = detail::render(one_paragraph(), plain, test_support::test_fonts());
  const RenderResult b = detail::render(one_paragraph(), with_dir, test_support::test_fonts());
  if (!a.ok()) GTEST_SKIP() << "no CJK font installed (fonts-noto-cjk)";
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(a.pdf, b.pdf);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace paiban
