// Document layout on the gbt9704 style: the page grid (22 lines of 28 characters), headings kept
// with what follows, no widow or orphan lines, page numbers placed as GB/T 9704-2012 §7.5 says,
// and nothing outside the type area.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "layout/layout.h"
#include "layout_test_util.h"
#include "support/test_fonts.h"

namespace paiban::layout {
namespace {

using testing::code_points;
using testing::gbt9704;
using testing::lay_out;

Paragraph para(const std::string& text) {
  Paragraph p;
  Run r;
  r.text = text;
  p.runs.push_back(r);
  return p;
}

Heading heading(int level, const std::string& text) {
  Heading h;
  h.level = level;
  Run r;
  r.text = text;
  h.runs.push_back(r);
  return h;
}

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// The body lines of a page: glyph texts grouped by baseline, top to bottom, type area only.
std::map<LU, std::string> lines_of(const Page& page) {
  const styles::Style& s = gbt9704();
  const LU bottom = pt_to_lu(s.page.height_pt - s.page.margin_bottom_pt);
  std::map<LU, std::string> lines;
  for (const GlyphRun& run : page.runs) {
    if (run.y > bottom) continue;
    for (const Glyph& g : run.glyphs) lines[run.y] += run.text_of(g);
  }
  return lines;
}

PageModel lay(const Report& r, std::vector<Diagnostic>& d) {
  return lay_out(r, gbt9704(), d);
}

TEST(DocumentLayout, FullPagesHold22LinesOf28Characters) {
  Report r;
  r.metadata.title = "测试";
  r.show_title = false;
  // One long paragraph, so that widow and orphan control never shortens a page.
  r.body.emplace_back(std::in_place_type<Paragraph>, para(repeat("政", 28 * 90 - 2)));
  std::vector<Diagnostic> d;
  PageModel m = lay(r, d);
  ASSERT_GE(m.pages.size(), 4u);
  for (size_t p = 0; p + 1 < m.pages.size(); ++p) {
    std::map<LU, std::string> lines = lines_of(m.pages[p]);
    EXPECT_EQ(lines.size(), 22u) << "page " << p + 1;
    for (const auto& [y, text] : lines) EXPECT_LE(code_points(text).size(), 28u);
  }
  // Line pitch: 225 mm / 22.
  std::map<LU, std::string> first = lines_of(m.pages[0]);
  const LU pitch = std::next(first.begin())->first - first.begin()->first;
  EXPECT_NEAR(lu_to_pt(pitch), 225.0 / 25.4 * 72 / 22, 0.05);
}

TEST(DocumentLayout, NoWidowsOrphansAndHeadingsStayWithTheirText) {
  // Paragraphs of varying length, each drawn with its own character so that its lines can be
  // told apart on the page; headings between them.
  const std::vector<std::string> marks = {"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"};
  Report r;
  r.metadata.title = "测试";
  r.show_title = false;
  std::map<std::string, int> lines_of_mark;
  for (int i = 0; i < 40; ++i) {
    const std::string& mark = marks[static_cast<size_t>(i) % marks.size()];
    if (i % 3 == 0) r.body.emplace_back(std::in_place_type<Heading>, heading(1 + i % 2, repeat("标", 4)));
    r.body.emplace_back(std::in_place_type<Paragraph>, para(repeat(mark, 26 + 28 * (i % 5))));  // 1 to 5 lines
  }
  std::vector<Diagnostic> d;
  PageModel m = lay(r, d);
  ASSERT_GE(m.pages.size(), 4u);
  int split_paragraphs = 0;  // page breaks inside a paragraph: the cases the rule is about
  for (size_t p = 0; p < m.pages.size(); ++p) {
    const std::map<LU, std::string> lines = lines_of(m.pages[p]);
    ASSERT_FALSE(lines.empty());
    // A heading is never the last line of a page.
    EXPECT_EQ(lines.rbegin()->second.find("标"), std::string::npos) << "page " << p + 1;
    if (p + 1 == m.pages.size()) continue;
    // The paragraph that crosses to the next page leaves at least two lines here and takes at
    // least two there.
    const std::string last = lines.rbegin()->second;
    const std::map<LU, std::string> next = lines_of(m.pages[p + 1]);
    const std::string head = next.begin()->second;
    if (code_points(last).front() != code_points(head).front()) continue;  // a clean break
    const char32_t mark = code_points(last).front();
    ++split_paragraphs;
    int here = 0, there = 0;
    for (const auto& [y, t] : lines) here += code_points(t).front() == mark ? 1 : 0;
    for (const auto& [y, t] : next) there += code_points(t).front() == mark ? 1 : 0;
    EXPECT_GE(here, 2) << "orphan on page " << p + 1;
    EXPECT_GE(there, 2) << "widow on page " << p + 2;
  }
  // The document is made so that paragraphs of 1 to 5 lines cross page ends: the check above
  // must have met some, or it proved nothing.
  EXPECT_GE(split_paragraphs, 2);
}

// A heading before a paragraph of three lines, at every place near a page's foot: widow and
// orphan control let such a paragraph cross a page end neither 2 + 1 nor 1 + 2, so it moves
// whole, and the heading must go with it rather than stay alone at the foot (a 公文's heading 一、
// was left there with two empty lines below it).
TEST(DocumentLayout, AHeadingGoesWithAThreeLineParagraphThatMovesWhole) {
  int moved = 0;  // placements where the paragraph could not start on the heading's page
  for (int filler = 14; filler <= 22; ++filler) {
    Report r;
    r.metadata.title = "测试";
    r.show_title = false;
    r.body.emplace_back(std::in_place_type<Paragraph>, para(repeat("甲", 28 * filler - 2)));
    r.body.emplace_back(std::in_place_type<Heading>, heading(1, repeat("标", 4)));
    r.body.emplace_back(std::in_place_type<Paragraph>, para(repeat("乙", 28 * 3 - 4)));
    std::vector<Diagnostic> d;
    PageModel m = lay(r, d);
    int heading_page = -1, first_line_page = -1;
    for (size_t p = 0; p < m.pages.size(); ++p) {
      for (const auto& [y, text] : lines_of(m.pages[p])) {
        if (heading_page < 0 && text.find("标") != std::string::npos) {
          heading_page = static_cast<int>(p);
        }
        if (first_line_page < 0 && text.find("乙") != std::string::npos) {
          first_line_page = static_cast<int>(p);
        }
      }
    }
    ASSERT_GE(heading_page, 0) << filler;
    ASSERT_GE(first_line_page, 0) << filler;
    EXPECT_EQ(heading_page, first_line_page) << "filler of " << filler << " lines";
    if (heading_page > 0) ++moved;
  }
  EXPECT_GE(moved, 1) << "no placement made the heading move: the check proved nothing";
}

TEST(DocumentLayout, PageNumbersOuterOneCharacterInAndEverythingInsideTheTypeArea) {
  Report r;
  r.metadata.title = "关于页码的测试报告";
  for (int i = 0; i < 40; ++i) r.body.emplace_back(std::in_place_type<Paragraph>, para(repeat("公开信息，", 20)));
  std::vector<Diagnostic> d;
  PageModel m = lay(r, d);
  ASSERT_GE(m.pages.size(), 3u);
  const styles::Style& s = gbt9704();
  const LU left = pt_to_lu(s.page.margin_left_pt);
  const LU right = pt_to_lu(s.page.width_pt - s.page.margin_right_pt);
  const LU top = pt_to_lu(s.page.margin_top_pt);
  const LU bottom = pt_to_lu(s.page.height_pt - s.page.margin_bottom_pt);
  const LU em = pt_to_lu(s.page_number.size_pt);
  int body_runs = 0;
  for (const Page& page : m.pages) {
    std::string number_text;
    LU number_left = 1 << 30, number_right = 0;
    for (const GlyphRun& run : page.runs) {
      LU end = run.x;
      for (const Glyph& g : run.glyphs) end += g.advance;
      if (run.y > bottom) {
        for (const Glyph& g : run.glyphs) number_text += run.text_of(g);
        number_left = std::min(number_left, run.x);
        number_right = std::max(number_right, end);
        // 7 mm below the type area, give or take the em box.
        EXPECT_GT(run.y, bottom + pt_to_lu(s.page.page_number_below_pt));
        EXPECT_LT(run.y, bottom + pt_to_lu(s.page.page_number_below_pt) + 2 * em);
        continue;
      }
      EXPECT_GE(run.x, left);
      EXPECT_LE(end, right + 1) << "page " << page.number;  // justified lines end at the edge
      // The glyphs' em box (ascent 0.88 em, descent 0.12 em on the CJK ideographic em box) lies
      // inside the type area, top and bottom.
      EXPECT_GE(run.y - run.size * 88 / 100, top) << "page " << page.number;
      EXPECT_LE(run.y + run.size * 12 / 100, bottom) << "page " << page.number;
      ++body_runs;
    }
    EXPECT_EQ(number_text, "— " + std::to_string(page.number) + " —");
    if (page.number % 2 == 1) {
      EXPECT_NEAR(number_right, right - em, 2) << "odd page " << page.number;
    } else {
      EXPECT_NEAR(number_left, left + em, 2) << "even page " << page.number;
    }
  }
  EXPECT_GT(body_runs, 22 * 2) << "the check saw too few body runs to mean anything";
}

TEST(DocumentLayout, PageBreaksStartANewPageButNeverABlankOne) {
  Report r;
  r.metadata.title = "分页";
  r.show_title = false;
  r.body.emplace_back(std::in_place_type<PageBreak>);  // at the top: nothing to break from
  r.body.emplace_back(std::in_place_type<Paragraph>, para("第一页"));
  r.body.emplace_back(std::in_place_type<PageBreak>);
  r.body.emplace_back(std::in_place_type<PageBreak>);  // a second break in a row
  r.body.emplace_back(std::in_place_type<Paragraph>, para("第二页"));
  std::vector<Diagnostic> d;
  PageModel m = lay(r, d);
  ASSERT_EQ(m.pages.size(), 2u);
  EXPECT_EQ(lines_of(m.pages[0]).begin()->second, "第一页");
  EXPECT_EQ(lines_of(m.pages[1]).begin()->second, "第二页");
}

TEST(DocumentLayout, HeadingsAreNumberedAndBookmarked) {
  Report r;
  r.metadata.title = "标题";
  r.body.emplace_back(std::in_place_type<Heading>, heading(1, "总体情况"));
  r.body.emplace_back(std::in_place_type<Heading>, heading(2, "主动公开"));
  r.body.emplace_back(std::in_place_type<Heading>, heading(2, "依申请公开"));
  r.body.emplace_back(std::in_place_type<Heading>, heading(1, "存在问题"));
  Heading explicit_number = heading(2, "存在的主要问题");
  explicit_number.numbering = Numbering::kExplicit;
  explicit_number.number = "(一)";
  r.body.emplace_back(std::in_place_type<Heading>, std::move(explicit_number));
  r.body.emplace_back(std::in_place_type<Heading>, heading(2, "改进措施"));
  std::vector<Diagnostic> d;
  PageModel m = lay(r, d);
  std::vector<std::pair<int, std::string>> anchors;
  for (const Page& p : m.pages) {
    for (const Anchor& a : p.anchors) anchors.emplace_back(a.level, a.title);
  }
  const std::vector<std::pair<int, std::string>> expected = {
      {1, "一、总体情况"}, {2, "（一）主动公开"},   {2, "（二）依申请公开"},
      {1, "二、存在问题"}, {2, "(一)存在的主要问题"}, {2, "（二）改进措施"}};
  EXPECT_EQ(anchors, expected);
}

}  // namespace
}  // namespace paiban::layout
