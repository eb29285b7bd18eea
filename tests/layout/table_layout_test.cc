// Table layout on the page model: geometry, pagination, repeated headers and labels, limits.
#include <gtest/gtest.h>

#include <map>
#include <numeric>
#include <set>

#include "layout/layout.h"
#include "layout_test_util.h"
#include "support/model_builders.h"
#include "support/test_fonts.h"

namespace paiban::layout {
namespace {

using testing::gbt9704;
using testing::text_width;
using testing::lay_out;

using paiban::test_support::cell;

Report report_with(Table table) {
  Report r;
  r.metadata.title = "表格测试";
  r.show_title = false;
  r.body.push_back(std::move(table));
  return r;
}

PageModel lay(const Report& r, std::vector<Diagnostic>& d) {
  return lay_out(r, gbt9704(), d);
}

// A table rule as its two end points.
struct Rule {
  LU x1, y1, x2, y2;
};

// The text drawn inside a box: the glyph texts of the runs whose origin lies inside it.
std::string text_in(const Page& page, const CellBox& box) {
  std::string out;
  for (const GlyphRun& run : page.runs) {
    if (run.x >= box.x && run.x < box.x + box.w && run.y > box.y && run.y < box.y + box.h) {
      for (const Glyph& g : run.glyphs) out += run.text_of(g);
    }
  }
  return out;
}

// Every glyph run of the type area lies inside a cell box (page numbers are below it).
void expect_runs_inside_cells(const PageModel& m) {
  const styles::Style& s = gbt9704();
  const LU type_bottom = pt_to_lu(s.page.height_pt - s.page.margin_bottom_pt);
  for (const Page& page : m.pages) {
    LU table_top = type_bottom;
    for (const CellBox& b : page.cells) table_top = std::min(table_top, b.y);
    for (const GlyphRun& run : page.runs) {
      // Page numbers below the type area, and the 续表 label above the table, are not cells.
      if (run.y > type_bottom || run.y < table_top) continue;
      LU right = run.x;
      for (const Glyph& g : run.glyphs) right += g.advance;
      bool inside = false;
      for (const CellBox& b : page.cells) {
        if (run.x >= b.x && right <= b.x + b.w && run.y - run.size * 88 / 100 >= b.y &&
            run.y + run.size * 12 / 100 <= b.y + b.h) {
          inside = true;
          break;
        }
      }
      EXPECT_TRUE(inside) << "page " << page.number << " run at " << run.x << "," << run.y;
    }
  }
}

// No rule passes through the inside of a merged cell.
void expect_no_rule_through_merged_cells(const PageModel& m) {
  for (const Page& page : m.pages) {
    for (const CellBox& b : page.cells) {
      if (b.rowspan == 1 && b.colspan == 1) continue;
      for (const Path& path : page.paths) {
        ASSERT_EQ(path.segments.size(), 2u);  // every table rule is a two-point stroked path
        const Rule r{path.segments[0].x, path.segments[0].y, path.segments[1].x,
                     path.segments[1].y};
        if (r.y1 == r.y2) {  // horizontal
          const bool crosses = r.y1 > b.y && r.y1 < b.y + b.h && std::min(r.x1, r.x2) < b.x + b.w &&
                               std::max(r.x1, r.x2) > b.x;
          EXPECT_FALSE(crosses) << "page " << page.number << " row " << b.row << " col " << b.col;
        } else {
          const bool crosses = r.x1 > b.x && r.x1 < b.x + b.w && std::min(r.y1, r.y2) < b.y + b.h &&
                               std::max(r.y1, r.y2) > b.y;
          EXPECT_FALSE(crosses) << "page " << page.number << " row " << b.row << " col " << b.col;
        }
      }
    }
  }
}

TEST(TableLayout, LongTableRepeatsItsHeaderAndKeepsEveryRowOnce) {
  Table t;
  t.columns.resize(4);
  t.header_rows = 2;
  t.rows.push_back(TableRow{{cell("项目", 2, 1), cell("数量", 1, 3)}});
  t.rows.push_back(TableRow{{cell("本年"), cell("上年"), cell("增减")}});
  for (int i = 0; i < 300; ++i) {
    t.rows.push_back(TableRow{{cell("第" + std::to_string(i + 1) + "行"),
                               cell(std::to_string(i)), cell(std::to_string(2 * i)),
                               cell(std::to_string(3 * i))}});
  }
  std::vector<Diagnostic> d;
  PageModel m = lay(report_with(t), d);
  EXPECT_FALSE(has_errors(d));
  ASSERT_GT(m.pages.size(), 5u);
  std::map<int, int> seen;  // body row → times drawn (not repeated)
  for (const Page& page : m.pages) {
    ASSERT_FALSE(page.cells.empty());
    // The page starts with the two header rows.
    LU top = page.cells.front().y;
    for (const CellBox& b : page.cells) top = std::min(top, b.y);
    std::set<int> header_rows_at_top;
    for (const CellBox& b : page.cells) {
      if (b.header) header_rows_at_top.insert(b.row);
      if (b.y == top) {
        EXPECT_EQ(b.row, 0) << "page " << page.number;
      }
      if (!b.header && b.col == 0) ++seen[b.row];
    }
    EXPECT_EQ(header_rows_at_top, (std::set<int>{0, 1})) << "page " << page.number;
  }
  ASSERT_EQ(seen.size(), 300u);
  for (const auto& [row, count] : seen) EXPECT_EQ(count, 1) << "row " << row;
  std::vector<Diagnostic> d2;
  std::vector<resolve::TableSize> sizes;
  lay_out(report_with(t), gbt9704(), d2, &sizes);
  ASSERT_EQ(sizes.size(), 1u);
  EXPECT_EQ(sizes[0].block, 0u);
  EXPECT_EQ(std::accumulate(sizes[0].column_widths_lu.begin(), sizes[0].column_widths_lu.end(),
                            LU{0}),
            text_width(gbt9704()));
  expect_runs_inside_cells(m);
  expect_no_rule_through_merged_cells(m);
}

TEST(TableLayout, ThreeLevelRowspanCrossingAPageRepeatsItsLabels) {
  Table t;
  t.columns.resize(4);
  t.header_rows = 1;
  t.header_columns = 3;
  t.rows.push_back(TableRow{{cell("项目", 1, 3), cell("数量")}});
  // Level 1 spans 90 rows, level 2 groups of 45, level 3 one row each: far more than a page.
  for (int i = 0; i < 90; ++i) {
    TableRow row;
    if (i == 0) row.cells.push_back(cell("三、本年度办理结果", 90));
    if (i % 45 == 0) row.cells.push_back(cell("（" + std::to_string(i / 45 + 1) + "）不予公开", 45));
    row.cells.push_back(cell(std::to_string(i % 45 + 1) + ". 属于国家秘密"));
    row.cells.push_back(cell(std::to_string(i)));
    t.rows.push_back(std::move(row));
  }
  std::vector<Diagnostic> d;
  PageModel m = lay(report_with(t), d);
  EXPECT_FALSE(has_errors(d));
  ASSERT_GE(m.pages.size(), 2u);
  int level2_pages = 0;
  for (size_t p = 1; p < m.pages.size(); ++p) {
    const Page& page = m.pages[p];
    bool level1 = false, level2 = false;
    for (const CellBox& b : page.cells) {
      if (b.col == 0 && b.row == 1) {
        EXPECT_TRUE(b.repeated);
        EXPECT_EQ(text_in(page, b), "三、本年度办理结果");
        level1 = true;
      }
      if (b.col == 1 && b.repeated && b.row > 0) {
        EXPECT_NE(text_in(page, b).find("不予公开"), std::string::npos);
        level2 = true;
      }
    }
    EXPECT_TRUE(level1) << "page " << page.number;
    if (level2) ++level2_pages;
  }
  // Groups of 45 rows are longer than a page, so some page must start inside one.
  EXPECT_GE(level2_pages, 1);
  expect_runs_inside_cells(m);
  expect_no_rule_through_merged_cells(m);
}

TEST(TableLayout, CellLongerThanAPageIsSplitAndComplete) {
  // Text for more than two pages even at the smallest table text size (10.5 pt), whatever size
  // table sizing picks.
  std::string text;
  for (int i = 0; i < 3000; ++i) text += "公开";
  Table t;
  t.columns.resize(2);
  t.header_rows = 1;
  t.rows.push_back(TableRow{{cell("说明"), cell("内容")}});
  t.rows.push_back(TableRow{{cell("长文"), cell(text)}});
  std::vector<Diagnostic> d;
  PageModel m = lay(report_with(t), d);
  EXPECT_FALSE(has_errors(d));
  ASSERT_GE(m.pages.size(), 3u);
  std::string drawn;
  for (const Page& page : m.pages) {
    for (const CellBox& b : page.cells) {
      if (b.row == 1 && b.col == 1) drawn += text_in(page, b);
    }
  }
  EXPECT_EQ(drawn, text);
  expect_runs_inside_cells(m);
}

TEST(TableLayout, FifteenNarrowColumnsFitWithLabelsWrapped) {
  Table t;
  t.columns.resize(15);
  t.header_rows = 3;
  t.rows.push_back(TableRow{{cell("行政复议", 1, 5), cell("行政诉讼", 1, 10)}});
  TableRow r1;
  for (const char* l : {"结果维持", "结果纠正", "其他结果", "尚未审结", "总计"}) {
    r1.cells.push_back(cell(l, 2));
  }
  r1.cells.push_back(cell("未经复议直接起诉", 1, 5));
  r1.cells.push_back(cell("复议后起诉", 1, 5));
  t.rows.push_back(r1);
  TableRow r2, r3;
  for (int k = 0; k < 2; ++k) {
    for (const char* l : {"结果维持", "结果纠正", "其他结果", "尚未审结", "总计"}) {
      r2.cells.push_back(cell(l));
    }
  }
  for (int k = 0; k < 15; ++k) r3.cells.push_back(cell("0"));
  t.rows.push_back(r2);
  t.rows.push_back(r3);
  std::vector<Diagnostic> d;
  PageModel m = lay(report_with(t), d);
  EXPECT_FALSE(has_errors(d));
  ASSERT_EQ(m.pages.size(), 1u);
  const Page& page = m.pages[0];
  int wrapped = 0;
  for (const CellBox& b : page.cells) {
    if (b.row == 2) {
      std::set<LU> ys;
      for (const GlyphRun& run : page.runs) {
        if (run.x >= b.x && run.x < b.x + b.w && run.y > b.y && run.y < b.y + b.h) ys.insert(run.y);
      }
      if (ys.size() == 2) ++wrapped;
      const std::string text = text_in(page, b);
      EXPECT_TRUE(text == "结果维持" || text == "结果纠正" || text == "其他结果" ||
                  text == "尚未审结" || text == "总计")
          << text;
    }
  }
  EXPECT_GE(wrapped, 8);  // 结果/维持 on two lines
  expect_runs_inside_cells(m);
  expect_no_rule_through_merged_cells(m);
}

TEST(TableLayout, TooWideEvenAtTheMinimumSizeIsAnErrorNamingTheTable) {
  Table t;
  t.columns.resize(60);
  TableRow row;
  for (int k = 0; k < 60; ++k) row.cells.push_back(cell("12345678"));
  t.rows.push_back(row);
  std::vector<Diagnostic> d;
  lay(report_with(t), d);
  ASSERT_TRUE(has_errors(d));
  bool named = false;
  for (const Diagnostic& x : d) {
    if (x.severity == Severity::kError && x.pointer == "/body/0" &&
        x.message.find("table 1") != std::string::npos) {
      named = true;
    }
  }
  EXPECT_TRUE(named);
}

}  // namespace
}  // namespace paiban::layout
