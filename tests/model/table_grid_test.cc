// Grid resolution shared by the PDF's layout, the DOCX writer and the importer's rule checker.
#include "table_grid.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/model_builders.h"

namespace paiban {
namespace {

using test_support::cell;

TEST(TableGrid, PlacesCellsAfterRowspansFromAbove) {
  Table t;
  t.columns.resize(3);
  t.header_rows = 1;
  t.header_columns = 1;
  t.rows = {TableRow{{cell("h", 1, 3)}}, TableRow{{cell("l", 2), cell("a", 1, 2)}},
            TableRow{{cell("b"), cell("c")}}};
  const TableGrid g = resolve_table_grid(t);
  EXPECT_FALSE(g.repaired);
  ASSERT_EQ(g.cells.size(), 5u);
  EXPECT_EQ(g.cells[0].kind, CellKind::kHeader);
  EXPECT_EQ(g.cells[1].kind, CellKind::kLabel);
  EXPECT_EQ(g.cells[2].kind, CellKind::kData);
  EXPECT_EQ(g.cells[3].col, 1);
  EXPECT_EQ(g.cells[3].source_row, 2);
  EXPECT_EQ(g.cells[3].source_index, 0);
  EXPECT_EQ(g.at(2, 0), 1);
  ASSERT_NE(g.starting_at(2, 2), nullptr);
  EXPECT_EQ(cell_text(*g.starting_at(2, 2)->cell), "c");
  EXPECT_EQ(g.starting_at(2, 0), nullptr);  // covered by the rowspan of (1, 0)
}

TEST(TableGrid, RepairsSpansAndReportsThemWhenAsked) {
  Table t;
  t.columns.resize(2);
  // (0,1) spans into row 1 where (1,0) asks for both columns; row 2 is short; row 1 has a cell
  // past the last column.
  t.rows = {TableRow{{cell("a"), cell("b", 2)}}, TableRow{{cell("c", 1, 2), cell("x")}},
            TableRow{{cell("d", 5)}}};
  std::vector<Diagnostic> diagnostics;
  TableGridOptions options;
  options.diagnostics = &diagnostics;
  options.where = "/body/0";
  const TableGrid g = resolve_table_grid(t, options);
  EXPECT_TRUE(g.repaired);
  ASSERT_EQ(g.cells.size(), 4u);
  EXPECT_EQ(g.cells[2].colspan, 1);  // shrunk before the rowspan of "b"
  EXPECT_EQ(g.cells[3].rowspan, 1);  // clamped to the last row
  EXPECT_EQ(g.at(2, 1), -1);         // a hole: no fillers asked for
  ASSERT_EQ(diagnostics.size(), 4u);
  EXPECT_EQ(diagnostics[0].pointer, "/body/0/rows/1/cells/0");
  EXPECT_EQ(diagnostics[1].pointer, "/body/0/rows/1/cells/1");
  EXPECT_EQ(diagnostics[2].pointer, "/body/0/rows/2/cells/0");
  EXPECT_EQ(diagnostics[3].pointer, "/body/0/rows/2");
  for (const Diagnostic& d : diagnostics) EXPECT_EQ(d.severity, Severity::kWarning);

  options.fill_holes = true;
  options.diagnostics = nullptr;
  const TableGrid filled = resolve_table_grid(t, options);
  ASSERT_EQ(filled.cells.size(), 5u);
  EXPECT_EQ(filled.cells[4].cell, nullptr);
  EXPECT_EQ(filled.cells[4].source_row, -1);
  EXPECT_EQ(filled.at(2, 1), 4);
}

TEST(TableGrid, CountsColumnsFromCellsOnlyWhenAsked) {
  Table t;
  t.rows = {TableRow{{cell("a", 1, 2), cell("b")}}};
  EXPECT_EQ(resolve_table_grid(t).cols, 0);
  EXPECT_TRUE(resolve_table_grid(t).repaired);
  TableGridOptions options;
  options.columns_from_cells = true;
  const TableGrid g = resolve_table_grid(t, options);
  EXPECT_EQ(g.cols, 3);
  EXPECT_FALSE(g.repaired);
}

TEST(CellText, JoinsParagraphsByNewline) {
  TableCell c = cell("12");
  c.paragraphs.push_back(cell("%").paragraphs[0]);
  EXPECT_EQ(cell_text(c), "12\n%");
  EXPECT_TRUE(cell_is_number(c));  // the paragraphs run together for the number test
}

TEST(IsNumberText, AcceptsTheTablesNumbers) {
  EXPECT_TRUE(is_number_text("0"));
  EXPECT_TRUE(is_number_text("5949.088667"));
  EXPECT_TRUE(is_number_text("-3"));
  EXPECT_TRUE(is_number_text("+4"));
  EXPECT_TRUE(is_number_text("12%"));
  EXPECT_TRUE(is_number_text("1,234"));
  EXPECT_FALSE(is_number_text("2023年"));
  EXPECT_FALSE(is_number_text("3-4"));
  EXPECT_FALSE(is_number_text("%"));
  EXPECT_FALSE(is_number_text(""));
}

}  // namespace
}  // namespace paiban
