// Table grid resolution: a table's rows (each listing the cells that start in it, with their
// spans) → a rectangular occupancy grid. The PDF's table layout, the DOCX writer and the importer's
// rule checker all place cells through this one function, so they can never disagree on where a
// cell sits. The JSON reader reports bad geometry as errors (json_reader.cc); here every span is
// repaired instead, so that the renderers never fail on odd input.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "paiban/diagnostics.h"
#include "paiban/model.h"

namespace paiban {

enum class CellKind {
  kHeader,  // in one of Table::header_rows
  kLabel,   // in one of Table::header_columns, and not a header cell
  kData,
};

struct GridCell {
  int row = 0, col = 0;          // top-left corner, 0-based grid coordinates
  int rowspan = 1, colspan = 1;  // after repair: inside the grid and never overlapping
  int source_row = -1;           // index into Table::rows; -1 for a filler
  int source_index = -1;         // index into TableRow::cells; -1 for a filler
  CellKind kind = CellKind::kData;
  const TableCell* cell = nullptr;  // points into the table; nullptr for a filler
};

struct TableGrid {
  int rows = 0, cols = 0;
  std::vector<GridCell> cells;  // in reading order (row, then column of the top-left corner)
  std::vector<int> owner;       // rows × cols: index into cells, -1 for a hole
  // True when the table's geometry needed a repair (a cell past the last column, a span clamped
  // or shortened, a position no cell covers): the JSON reader rejects such tables.
  bool repaired = false;

  int at(int r, int c) const {
    return owner[static_cast<size_t>(r) * static_cast<size_t>(cols) + static_cast<size_t>(c)];
  }
  // The cell whose top-left corner is (r, c); nullptr when no cell starts there.
  const GridCell* starting_at(int r, int c) const;
};

struct TableGridOptions {
  // Give every position no cell covers an empty filler cell (GridCell::cell == nullptr), so that
  // every position is owned: Word draws a ragged edge for a row with fewer cells than the grid.
  bool fill_holes = false;
  // With no Table::columns, take as many columns as the widest row claims (tables built in code
  // rather than read from JSON, where "columns" is required).
  bool columns_from_cells = false;
  // When set, every repair is reported here as a warning at `where` (the table's JSON pointer).
  std::vector<Diagnostic>* diagnostics = nullptr;
  std::string where;
};

// Places each cell at the first free column of its row (docs/report-format.md), left to right.
// A cell past the last column is left out; spans are clamped to the grid and shortened so that no
// two cells overlap.
TableGrid resolve_table_grid(const Table& table, const TableGridOptions& options = {});

// The cell's text: its paragraphs' runs, paragraphs joined by "\n".
std::string cell_text(const TableCell& cell);

// "0", "3985758", "5949.088667", "-3", "12%": a number as the annual-report tables print them.
bool is_number_text(std::string_view text);

// Whether a data cell takes TableStyle::number_align: its paragraphs read as one number.
bool cell_is_number(const TableCell& cell);

}  // namespace paiban
