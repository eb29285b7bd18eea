#include "layout/table_grid.h"

#include <algorithm>

namespace paiban::layout {

ResolvedGrid resolve_grid(const Table& table) {
  ResolvedGrid g;
  g.rows = static_cast<int>(table.rows.size());
  g.cols = static_cast<int>(table.columns.size());
  g.owner.assign(static_cast<size_t>(g.rows) * static_cast<size_t>(std::max(g.cols, 0)), -1);
  for (int r = 0; r < g.rows; ++r) {
    int c = 0;
    const TableRow& row = table.rows[static_cast<size_t>(r)];
    for (size_t i = 0; i < row.cells.size(); ++i) {
      while (c < g.cols && g.at(r, c) >= 0) ++c;  // skip columns held by rowspans from above
      if (c >= g.cols) break;                      // clamped: the reader reports the excess
      const TableCell& cell = row.cells[i];
      GridCell gc;
      gc.row = r;
      gc.col = c;
      gc.rowspan = std::clamp(cell.rowspan, 1, g.rows - r);
      gc.colspan = std::clamp(cell.colspan, 1, g.cols - c);
      // Never overlap: shrink a colspan that would run into a cell held from above.
      for (int k = 1; k < gc.colspan; ++k) {
        if (g.at(r, c + k) >= 0) {
          gc.colspan = k;
          break;
        }
      }
      gc.source_row = r;
      gc.source_index = static_cast<int>(i);
      gc.cell = &cell;
      gc.kind = r < table.header_rows      ? CellKind::kHeader
                : c < table.header_columns ? CellKind::kLabel
                                           : CellKind::kData;
      const int index = static_cast<int>(g.cells.size());
      for (int rr = r; rr < r + gc.rowspan; ++rr) {
        for (int cc = c; cc < c + gc.colspan; ++cc) {
          int& slot = g.owner[static_cast<size_t>(rr * g.cols + cc)];
          if (slot < 0) slot = index;
        }
      }
      g.cells.push_back(gc);
      c += gc.colspan;
    }
  }
  return g;
}

int break_cost(const ResolvedGrid& grid, int r) {
  int cost = 0;
  for (const GridCell& c : grid.cells) {
    if (c.row < r && c.row + c.rowspan > r) ++cost;
  }
  return cost;
}

}  // namespace paiban::layout
