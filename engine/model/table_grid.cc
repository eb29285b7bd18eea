#include "table_grid.h"

#include <algorithm>
#include <utility>

#include "paiban_limits.h"

namespace paiban {

namespace {

using limits::kMaxInferredColumns;

class GridBuilder {
 public:
  GridBuilder(const Table& table, const TableGridOptions& options)
      : table_(table), options_(options) {}

  TableGrid build() {
    g_.rows = static_cast<int>(table_.rows.size());
    g_.cols = static_cast<int>(table_.columns.size());
    if (g_.cols == 0 && options_.columns_from_cells) g_.cols = widest_row();
    g_.owner.assign(static_cast<size_t>(g_.rows) * static_cast<size_t>(g_.cols), -1);
    bool filled = false;
    for (int r = 0; r < g_.rows; ++r) {
      place_row(r);
      filled = close_row(r) || filled;
    }
    if (filled) sort_cells();
    return std::move(g_);
  }

 private:
  int widest_row() const {
    long long cols = 0;
    for (const TableRow& row : table_.rows) {
      long long sum = 0;
      for (const TableCell& cell : row.cells) sum += std::max(cell.colspan, 1);
      cols = std::min(std::max(cols, sum), kMaxInferredColumns);
    }
    return static_cast<int>(cols);
  }

  int& slot(int r, int c) {
    return g_.owner[static_cast<size_t>(r) * static_cast<size_t>(g_.cols) + static_cast<size_t>(c)];
  }

  CellKind kind_at(int r, int c) const {
    if (r < table_.header_rows) return CellKind::kHeader;
    return c < table_.header_columns ? CellKind::kLabel : CellKind::kData;
  }

  std::string row_pointer(int r) const { return options_.where + "/rows/" + std::to_string(r); }

  void repair(const std::string& pointer, std::string message) {
    g_.repaired = true;
    if (options_.diagnostics == nullptr) return;
    Diagnostic d;
    d.severity = Severity::kWarning;
    d.pointer = pointer;
    d.message = std::move(message);
    options_.diagnostics->push_back(std::move(d));
  }

  void place_row(int r) {
    const TableRow& row = table_.rows[static_cast<size_t>(r)];
    int c = 0;
    for (size_t i = 0; i < row.cells.size(); ++i) {
      while (c < g_.cols && slot(r, c) >= 0) ++c;  // columns held by rowspans from above
      if (c >= g_.cols) {
        const std::string cols = std::to_string(g_.cols);
        repair(row_pointer(r) + "/cells/" + std::to_string(i),
               "the cell lies beyond the table's " + cols + " columns; it is left out");
        return;
      }
      const TableCell& cell = row.cells[i];
      GridCell gc;
      gc.row = r;
      gc.col = c;
      gc.source_row = r;
      gc.source_index = static_cast<int>(i);
      gc.kind = kind_at(r, c);
      gc.cell = &cell;
      gc.rowspan = std::clamp(cell.rowspan, 1, g_.rows - r);
      gc.colspan = std::clamp(cell.colspan, 1, g_.cols - c);
      for (int k = 1; k < gc.colspan; ++k) {
        if (slot(r, c + k) >= 0) {
          gc.colspan = k;
          break;
        }
      }
      // Rows below may already be held by an earlier rowspan: stop the span above them.
      for (int rr = r + 1; rr < r + gc.rowspan; ++rr) {
        bool free = true;
        for (int cc = c; cc < c + gc.colspan; ++cc) free = free && slot(rr, cc) < 0;
        if (!free) {
          gc.rowspan = rr - r;
          break;
        }
      }
      if (gc.rowspan != cell.rowspan || gc.colspan != cell.colspan) {
        repair(row_pointer(r) + "/cells/" + std::to_string(i),
               "the cell's span (" + std::to_string(cell.rowspan) + " rows × " +
                   std::to_string(cell.colspan) + " columns) does not fit the table grid; " +
                   std::to_string(gc.rowspan) + " × " + std::to_string(gc.colspan) + " is used");
      }
      const int index = static_cast<int>(g_.cells.size());
      for (int rr = r; rr < r + gc.rowspan; ++rr) {
        for (int cc = c; cc < c + gc.colspan; ++cc) slot(rr, cc) = index;
      }
      g_.cells.push_back(gc);
      c += gc.colspan;
    }
  }

  // Reports the positions of row r that no cell covers, and fills them when asked. Returns
  // whether fillers were added.
  bool close_row(int r) {
    bool reported = false;
    bool filled = false;
    for (int c = 0; c < g_.cols; ++c) {
      if (slot(r, c) >= 0) continue;
      if (!reported) {
        repair(row_pointer(r), "the row does not fill the table's " + std::to_string(g_.cols) +
                                   " columns" +
                                   (options_.fill_holes ? "; empty cells are added" : ""));
        reported = true;
      }
      if (!options_.fill_holes) continue;
      GridCell filler;
      filler.row = r;
      filler.col = c;
      filler.kind = kind_at(r, c);
      slot(r, c) = static_cast<int>(g_.cells.size());
      g_.cells.push_back(filler);
      filled = true;
    }
    return filled;
  }

  // Fillers were appended after their row's cells: put the cells back in reading order.
  void sort_cells() {
    std::vector<int> order(g_.cells.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
      const GridCell& x = g_.cells[static_cast<size_t>(a)];
      const GridCell& y = g_.cells[static_cast<size_t>(b)];
      return x.row != y.row ? x.row < y.row : x.col < y.col;
    });
    std::vector<int> new_index(order.size());
    std::vector<GridCell> sorted;
    sorted.reserve(order.size());
    for (int old : order) {
      new_index[static_cast<size_t>(old)] = static_cast<int>(sorted.size());
      sorted.push_back(g_.cells[static_cast<size_t>(old)]);
    }
    for (int& o : g_.owner) {
      if (o >= 0) o = new_index[static_cast<size_t>(o)];
    }
    g_.cells = std::move(sorted);
  }

  const Table& table_;
  const TableGridOptions& options_;
  TableGrid g_;
};

}  // namespace

const GridCell* TableGrid::starting_at(int r, int c) const {
  if (r < 0 || c < 0 || r >= rows || c >= cols) return nullptr;
  const int index = at(r, c);
  if (index < 0) return nullptr;
  const GridCell& gc = cells[static_cast<size_t>(index)];
  return gc.row == r && gc.col == c && gc.cell != nullptr ? &gc : nullptr;
}

TableGrid resolve_table_grid(const Table& table, const TableGridOptions& options) {
  return GridBuilder(table, options).build();
}

std::string cell_text(const TableCell& cell) {
  std::string out;
  for (size_t i = 0; i < cell.paragraphs.size(); ++i) {
    if (i > 0) out += '\n';
    out += plain_text(cell.paragraphs[i].runs);
  }
  return out;
}

bool is_number_text(std::string_view s) {
  bool digit = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char ch = s[i];
    if (ch >= '0' && ch <= '9') {
      digit = true;
    } else if (!(ch == '.' || ch == ',' || ch == '%' || ch == ' ' ||
                 ((ch == '-' || ch == '+') && i == 0))) {
      return false;
    }
  }
  return digit;
}

bool cell_is_number(const TableCell& cell) {
  // The paragraphs run together, as both renderers have always tested them: "12" over "%" is
  // still a number.
  std::string text;
  for (const Paragraph& p : cell.paragraphs) text += plain_text(p.runs);
  return is_number_text(text);
}

}  // namespace paiban
