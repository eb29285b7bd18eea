// Where tables break (issue #11, item 4), measured on the page model: the seed's table 三
// (samples/hongqi-2023) and constructed tables of short and long groups, each placed after 0 to
// 30 lines of text so that the break falls at every row in turn.
// - No page before a continuation page ends more than 3 body lines above the foot of the type
//   area, unless what comes next (the row, or a short group of up to 3 rows kept whole) is
//   taller than that gap.
// - A short group (a label spanning 2 or 3 rows) is never split.
// - The last row (a summary row such as （七）总计) is never stretched by a repeated label: it is
//   as tall as the sizing phase measured it, as when the table stands unbroken.
// - The table's tail: a last continuation page of one or two rows holds whole groups (table 三's
//   四、结转下年度继续办理, a row of its own), never a piece torn from a group under its label
//   drawn again.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "json_io.h"
#include "layout/layout.h"
#include "layout/table_layout.h"
#include "layout_test_util.h"
#include "support/model_builders.h"

namespace paiban::layout {
namespace {

using testing::gbt9704;
using testing::lay_out;
using test_support::cell;

Table seed_table_three() {
  const std::filesystem::path path =
      std::filesystem::path(PAIBAN_SOURCE_DIR) / "samples" / "hongqi-2023" / "report.json";
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  ReadResult r = json::read_report(ss.str(), path.string());
  EXPECT_TRUE(r.report.has_value());
  const Report report = r.report.value_or(Report{});
  const Table* best = nullptr;
  for (const Block& b : report.body) {
    const auto* t = std::get_if<Table>(&b);
    if (t != nullptr && (best == nullptr || t->rows.size() > best->rows.size())) best = t;
  }
  EXPECT_NE(best, nullptr);
  return best != nullptr ? *best : Table{};
}

// Groups of the given sizes under a label each, a numbered item and three numbers per row, and a
// closing summary row.
Table grouped(const std::vector<int>& groups) {
  Table t;
  t.columns.resize(5);
  t.header_rows = 1;
  t.header_columns = 2;
  t.rows.push_back(TableRow{{cell("项目", 1, 2), cell("本年"), cell("上年"), cell("增减")}});
  int n = 0;
  for (size_t g = 0; g < groups.size(); ++g) {
    for (int k = 0; k < groups[g]; ++k) {
      TableRow row;
      if (k == 0) row.cells.push_back(cell("（" + std::to_string(g + 1) + "）其他处理情况", groups[g]));
      row.cells.push_back(cell(std::to_string(k + 1) + ". 申请人无正当理由逾期不补正" +
                               std::string(k % 2 ? "、行政机关不再处理" : "")));
      for (int c = 0; c < 3; ++c) row.cells.push_back(cell(std::to_string(++n)));
      t.rows.push_back(std::move(row));
    }
  }
  t.rows.push_back(TableRow{{cell("（七）总计", 1, 2), cell("1"), cell("2"), cell("3")}});
  return t;
}

Report after_lines(const Table& t, int lines) {
  Report r;
  r.metadata.title = "表格";
  r.show_title = false;
  for (int i = 0; i < lines; ++i) {
    r.body.push_back(test_support::paragraph("本机关全年共收到政府信息公开申请若干件，均已按期答复。"));
  }
  r.body.push_back(t);
  return r;
}

// Cell boxes of the table (the last in the document) per page.
std::vector<std::vector<CellBox>> table_pages(const PageModel& m) {
  std::vector<std::vector<CellBox>> out;
  for (const Page& p : m.pages) {
    if (!p.cells.empty()) out.push_back(p.cells);
  }
  return out;
}

void check_breaks(const Table& t, const std::string& what) {
  const styles::Style& style = gbt9704();
  const LU type_bottom = pt_to_lu(style.page.height_pt - style.page.margin_bottom_pt);
  const LU body_line = pt_to_lu(styles::line_pitch_pt(style.body));

  // The row heights as the sizing phase measured them for this page: at the text size and column
  // widths it chose for the table (table sizing picks them per table and per page size, so a
  // table set on a taller page may be set larger). Unbroken, a row is this tall wherever it
  // stands; short group labels (rowspan 2 or 3) from the same grid.
  std::map<int, LU> natural;                 // row → height
  std::map<std::pair<int, int>, int> spans;  // short group labels: (row, col) → rowspan
  int last_row = 0;
  {
    std::vector<Diagnostic> d0;
    FontContext fonts(test_support::test_fonts(), style);
    ShapedMeasure measure(fonts, style);
    const resolve::ResolvedDocument doc =
        resolve::resolve_document(after_lines(t, 0), style, d0, &measure);
    const SizedTables tables = size_tables(doc, fonts, d0);
    ASSERT_FALSE(has_errors(d0));
    ASSERT_EQ(tables.layouts.size(), 1u) << what;
    const TableLayout& sized = *tables.layouts[0];
    for (size_t r = 0; r < sized.row_heights.size(); ++r) {
      natural[static_cast<int>(r)] = sized.row_heights[r];
    }
    last_row = sized.grid.rows - 1;
    for (const GridCell& gc : sized.grid.cells) {
      if (gc.rowspan >= 2 && gc.rowspan <= 3) spans[{gc.row, gc.col}] = gc.rowspan;
    }
  }

  int breaks = 0;
  for (int lines = 0; lines <= 30; ++lines) {
    std::vector<Diagnostic> d;
    const PageModel m = lay_out(after_lines(t, lines), style, d);
    ASSERT_FALSE(has_errors(d));
    const auto pages = table_pages(m);
    std::map<std::pair<int, int>, int> pieces;
    for (size_t p = 0; p < pages.size(); ++p) {
      LU bottom = 0;
      for (const CellBox& b : pages[p]) {
        bottom = std::max(bottom, b.y + b.h);
        if (!b.header && spans.count({b.row, b.col})) ++pieces[{b.row, b.col}];
        if (b.row == last_row && b.rowspan == 1) {
          EXPECT_EQ(b.h, natural[b.row]) << what << ", " << lines << " lines before: the last row "
                                         << "is stretched on page " << p + 1;
        }
      }
      if (p + 1 == pages.size()) {
        // The table's tail: a last continuation page of one or two rows holds whole groups,
        // never a piece of a group under its label drawn again.
        std::set<int> rows;
        bool label_again = false;
        for (const CellBox& b : pages[p]) {
          if (b.row < t.header_rows) continue;
          if (!b.repeated) rows.insert(b.row);
          if (b.repeated) label_again = true;
        }
        if (p > 0 && rows.size() <= 2) {
          EXPECT_FALSE(label_again) << what << ", " << lines << " lines before: the last page "
                                    << "carries " << rows.size() << " row(s) torn from a group";
        }
        continue;
      }
      ++breaks;
      // The first row drawn for the first time on the next page, and what must come with it.
      int next = 1 << 30;
      for (const CellBox& b : pages[p + 1]) {
        if (!b.repeated && !b.header) next = std::min(next, b.row);
      }
      LU next_h = natural[next];
      for (const auto& [pos, span] : spans) {
        if (pos.first == next) {
          next_h = 0;
          for (int r = next; r < next + span; ++r) next_h += natural[r];
        }
      }
      const LU gap = type_bottom - bottom;
      if (gap > 3 * body_line) {
        EXPECT_GT(next_h, gap) << what << ", " << lines << " lines before: page " << p + 1
                               << " of the table ends " << gap / body_line
                               << " body lines above the foot; row " << next << " would fit";
      }
    }
    for (const auto& [pos, n] : pieces) {
      EXPECT_EQ(n, 1) << what << ", " << lines << " lines before: the group at row " << pos.first
                      << " is split";
    }
  }
  EXPECT_GT(breaks, 0) << what << " never crosses a page";
}

TEST(TableBreaks, SeedTableThree) { check_breaks(seed_table_three(), "table 三"); }

TEST(TableBreaks, ShortAndLongGroups) {
  check_breaks(grouped({3, 2, 8, 3, 5, 3, 12, 2, 3}), "groups of 2 to 12 rows");
}

// The form's last group holds its summary row, as table 三's 三、本年度办理结果 holds （七）总计:
// single rows, then one group of 14 rows under a label spanning them all, the last its total. The
// label is one line, so drawing it again stretches nothing: only the tail rule keeps the total
// and the row before it from being carried alone (without it, placed after 1, 12 or 23 lines,
// the last page holds those two rows under the label drawn again).
Table tail_group() {
  Table t;
  t.columns.resize(5);
  t.header_rows = 1;
  t.rows.push_back(TableRow{{cell("项目", 1, 2), cell("本年"), cell("上年"), cell("增减")}});
  int n = 0;
  for (int r = 0; r < 16; ++r) {
    t.rows.push_back(TableRow{{cell(std::to_string(r + 1) + ". 本年新收政府信息公开申请数量", 1, 2),
                               cell(std::to_string(++n)), cell(std::to_string(++n)),
                               cell(std::to_string(++n))}});
  }
  for (int k = 0; k < 14; ++k) {
    TableRow row;
    if (k == 0) row.cells.push_back(cell("三、结果", 14));
    row.cells.push_back(cell(k == 13 ? "（七）总计"
                                     : "（" + std::to_string(k + 1) + "）申请人无正当理由逾期不补正"));
    for (int c = 0; c < 3; ++c) row.cells.push_back(cell(std::to_string(++n)));
    t.rows.push_back(std::move(row));
  }
  return t;
}

// The table's tail is a whole group: placed after 0 to 30 lines, the table never carries its
// total (or its last two rows) alone onto a continuation page under the group's label drawn
// again; the break comes earlier in the group.
TEST(TableBreaks, TheTailOnAContinuationPageIsAWholeGroup) {
  check_breaks(tail_group(), "a last group holding its total");
}

std::string han(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += "公";
  return s;
}

// Degrade order, first step: a group taller than the page is split (its label drawn again)
// while the header rows, which fit with a row under them, are repeated on every page.
TEST(TableBreaks, AGroupTallerThanThePageIsSplitAndTheHeaderKept) {
  Table t;
  t.columns.resize(3);
  t.header_rows = 2;
  t.rows.push_back(TableRow{{cell(han(30), 1, 3)}});
  t.rows.push_back(TableRow{{cell("类别"), cell("事项"), cell("数量")}});
  // 120 one-line rows: more than two pages even at the smallest table text size (10.5 pt).
  for (int r = 0; r < 120; ++r) {
    TableRow row;
    if (r == 0) row.cells.push_back(cell("（一）予以公开", 120));
    row.cells.push_back(cell(han(12)));
    row.cells.push_back(cell("1"));
    t.rows.push_back(std::move(row));
  }
  std::vector<Diagnostic> d;
  const PageModel m = lay_out(after_lines(t, 0), gbt9704(), d);
  ASSERT_FALSE(has_errors(d));
  const auto pages = table_pages(m);
  ASSERT_GE(pages.size(), 3u);
  for (size_t p = 1; p < pages.size(); ++p) {
    std::set<int> header_rows;
    bool label = false;
    for (const CellBox& b : pages[p]) {
      if (b.header && b.repeated) header_rows.insert(b.row);
      if (b.row == 2 && b.col == 0) label = b.repeated;
    }
    EXPECT_EQ(header_rows, (std::set<int>{0, 1})) << "page " << p + 1;
    EXPECT_TRUE(label) << "page " << p + 1 << ": the split group's label is drawn again";
  }
}

// Second step: when the header rows and the next row do not fit together, that page goes without
// the header — and only that page.
TEST(TableBreaks, HeaderLeftOutOnlyWhereItCannotFitWithTheNextRow) {
  const styles::Style& style = gbt9704();
  Table t;
  t.columns.resize(2);
  t.header_rows = 1;
  // Table sizing picks this table's text size (10.5–14 pt); at the size it picks, the header is
  // about half a page and the tall row about three quarters (the guards below check the case).
  t.rows.push_back(TableRow{{cell(han(800)), cell("数量")}});  // a header of many lines
  t.rows.push_back(TableRow{{cell(han(20)), cell("1")}});
  // A row that fills most of a page: with the header above it, it does not fit.
  t.rows.push_back(TableRow{{cell(han(1200)), cell("2")}});
  t.rows.push_back(TableRow{{cell(han(20)), cell("3")}});
  std::vector<Diagnostic> d;
  const PageModel m = lay_out(after_lines(t, 0), style, d);
  ASSERT_FALSE(has_errors(d));
  const auto pages = table_pages(m);
  ASSERT_GE(pages.size(), 2u);
  LU header_h = 0, tall_h = 0;
  for (const CellBox& b : pages[0]) {
    if (b.row == 0) header_h = b.h;
  }
  int tall_pieces = 0;
  for (const auto& page : pages) {
    for (const CellBox& b : page) {
      if (b.row == 2 && b.col == 0 && !b.repeated) {
        tall_h = std::max(tall_h, b.h);
        ++tall_pieces;
      }
    }
  }
  const LU type_h = pt_to_lu(style.page.height_pt - style.page.margin_top_pt -
                             style.page.margin_bottom_pt);
  ASSERT_GT(header_h + tall_h, type_h - 2 * pt_to_lu(styles::line_pitch_pt(style.note)))
      << "the case needs a row that cannot stand under the header";
  ASSERT_LT(tall_h, type_h) << "the case needs a row shorter than the page";
  ASSERT_EQ(tall_pieces, 1) << "the case needs a row drawn whole, on one page";
  for (size_t p = 1; p < pages.size(); ++p) {
    bool header = false, tall = false;
    for (const CellBox& b : pages[p]) {
      if (b.header) header = true;
      if (b.row == 2) tall = true;
    }
    EXPECT_EQ(header, !tall) << "page " << p + 1;
  }
}

}  // namespace
}  // namespace paiban::layout
