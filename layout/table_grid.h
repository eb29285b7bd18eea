// Table grid resolution: rowspan/colspan → a validated occupancy grid, before any sizing
// (the reader already rejects bad geometry; here every span is clamped so layout never fails).
#pragma once

#include <vector>

#include "paiban/model.h"

namespace paiban::layout {

enum class CellKind { kHeader, kLabel, kData };

struct GridCell {
  int row = 0, col = 0, rowspan = 1, colspan = 1;
  int source_row = 0, source_index = 0;  // where the cell is in Table::rows
  CellKind kind = CellKind::kData;
  const TableCell* cell = nullptr;
};

struct ResolvedGrid {
  int rows = 0, cols = 0;
  std::vector<GridCell> cells;  // in reading order (row, then column)
  std::vector<int> owner;       // rows × cols: index into cells, -1 for a hole
  int at(int r, int c) const { return owner[static_cast<size_t>(r * cols + c)]; }
};

ResolvedGrid resolve_grid(const Table& table);

// Number of cells whose rowspan crosses the boundary between row r-1 and row r: the cost of a
// page break before row r (0 = a clean break).
int break_cost(const ResolvedGrid& grid, int r);

}  // namespace paiban::layout
