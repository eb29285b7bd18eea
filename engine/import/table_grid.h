// Where each cell of a model table sits on its grid: the rule checker reads cells by (row, col).
#pragma once

#include <string>
#include <vector>

#include "paiban/model.h"

namespace paiban::import {

struct PlacedCell {
  int row = 0;  // grid position of the top-left corner
  int col = 0;
  int rowspan = 1;
  int colspan = 1;
  int row_index = 0;   // index into Table::rows
  int cell_index = 0;  // index into TableRow::cells
  const TableCell* cell = nullptr;
};

// Places cells left to right in the first free grid column of their row, as the JSON reader
// does. Cells that would overlap or run past Table::columns are still placed (the reader reports
// those); `ok` is false then.
struct PlacedTable {
  std::vector<PlacedCell> cells;  // in the order of Table::rows
  bool ok = true;
  const PlacedCell* at(int row, int col) const;  // the cell whose top-left is (row, col)
};
PlacedTable place_cells(const Table& table);

// The cell's text: its paragraphs' runs, paragraphs joined by "\n".
std::string cell_text(const TableCell& cell);

}  // namespace paiban::import
