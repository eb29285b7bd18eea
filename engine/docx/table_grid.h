// Table geometry for the DOCX writer: the report's rows (cells that start in a row, with spans)
// resolved into a rectangular occupancy grid, and the grid's column widths in twips.
//
// WordprocessingML has no rowspan: a merged region is one w:tc per row, the first with
// <w:vMerge w:val="restart"/>, the others with <w:vMerge w:val="continue"/>, all with the same
// w:gridSpan. Writing that needs every covered position, so the grid is resolved first.
#pragma once

#include <string>
#include <vector>

#include "paiban/diagnostics.h"
#include "paiban/model.h"
#include "styles/style.h"

namespace paiban::docx {

struct GridCell {
  int row = 0, col = 0;             // origin, 0-based grid coordinates
  int rowspan = 1, colspan = 1;     // after clamping
  bool header = false;              // in one of the Table::header_rows
  bool label = false;               // in one of the Table::header_columns (and not a header cell)
  const TableCell* cell = nullptr;  // nullptr: a filler for a position no cell covers
};

struct TableGrid {
  int rows = 0, cols = 0;
  std::vector<GridCell> cells;  // in reading order (row, then column)
  std::vector<int> owner;       // rows × cols: index into cells; every position is owned
  int at(int r, int c) const { return owner[static_cast<size_t>(r * cols + c)]; }
};

// Places the cells as the PDF's layout does: each cell in the first free column of its row;
// spans are clamped to the grid and shrunk so that no two cells overlap; positions left empty get
// an empty filler cell. Every such repair is reported as a warning at `where`.
TableGrid resolve_table_grid(const Table& table, const std::string& where,
                             std::vector<Diagnostic>& diagnostics);

// Column widths from the column specs when paiban's table layout gave none: absolute widths
// ("20mm", "48pt") and percentages of the text width are taken as given; "fr" columns share the
// rest in proportion to their fraction and "auto" (or empty) columns count as "1fr". The result
// has `columns` entries (≥ 1 twip each) whose sum is the text width whenever flexible columns
// exist and the fixed ones leave each of them at least one character of table text.
std::vector<int> derive_column_widths(const Table& table, int columns, const styles::Style& style,
                                      int text_width_twips, const std::string& where,
                                      std::vector<Diagnostic>& diagnostics);

// "0", "3985758", "5949.088667", "-3", "12%": cells whose text is a number take
// TableStyle::number_align (the same test as the PDF's table layout).
bool is_number_text(const std::string& text);

}  // namespace paiban::docx
