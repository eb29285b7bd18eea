// The samples laid out as the CLI lays them out. Tables (issue #11): table 三 on two pages at
// most, no cell line of one character, table text at 10.5 pt or more; numbered labels hang,
// group labels are centred; a table too wide for the portrait page goes landscape. Body text:
// on every body line no lone mark is narrower
// than 0.85 of the Han pitch (even punctuation), no Han character is set closer than the grid
// pitch (the 28-character grid holds), nothing overflows the measure, and 避头尾 holds. Control:
// the samples' paragraphs laid out with the old squeeze do squeeze lone marks.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "json_io.h"
#include "support/test_fonts.h"
#include "layout/layout.h"
#include "layout_test_util.h"
#include "layout/table_sizing.h"
#include "support/model_builders.h"

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
          if (!run.text_of(g).empty())
            lines[run.y].push_back({x, g.advance, std::string(run.text_of(g))});
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
            if (!run.text_of(g).empty())
              line.push_back({x, g.advance, std::string(run.text_of(g))});
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

namespace paiban::layout {
namespace {

// The lines of text drawn in each cell box of a page (glyph runs whose origin lies in the box,
// grouped by baseline), with the sizes of their runs.
struct CellLines {
  const CellBox* box = nullptr;
  std::map<LU, std::string> lines;
  std::vector<LU> sizes;
};

std::vector<CellLines> cell_lines(const Page& page) {
  std::vector<CellLines> out;
  for (const CellBox& b : page.cells) {
    CellLines c;
    c.box = &b;
    for (const GlyphRun& run : page.runs) {
      if (run.x < b.x || run.x >= b.x + b.w || run.y <= b.y || run.y >= b.y + b.h) continue;
      for (const Glyph& g : run.glyphs) c.lines[run.y] += run.text_of(g);
      c.sizes.push_back(run.size);
    }
    out.push_back(std::move(c));
  }
  return out;
}

// The pages table `index` is drawn on.
std::set<int> table_pages(const PageModel& m, int index) {
  std::set<int> pages;
  for (size_t p = 0; p < m.pages.size(); ++p) {
    for (const CellBox& b : m.pages[p].cells) {
      if (b.table == index) pages.insert(static_cast<int>(p));
    }
  }
  return pages;
}

int form_table_index(const Report& report, const std::string& form) {
  int index = 0;
  for (const Block& block : report.body) {
    if (const auto* t = std::get_if<Table>(&block)) {
      if (t->form == form) return index;
      ++index;
    }
  }
  return -1;
}

TEST(SamplesTables, OneCharacterLinePredicate) {
  EXPECT_TRUE(is_one_character_line("人"));
  EXPECT_TRUE(is_one_character_line("形)"));
  EXPECT_TRUE(is_one_character_line("益。"));
  EXPECT_FALSE(is_one_character_line("（三）"));
  EXPECT_FALSE(is_one_character_line("(三) "));
  EXPECT_FALSE(is_one_character_line("1."));
  EXPECT_FALSE(is_one_character_line("自然"));
  EXPECT_FALSE(is_one_character_line("12"));
}

// Issue #11 acceptance, measured on what the PDF draws: table 三 on at most two pages, no cell
// line of one character, table text at 10.5 pt or more. Control: the same table forced to 4号
// (table.min_font_size = 四号) takes three pages, so the page count measure can fail.
TEST(SamplesTables, TableThreeOnTwoPagesNoOneCharacterLineTextAtLeastWuhao) {
  const std::vector<std::filesystem::path> reports = sample_reports();
  ASSERT_GE(reports.size(), 3u);
  int cells = 0, control_over_two = 0;
  for (const auto& path : reports) {
    SCOPED_TRACE(path.string());
    const Report report = read(path);
    std::vector<Diagnostic> d;
    const styles::Style style = styles::resolve_style(report.style.name, report.style.overrides, d);
    const PageModel model = lay_out(report, style, d);
    EXPECT_FALSE(has_errors(d));
    for (const Page& page : model.pages) {
      for (const CellLines& c : cell_lines(page)) {
        ++cells;
        for (LU size : c.sizes) EXPECT_GE(size, pt_to_lu(10.5)) << "table " << c.box->table;
        if (c.lines.size() < 2) continue;
        for (const auto& [y, text] : c.lines) {
          EXPECT_FALSE(is_one_character_line(text))
              << "page " << page.number << " table " << c.box->table << " row " << c.box->row
              << " col " << c.box->col << ": 「" << text << "」";
        }
      }
    }
    const int three = form_table_index(report, "gov-annual-2021/table-3");
    if (three < 0) continue;
    EXPECT_LE(table_pages(model, three).size(), 2u);

    styles::Style large = style;
    large.table.min_font_size_pt = large.table_cell.size_pt;
    std::vector<Diagnostic> scratch;
    if (table_pages(lay_out(report, large, scratch), three).size() > 2) ++control_over_two;
  }
  EXPECT_GT(cells, 500);
  EXPECT_GE(control_over_two, 1);
}

// The form's labels: a numbered label's later lines start under the text after its number
// (hanging indent), not under the number; a label spanning rows is centred on its group.
TEST(SamplesTables, NumberedLabelsHangAndGroupLabelsAreCentred) {
  Table t;
  t.columns.resize(3);
  t.header_columns = 2;
  t.rows.push_back(TableRow{{test_support::cell("（六）其他处理", 2, 1),
                             test_support::cell("1. 申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
                             test_support::cell("12")}});
  t.rows.push_back(TableRow{{test_support::cell("2. 其他"), test_support::cell("3")}});
  Report r;
  r.show_title = false;
  r.body.push_back(t);
  std::vector<Diagnostic> d;
  const styles::Style& style = testing::gbt9704();
  const PageModel m = lay_out(r, style, d);
  ASSERT_FALSE(has_errors(d));
  ASSERT_EQ(m.pages.size(), 1u);
  const Page& page = m.pages[0];
  bool checked_hang = false, checked_centre = false;
  for (const CellBox& b : page.cells) {
    std::map<LU, std::vector<const GlyphRun*>> lines;
    for (const GlyphRun& run : page.runs) {
      if (run.x >= b.x && run.x < b.x + b.w && run.y > b.y && run.y < b.y + b.h) {
        lines[run.y].push_back(&run);
      }
    }
    if (b.row == 0 && b.col == 1) {
      ASSERT_GE(lines.size(), 2u);
      // First line: the number's run, then the text's; later lines start where the text did.
      const std::vector<const GlyphRun*>& first = lines.begin()->second;
      ASSERT_GE(first.size(), 2u);
      EXPECT_EQ(first[0]->text_of(first[0]->glyphs.front()), "1");
      const LU text_x = first[1]->x;
      EXPECT_GT(text_x, first[0]->x + pt_to_lu(5));
      for (auto it = std::next(lines.begin()); it != lines.end(); ++it) {
        EXPECT_EQ(it->second.front()->x, text_x);
      }
      checked_hang = true;
    }
    if (b.col == 0 && b.rowspan == 2) {
      ASSERT_EQ(lines.size(), 2u);  // （六）其他 / 处理 or balanced
      for (const auto& [y, runs] : lines) {
        LU w = 0;
        for (const GlyphRun* run : runs) {
          for (const Glyph& g : run->glyphs) w += g.advance;
        }
        const LU left = runs.front()->x - b.x;
        const LU right = b.x + b.w - (runs.front()->x + w);
        EXPECT_NEAR(left, right, pt_to_lu(1));
      }
      checked_centre = true;
    }
  }
  EXPECT_TRUE(checked_hang);
  EXPECT_TRUE(checked_centre);
}

// GB/T 9704 §8: a 15-column table of 7-digit numbers is too wide for the portrait type area at
// 10.5 pt; it goes on landscape pages (the sheet turned: A4 wide), what follows on portrait
// pages again, and every page number is turned with the sheet, on the left strip: odd pages at
// the foot (the portrait sheet's outer corner), even pages at the head.
TEST(SamplesTables, FifteenSevenDigitColumnsGoOnLandscapePages) {
  Table t;
  t.columns.resize(15);
  t.header_rows = 1;
  TableRow head;
  for (int c = 0; c < 15; ++c) head.cells.push_back(test_support::cell("第" + std::to_string(c + 1) + "项"));
  t.rows.push_back(head);
  for (int r = 0; r < 40; ++r) {
    TableRow row;
    for (int c = 0; c < 15; ++c) row.cells.push_back(test_support::cell(std::to_string(1000000 + r * 7919 + c * 104729).substr(0, 7)));
    t.rows.push_back(row);
  }
  Report r;
  r.show_title = false;
  r.body.push_back(test_support::paragraph("前文。"));
  r.body.push_back(t);
  r.body.push_back(test_support::paragraph("后文。"));
  std::vector<Diagnostic> d;
  const styles::Style& style = testing::gbt9704();
  std::vector<resolve::TableSize> sizes;
  const PageModel m = lay_out(r, style, d, &sizes);
  ASSERT_FALSE(has_errors(d));
  ASSERT_EQ(sizes.size(), 1u);
  EXPECT_TRUE(sizes[0].landscape);
  ASSERT_GE(m.pages.size(), 3u);
  EXPECT_EQ(m.pages.front().orientation, Orientation::kPortrait);
  EXPECT_EQ(m.pages.back().orientation, Orientation::kPortrait);
  int landscape = 0;
  for (const Page& page : m.pages) {
    if (page.orientation != Orientation::kLandscape) {
      EXPECT_TRUE(page.cells.empty()) << "page " << page.number;
      continue;
    }
    ++landscape;
    EXPECT_EQ(page.width, pt_to_lu(style.page.height_pt));
    EXPECT_EQ(page.height, pt_to_lu(style.page.width_pt));
    EXPECT_FALSE(page.cells.empty());
    for (const CellBox& b : page.cells) {
      EXPECT_GE(b.x, pt_to_lu(style.page.margin_bottom_pt) - 1);
      EXPECT_LE(b.x + b.w, page.width - pt_to_lu(style.page.margin_top_pt) + 1);
    }
    int numbers = 0;
    for (const GlyphRun& run : page.runs) {
      if (!run.quarter_turn) continue;
      ++numbers;
      EXPECT_LT(run.x, pt_to_lu(style.page.margin_bottom_pt));
      if (page.number % 2 == 1) {
        EXPECT_GT(run.y, page.height / 2) << "page " << page.number;
      } else {
        EXPECT_LT(run.y, page.height / 2) << "page " << page.number;
      }
    }
    EXPECT_GT(numbers, 0) << "page " << page.number;
  }
  EXPECT_GE(landscape, 2);
  for (const CellLines& c : cell_lines(m.pages[1])) {
    for (LU size : c.sizes) EXPECT_GE(size, pt_to_lu(10.5));
  }
}

}  // namespace
}  // namespace paiban::layout
