// Stage goldens: each report in tests/golden is run through resolve → table sizing → layout with
// the font subsets checked in under tests/fonts/data (never the machine's fonts), and every
// stage's dump — the functions `paiban dump` prints — is compared with NAME.STAGE.txt beside it.
//
// A golden is reviewed by a person when it is made or changed: after an intended change, run the
// test with PAIBAN_UPDATE_GOLDENS=1, read the diff (git diff tests/golden), and commit it with
// the change that explains it. The test never writes a golden on its own.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "fonts/font_registry.h"
#include "json_io.h"
#include "layout/dump.h"
#include "layout/font_context.h"
#include "layout/layout.h"
#include "layout/measure.h"
#include "layout/table_sizing.h"
#include "resolve/resolved.h"
#include "styles/style.h"

namespace paiban {
namespace {

namespace fs = std::filesystem;

const fs::path kGoldenDir = fs::path(PAIBAN_SOURCE_DIR) / "tests" / "golden";
const fs::path kFontDir = fs::path(PAIBAN_SOURCE_DIR) / "tests" / "fonts" / "data";

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

fonts::FontRegistry& test_fonts() {
  static fonts::FontRegistry registry({kFontDir.string()});
  return registry;
}

struct Stages {
  std::string resolved, grid, widths, lines, pages;
};

Stages run_stages(const std::string& json, const std::string& name) {
  Stages out;
  ReadResult read = json::read_report(json, name);
  for (const Diagnostic& d : read.diagnostics) ADD_FAILURE() << format_diagnostic(d);
  if (!read.report) return out;
  std::vector<Diagnostic> diagnostics;
  styles::Style style =
      styles::resolve_style(read.report->style.name, read.report->style.overrides, diagnostics);
  layout::FontContext fonts(test_fonts(), style);
  layout::ShapedMeasure measure(fonts, style);
  const resolve::ResolvedDocument doc =
      resolve::resolve_document(*read.report, style, diagnostics, &measure);
  const layout::SizedTables tables = layout::size_tables(doc, fonts, diagnostics);
  const layout::PageModel model = layout::layout_document(doc, tables, fonts, diagnostics);
  for (const Diagnostic& d : diagnostics) {
    if (d.severity == Severity::kError) ADD_FAILURE() << format_diagnostic(d);
  }
  out.resolved = resolve::dump_resolved(doc);
  out.grid = resolve::dump_grids(doc);
  out.widths = layout::dump_table_sizes(doc, tables);
  out.lines = layout::dump_lines(model);
  out.pages = layout::dump_pages(model);
  return out;
}

// The first line where two texts differ, for a readable failure.
std::string first_difference(const std::string& want, const std::string& got) {
  std::istringstream a(want), b(got);
  std::string la, lb;
  for (int line = 1;; ++line) {
    const bool ha = static_cast<bool>(std::getline(a, la));
    const bool hb = static_cast<bool>(std::getline(b, lb));
    if (!ha && !hb) return "identical";
    if (!ha || !hb || la != lb) {
      return "line " + std::to_string(line) + ":\n  golden: " + (ha ? la : "<end>") +
             "\n  now:    " + (hb ? lb : "<end>");
    }
  }
}

std::vector<fs::path> golden_reports() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(kGoldenDir)) {
    if (e.path().extension() == ".json") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(StageGoldens, EveryStageOfEveryGoldenReportMatches) {
  ASSERT_TRUE(fs::exists(kFontDir / "NotoSerifCJKsc-Regular-subset.otf"));
  const bool update = std::getenv("PAIBAN_UPDATE_GOLDENS") != nullptr;
  const std::vector<fs::path> reports = golden_reports();
  ASSERT_GE(reports.size(), 2u);
  int compared = 0;
  for (const fs::path& report : reports) {
    const std::string name = report.stem().string();
    const Stages s = run_stages(read_file(report), report.filename().string());
    const std::pair<const char*, const std::string*> stages[] = {
        {"resolved", &s.resolved}, {"grid", &s.grid}, {"widths", &s.widths},
        {"lines", &s.lines},       {"pages", &s.pages}};
    for (const auto& [stage, text] : stages) {
      const fs::path golden = kGoldenDir / (name + "." + stage + ".txt");
      if (update) {
        std::ofstream(golden, std::ios::binary) << *text;
        continue;
      }
      ASSERT_TRUE(fs::exists(golden)) << golden << " is missing (PAIBAN_UPDATE_GOLDENS=1 makes it)";
      const std::string want = read_file(golden);
      EXPECT_EQ(want, *text) << name << " " << stage << ": " << first_difference(want, *text);
      ++compared;
    }
  }
  if (!update) {
    EXPECT_EQ(compared, static_cast<int>(reports.size()) * 5);
  }
}

// The goldens use only the checked-in fonts: every font the pages name is one of them.
TEST(StageGoldens, PagesUseOnlyTheCheckedInFonts) {
  for (const fs::path& report : golden_reports()) {
    const Stages s = run_stages(read_file(report), report.filename().string());
    const std::string fonts_line = s.pages.substr(0, s.pages.find('\n'));
    std::istringstream words(fonts_line.substr(fonts_line.find(':') + 1));
    std::string font;
    int n = 0;
    while (words >> font) {
      const std::string file = font.substr(0, font.rfind(':'));
      EXPECT_TRUE(fs::exists(kFontDir / file)) << report << ": " << font;
      ++n;
    }
    EXPECT_GT(n, 0) << report;
  }
}

}  // namespace
}  // namespace paiban
