// The samples laid out as the CLI lays them out: on every body line no lone mark is narrower
// than 0.85 of the Han pitch (even punctuation), no Han character is set closer than the grid
// pitch (the 28-character grid holds), nothing overflows the measure, and 避头尾 holds. Control:
// the samples' paragraphs laid out with the old squeeze do squeeze lone marks.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "json_io.h"
#include "support/test_fonts.h"
#include "layout/layout.h"
#include "layout_test_util.h"

namespace paiban::layout {
namespace {

using testing::code_points;
using testing::lay_out;

struct PlacedGlyph {
  LU x = 0, advance = 0;
  std::string text;
};

std::vector<std::filesystem::path> sample_reports() {
  std::vector<std::filesystem::path> out;
  for (const auto& e : std::filesystem::directory_iterator(PAIBAN_SOURCE_DIR "/samples")) {
    const std::filesystem::path p = e.path() / "report.json";
    if (std::filesystem::exists(p)) out.push_back(p);
  }
  std::sort(out.begin(), out.end());
  return out;
}

Report read(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  ReadResult r = json::read_report(ss.str(), path.string());
  EXPECT_TRUE(r.report.has_value()) << path;
  return r.report.value_or(Report{});
}

bool is_mark(const std::string& text) {
  const std::u32string cps = code_points(text);
  return cps.size() == 1 && is_compressible_punct(classify(cps[0]));
}

// A mark with no mark beside it that is not at the line end must keep ≥ 0.85 of the pitch.
int squeezed_lone_marks(const std::vector<PlacedGlyph>& line, LU pitch) {
  int bad = 0;
  for (size_t k = 1; k + 1 < line.size(); ++k) {
    const PlacedGlyph& g = line[k];
    if (!is_mark(g.text) || is_mark(line[k - 1].text) || is_mark(line[k + 1].text)) continue;
    if ((line[k + 1].x - g.x) * 100 < pitch * 85) ++bad;
  }
  return bad;
}

TEST(SamplesTypography, EvenPunctuationGridAndKinsokuOnEveryBodyLine) {
  const std::vector<std::filesystem::path> reports = sample_reports();
  ASSERT_GE(reports.size(), 3u);
  int body_lines = 0, control_squeezed = 0;
  for (const auto& path : reports) {
    const Report report = read(path);
    std::vector<Diagnostic> d;
    const styles::Style style = styles::resolve_style(report.style.name, report.style.overrides, d);
    const LU left = pt_to_lu(style.page.margin_left_pt);
    const LU width = pt_to_lu(style.page.width_pt - style.page.margin_left_pt -
                              style.page.margin_right_pt);
    const LU bottom = pt_to_lu(style.page.height_pt - style.page.margin_bottom_pt);
    const LU pitch = width / style.page.grid_chars;
    const LU body = pt_to_lu(style.body.size_pt);
    const PageModel model =
        lay_out(report, style, d);
    for (const Page& page : model.pages) {
      if (page.width > page.height) continue;  // landscape table pages
      std::map<LU, std::vector<PlacedGlyph>> lines;
      for (const GlyphRun& run : page.runs) {
        if (run.size != body || run.y > bottom) continue;
        LU x = run.x;
        for (const Glyph& g : run.glyphs) {
          if (!g.text.empty()) lines[run.y].push_back({x, g.advance, g.text});
          x += g.advance;
        }
      }
      for (auto& [y, line] : lines) {
        std::sort(line.begin(), line.end(),
                  [](const PlacedGlyph& a, const PlacedGlyph& b) { return a.x < b.x; });
        // Body lines start at the left edge or after the two-character indent; table cells
        // start elsewhere and are left to the table tests.
        const LU x0 = line.front().x - left;
        if (std::abs(x0) > pt_to_lu(1) && std::abs(x0 - 2 * pitch) > pt_to_lu(1)) continue;
        ++body_lines;
        std::string text;
        for (const PlacedGlyph& g : line) text += g.text;
        EXPECT_EQ(squeezed_lone_marks(line, pitch), 0) << path << ": " << text;
        EXPECT_LE(line.back().x + line.back().advance, left + width + 1) << text;
        for (size_t k = 0; k + 1 < line.size(); ++k) {
          const std::u32string cp = code_points(line[k].text);
          if (cp.size() == 1 && classify(cp[0]) == CharClass::kHan) {
            EXPECT_GE(line[k + 1].x - line[k].x, pitch - 1) << text;
          }
        }
        EXPECT_FALSE(is_no_start(code_points(line.front().text).front())) << text;
        EXPECT_FALSE(is_no_end(code_points(line.back().text).back())) << text;
      }
    }
    // Control: the same paragraphs with the old squeeze (marks inside the line give back
    // their blank halves to fit one more character).
    FontContext fonts(test_support::test_fonts(), style);
    for (const Block& b : report.body) {
      const auto* p = std::get_if<Paragraph>(&b);
      if (p == nullptr) continue;
      std::string text;
      for (const paiban::Run& r : p->runs) text += r.text;
      ParagraphSpec spec = testing::body_spec(text);
      spec.first_indent = pitch * 2;
      spec.even_punctuation = false;
      for (const Line& l : layout_paragraph(spec, fonts, d)) {
        std::vector<PlacedGlyph> line;
        LU x = 0;
        for (const GlyphRun& run : l.runs) {
          x = run.x;
          for (const Glyph& g : run.glyphs) {
            if (!g.text.empty()) line.push_back({x, g.advance, g.text});
            x += g.advance;
          }
        }
        control_squeezed += squeezed_lone_marks(line, pitch);
      }
    }
  }
  EXPECT_GT(body_lines, 200);
  EXPECT_GT(control_squeezed, 0);
}

}  // namespace
}  // namespace paiban::layout
