#include "table_grid.h"

#include <algorithm>

namespace paiban::import {

const PlacedCell* PlacedTable::at(int row, int col) const {
  for (const PlacedCell& c : cells) {
    if (c.row == row && c.col == col) return &c;
  }
  return nullptr;
}

PlacedTable place_cells(const Table& table) {
  PlacedTable out;
  const int width = static_cast<int>(table.columns.size());
  // occupied[r][c]: grows with the rows; spans reaching below the last row are kept too.
  std::vector<std::vector<bool>> occupied;
  auto ensure = [&](int rows) {
    while (static_cast<int>(occupied.size()) < rows) occupied.emplace_back(width, false);
  };
  for (size_t r = 0; r < table.rows.size(); ++r) {
    const int row = static_cast<int>(r);
    ensure(row + 1);
    int col = 0;
    const TableRow& tr = table.rows[r];
    for (size_t k = 0; k < tr.cells.size(); ++k) {
      const TableCell& cell = tr.cells[k];
      while (col < width && occupied[row][col]) ++col;
      const int rowspan = std::max(1, cell.rowspan);
      const int colspan = std::max(1, cell.colspan);
      if (col + colspan > width) out.ok = false;
      ensure(row + rowspan);
      for (int dr = 0; dr < rowspan; ++dr) {
        for (int dc = 0; dc < colspan && col + dc < width; ++dc) {
          if (occupied[row + dr][col + dc]) out.ok = false;
          occupied[row + dr][col + dc] = true;
        }
      }
      out.cells.push_back({row, col, rowspan, colspan, row, static_cast<int>(k), &cell});
      col += colspan;
    }
  }
  if (occupied.size() > table.rows.size()) out.ok = false;  // a rowspan runs past the last row
  for (size_t r = 0; r < table.rows.size() && out.ok; ++r) {
    out.ok = std::all_of(occupied[r].begin(), occupied[r].end(), [](bool b) { return b; });
  }
  return out;
}

std::string cell_text(const TableCell& cell) {
  std::string out;
  for (size_t i = 0; i < cell.paragraphs.size(); ++i) {
    if (i > 0) out += '\n';
    out += plain_text(cell.paragraphs[i].runs);
  }
  return out;
}

}  // namespace paiban::import
