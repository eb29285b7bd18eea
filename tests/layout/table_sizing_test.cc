// Column sizing with exact numbers: each policy of compute_column_widths pinned by a test.
#include <gtest/gtest.h>

#include <numeric>

#include "layout/table_layout.h"
#include "layout/table_sizing.h"

namespace paiban::layout {
namespace {

LU total(const std::vector<LU>& v) { return std::accumulate(v.begin(), v.end(), LU{0}); }

TEST(ColumnWidths, MaxContentFitsSurplusByMaxContent) {
  // Two columns wanting 100 and 300 in a 800-wide table: surplus 400 split 1:3.
  auto w = compute_column_widths(2, {}, {{0, 1, 50, 100}, {1, 1, 50, 300}}, 800);
  ASSERT_TRUE(w.fits);
  EXPECT_EQ(w.widths, (std::vector<LU>{200, 600}));
}

TEST(ColumnWidths, NotEnoughRoomGoesByMaxMinusMin) {
  // min 20 + 20, max 120 + 220, width 240: 200 left, split 100:200.
  auto w = compute_column_widths(2, {}, {{0, 1, 20, 120}, {1, 1, 20, 220}}, 240);
  ASSERT_TRUE(w.fits);
  EXPECT_EQ(w.widths[0], 20 + 66);
  EXPECT_EQ(w.widths[1], 20 + 134);
  EXPECT_EQ(total(w.widths), 240);
}

TEST(ColumnWidths, SpanningCellSpreadsItsDeficitByMaxContent) {
  // Columns of max 100 and 300; a cell across both needs min 800: deficit spread 1:3.
  auto w = compute_column_widths(2, {}, {{0, 1, 100, 100}, {1, 1, 300, 300}, {0, 2, 800, 800}},
                                 800);
  ASSERT_TRUE(w.fits);
  EXPECT_EQ(w.widths, (std::vector<LU>{200, 600}));
}

TEST(ColumnWidths, FixedAndFrColumns) {
  std::vector<ColumnConstraint> c(3);
  c[0].fixed = 100;
  c[1].fr = 1;
  c[2].fr = 3;
  auto w = compute_column_widths(3, c, {{1, 1, 10, 10}, {2, 1, 10, 10}}, 500);
  ASSERT_TRUE(w.fits);
  EXPECT_EQ(w.widths[0], 100);
  // Both shares (100 and 300) are above the columns' minimum, so the weights hold exactly.
  EXPECT_EQ(w.widths[1], 100);
  EXPECT_EQ(w.widths[2], 300);
  EXPECT_EQ(total(w.widths), 500);
}

TEST(ColumnWidths, FrWeightsHoldWhenContentDoesNotFitOnOneLine) {
  // Weights 1:4:1 of 600, but column 0 needs 150: it gets its minimum, the others share 450 by 4:1.
  std::vector<ColumnConstraint> c(3);
  c[0].fr = 1;
  c[1].fr = 4;
  c[2].fr = 1;
  auto w = compute_column_widths(3, c, {{0, 1, 150, 900}, {1, 1, 20, 900}, {2, 1, 20, 900}}, 600);
  ASSERT_TRUE(w.fits);
  EXPECT_EQ(w.widths, (std::vector<LU>{150, 360, 90}));
}

TEST(ColumnWidths, TooNarrowReportsMinimum) {
  auto w = compute_column_widths(3, {}, {{0, 1, 100, 100}, {1, 1, 100, 100}, {2, 1, 100, 100}},
                                 250);
  EXPECT_FALSE(w.fits);
  EXPECT_EQ(w.min_total, 300);
}

TEST(ColumnWidths, AlwaysSumsToTableWidth) {
  // The minimum is 30 + 50 + 20 = 100 (the spanning need of 50 over columns 1–2): every width
  // from 100 up fits and sums exactly; below it nothing fits and the minimum is reported.
  int fitted = 0;
  for (LU width = 40; width < 2000; width += 37) {
    auto w = compute_column_widths(
        4, {}, {{0, 1, 30, 90}, {1, 2, 50, 700}, {3, 1, 20, 20}, {0, 4, 10, 10}}, width);
    EXPECT_EQ(w.fits, width >= w.min_total) << width;
    if (w.fits) {
      EXPECT_EQ(total(w.widths), width) << width;
      ++fitted;
    }
  }
  EXPECT_GE(fitted, 50);
}

TEST(TableGrid, ResolvesSpansAndKinds) {
  Table t;
  t.columns.resize(3);
  t.header_rows = 1;
  t.header_columns = 1;
  auto cell = [](int rs, int cs) {
    TableCell c;
    c.rowspan = rs;
    c.colspan = cs;
    return c;
  };
  t.rows = {TableRow{{cell(1, 3)}}, TableRow{{cell(2, 1), cell(1, 2)}}, TableRow{{cell(1, 1),
                                                                                  cell(1, 1)}}};
  TableGrid g = resolve_table_grid(t);
  ASSERT_EQ(g.cells.size(), 5u);
  EXPECT_EQ(g.cells[0].kind, CellKind::kHeader);
  EXPECT_EQ(g.cells[1].kind, CellKind::kLabel);
  EXPECT_EQ(g.cells[2].kind, CellKind::kData);
  EXPECT_EQ(g.cells[3].col, 1);  // row 2 starts after the rowspan from row 1
  EXPECT_EQ(g.cells[4].col, 2);
  EXPECT_EQ(break_costs(g)[2], 1);
  EXPECT_EQ(break_costs(g)[1], 0);
}

}  // namespace
}  // namespace paiban::layout
