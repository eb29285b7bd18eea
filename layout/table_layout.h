// Table layout: grid → column widths → cell paragraphs → row heights → pagination into pages
// (header rows repeated, rowspan groups kept together or split with their labels drawn again,
// rows taller than a page split line by line), rules emitted once per segment.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "layout/font_context.h"
#include "layout/layout.h"
#include "layout/page_model.h"
#include "layout/paginate.h"
#include "resolve/resolved.h"
#include "styles/style.h"
#include "table_grid.h"

namespace paiban::layout {

struct LaidOutCell {
  std::vector<Line> lines;
  LU content_height = 0;
  LU width = 0;  // box width
  VAlign valign = VAlign::kMiddle;
};

struct TableLayout {
  const resolve::ResolvedTable* table = nullptr;
  int index = 0;
  int header_rows = 0;
  std::string where;
  TableGrid grid;
  std::vector<LU> column_widths;
  std::vector<LU> column_x;  // left edge of each column, relative to the table's left edge
  std::vector<LaidOutCell> cells;  // parallel to grid.cells
  std::vector<LU> row_heights;
  std::vector<int> break_costs;  // per row: rowspans crossing the boundary above it
  // Per row: kept with the next row — inside a rowspan group short enough (a third of a page)
  // to be moved whole rather than split.
  std::vector<bool> keep_with_next;
  std::vector<Line> caption, note, continuation;
  LU width = 0;
  double font_scale = 1.0;  // text sizes relative to the style's (chosen by table sizing)
  bool landscape = false;   // set on landscape pages (table sizing, GB/T 9704 §8)
  LU pad_h = 0, pad_v = 0;
  LU rule = 0, frame = 0;
};

// Per grid row r, and one past the last row: the number of cells whose rowspan crosses the
// boundary above r, the cost of a page break before row r (0 = a clean break). Pagination
// prefers the cheapest break, so split rowspan groups are rare.
std::vector<int> break_costs(const TableGrid& grid);

// Sizes and lays out the cells of a table for a text width. Problems (a table that cannot fit
// even at the style's minimum font size) are reported naming the table. With `facts`, what a
// word processor needs to break the cells' lines where they break here (layout_cell) is appended,
// each CellLines naming its cell.
std::unique_ptr<TableLayout> measure_table(const resolve::ResolvedTable& table,
                                           const styles::Style& style, FontContext& fonts,
                                           LU text_width, std::vector<Diagnostic>& diagnostics,
                                           std::vector<resolve::CellLines>* facts = nullptr);

// The height the table needs at the top of a page: caption, header rows and its first body row.
LU table_min_start_height(const TableLayout& layout);

// Places the table at the paginator's position, breaking pages between rows as needed. Rules are
// black stroked paths (artifacts); under `structure_element` (when ≥ 0) the table's head and body
// row groups, rows and cells are added to the structure tree, and cell text refers to its cell
// (repeated header rows and labels on continuation pages are artifacts).
void place_table(const TableLayout& layout, int structure_element, const styles::Style& style,
                 Paginator& pager);

}  // namespace paiban::layout
