// Column sizing: automatic table layout in the spirit of CSS 2.1 §17.5.2.2, as free functions over
// plain structs (tested with exact numbers in tests/layout/table_sizing_test.cc).
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "layout/font_context.h"
#include "layout/page_model.h"
#include "layout/paragraph.h"
#include "resolve/resolved.h"

namespace paiban::layout {

struct ColumnConstraint {
  LU fixed = -1;      // an explicit width (mm/pt, or % already resolved), -1 = none
  double fr = 0;      // a share of what is left ("2fr"), 0 = automatic
};

// What one cell needs from the columns it spans (padding included).
struct SpanNeed {
  int first = 0;
  int span = 1;
  LU min = 0;  // min-content: the widest unbreakable unit
  LU max = 0;  // max-content: everything on one line
};

struct ColumnWidths {
  std::vector<LU> widths;  // sums to the table width exactly when `fits`
  LU min_total = 0;        // the least width the table can take
  bool fits = true;        // false: min-content exceeds the table width (widths = minimum)
};

// Policy (where CSS leaves room, pinned by tests):
// - single-column needs set each column's min/max; spanning needs are then applied by increasing
//   span, a deficit spread over the spanned automatic columns in proportion to their max-content
//   (equally when all are 0);
// - fixed columns take their width; the rest of the table width goes to the others:
//   all at max-content when that fits, the surplus spread in proportion to max-content;
//   otherwise min-content plus the room left in proportion to (max − min), so long labels get the
//   room and short numbers keep one line;
// - when there are fr columns, they take what the automatic columns leave, by their weights,
//   never below their min-content (water-filling).
ColumnWidths compute_column_widths(int cols, const std::vector<ColumnConstraint>& constraints,
                                   const std::vector<SpanNeed>& needs, LU table_width);

// Row heights from the cells' heights (padding included): every row at least `min_row`; cells of
// one row first, then row spans by increasing span, a span's deficit spread evenly over its rows
// (the remainder on its last). The one rule that sizing's page estimate and layout both use.
std::vector<LU> row_heights(const TableGrid& grid, const std::vector<LU>& cell_heights,
                            LU min_row);

// The paragraph specs of a resolved cell at a font scale, for a content width.
std::vector<ParagraphSpec> cell_specs(const resolve::ResolvedCell& cell,
                                      const styles::Style& style, double scale, LU content_width);

// Whether a cell line holds a single character (marks and spaces not counted) — what no table
// line may print (issue: 「自然/人」, 「不予公/开」); a line holding only a label's number
// (「（三）」) is fine.
bool is_one_character_line(std::string_view text);

// A cell's paragraphs laid out in its content width: a numbered label (ResolvedParagraph::
// number_bytes) with its later lines hanging under the text after the number, and a paragraph
// that would leave one character on a line set at the narrowest measure that keeps its number of
// lines (balanced, like a title), when that avoids it. With `facts`, the paragraphs whose lines a
// word processor would break elsewhere get their resolve::CellLines appended (`paragraph` set;
// `cell` and the spread lines' `block` are the caller's to set).
// `shaped`: the cell's paragraphs as measured (TableSizeChoice::shaped), or null.
std::vector<Line> layout_cell(const resolve::ResolvedCell& cell, const styles::Style& style,
                              double scale, LU content_width, FontContext& fonts,
                              std::vector<Diagnostic>& diagnostics,
                              std::vector<resolve::CellLines>* facts = nullptr,
                              const std::vector<ShapedParagraph>* shaped = nullptr);

// What table sizing decides for one table: its column widths, text scale and orientation.
struct TableSizeChoice {
  std::vector<LU> widths;
  LU min_total = 0;   // the least width the table needs at the smallest size (for messages)
  double scale = 1;   // relative to the style's table text sizes
  bool fits = false;  // false: too wide even on a landscape page at table.min_font_size
  bool landscape = false;
  bool one_character_lines = false;  // some label still wraps to a one-character line
  // Each cell's paragraphs as they were measured (shaped at the style's sizes), in grid order:
  // laying a cell out rescales them (rescale) instead of shaping its text again. Empty for a
  // table of more than kKeptTextBytes of text, whose cells are shaped again one at a time.
  std::vector<std::vector<ShapedParagraph>> shaped;
};

// The most text (UTF-8 bytes) of a table whose cells' shaping is kept from measuring to laying
// out (TableSizeChoice::shaped): about 10,000 Chinese characters, 1.5 MB of clusters. A longer
// table holds no more than its measures: kept whole, a 20,000-row table's shaping (120 MB) made
// its layout slower, not faster.
inline constexpr size_t kKeptTextBytes = 32 * 1024;

// Chooses a table's text size from the style's range (table_cell.size down to
// table.min_font_size, by half points) and its column widths. Each cell is shaped once; each
// candidate size scales those advances. Preference, in order (issue #11):
// - every line of every cell holds two characters or more (balanced where needed);
// - a table whose body rows fill one or two pages at the smallest such size keeps that page
//   count (so that, wherever it starts, table 三 is on two pages at most);
// - the largest size.
// Widths go by need: numbers get their widest value, labels their longest word and the least
// width at which their lines, balanced, keep two characters each, then the room left in
// proportion to what they would still like (fr weights are read as automatic columns: an imported form's weights follow the source
// page, not the text). A table that does not fit the portrait type area even at the smallest
// size goes on landscape pages (GB/T 9704 §8) when the style allows.
TableSizeChoice choose_table_size(const resolve::ResolvedTable& table, const styles::Style& style,
                                  FontContext& fonts,
                                  const std::vector<ColumnConstraint>& constraints, LU text_width,
                                  LU pad_h, LU pad_v);

struct TableLayout;

// The table-sizing phase: every table of a resolved document sized once, before pagination —
// column widths, the font scale that lets it fit the text width, the rows kept together, and
// its cells laid out at those widths (which layout reuses). A DOCX-only render needs nothing
// more. Keyed by block index, never by counting tables.
struct SizedTables {
  SizedTables();
  ~SizedTables();
  SizedTables(SizedTables&&) noexcept;
  SizedTables& operator=(SizedTables&&) noexcept;

  std::vector<resolve::TableSize> sizes;             // in block order
  std::vector<std::unique_ptr<TableLayout>> layouts;  // parallel to sizes
  // The sized table of block `block`; nullptr when that block is not a table.
  const TableLayout* layout_for(size_t block) const;
};

SizedTables size_tables(const resolve::ResolvedDocument& doc, FontContext& fonts,
                        std::vector<Diagnostic>& diagnostics);

}  // namespace paiban::layout
