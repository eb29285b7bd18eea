#include "docx/table_grid.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string_view>

#include "docx/ooxml.h"

namespace paiban::docx {

namespace {

void warn(std::vector<Diagnostic>& diagnostics, const std::string& pointer, std::string message) {
  Diagnostic d;
  d.severity = Severity::kWarning;
  d.pointer = pointer;
  d.message = std::move(message);
  diagnostics.push_back(std::move(d));
}

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

TableGrid resolve_table_grid(const Table& table, const std::string& where,
                             std::vector<Diagnostic>& diagnostics) {
  TableGrid g;
  g.rows = static_cast<int>(table.rows.size());
  g.cols = static_cast<int>(table.columns.size());
  if (g.cols == 0) {
    // No column specs: as many columns as the widest row claims.
    for (const TableRow& row : table.rows) {
      long long sum = 0;
      for (const TableCell& cell : row.cells) sum += std::max(cell.colspan, 1);
      g.cols = static_cast<int>(std::min<long long>(std::max<long long>(g.cols, sum), 1 << 16));
    }
  }
  g.owner.assign(static_cast<size_t>(g.rows) * static_cast<size_t>(g.cols), -1);
  auto slot = [&](int r, int c) -> int& {
    return g.owner[static_cast<size_t>(r) * static_cast<size_t>(g.cols) + static_cast<size_t>(c)];
  };
  for (int r = 0; r < g.rows; ++r) {
    const TableRow& row = table.rows[static_cast<size_t>(r)];
    const std::string row_where = where + "/rows/" + std::to_string(r);
    int c = 0;
    for (size_t i = 0; i < row.cells.size(); ++i) {
      while (c < g.cols && slot(r, c) >= 0) ++c;  // columns held by rowspans from above
      const std::string cell_where = row_where + "/cells/" + std::to_string(i);
      if (c >= g.cols) {
        warn(diagnostics, cell_where,
             "the cell lies beyond the table's " + std::to_string(g.cols) +
                 " columns; it is left out of the DOCX");
        break;
      }
      const TableCell& cell = row.cells[i];
      GridCell gc;
      gc.row = r;
      gc.col = c;
      gc.cell = &cell;
      gc.rowspan = std::clamp(cell.rowspan, 1, g.rows - r);
      gc.colspan = std::clamp(cell.colspan, 1, g.cols - c);
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
        warn(diagnostics, cell_where,
             "the cell's span (" + std::to_string(cell.rowspan) + " rows × " +
                 std::to_string(cell.colspan) + " columns) does not fit the table grid; " +
                 std::to_string(gc.rowspan) + " × " + std::to_string(gc.colspan) + " is used");
      }
      gc.header = r < table.header_rows;
      gc.label = !gc.header && c < table.header_columns;
      const int index = static_cast<int>(g.cells.size());
      for (int rr = r; rr < r + gc.rowspan; ++rr) {
        for (int cc = c; cc < c + gc.colspan; ++cc) slot(rr, cc) = index;
      }
      g.cells.push_back(gc);
      c += gc.colspan;
    }
    // A row that does not fill the grid: Word would draw a ragged edge, so fill it.
    bool reported = false;
    for (int cc = 0; cc < g.cols; ++cc) {
      if (slot(r, cc) >= 0) continue;
      if (!reported) {
        warn(diagnostics, row_where,
             "the row does not fill the table's " + std::to_string(g.cols) +
                 " columns; empty cells are added");
        reported = true;
      }
      GridCell filler;
      filler.row = r;
      filler.col = cc;
      filler.header = r < table.header_rows;
      filler.label = !filler.header && cc < table.header_columns;
      slot(r, cc) = static_cast<int>(g.cells.size());
      g.cells.push_back(filler);
    }
  }
  // Fillers were appended after their row's cells: put the cells back in reading order.
  std::vector<int> order(g.cells.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    const GridCell& x = g.cells[static_cast<size_t>(a)];
    const GridCell& y = g.cells[static_cast<size_t>(b)];
    return x.row != y.row ? x.row < y.row : x.col < y.col;
  });
  std::vector<int> new_index(order.size());
  std::vector<GridCell> sorted;
  sorted.reserve(order.size());
  for (int old : order) {
    new_index[static_cast<size_t>(old)] = static_cast<int>(sorted.size());
    sorted.push_back(g.cells[static_cast<size_t>(old)]);
  }
  for (int& o : g.owner) o = new_index[static_cast<size_t>(o)];
  g.cells = std::move(sorted);
  return g;
}

std::vector<int> derive_column_widths(const Table& table, int columns, const styles::Style& style,
                                      int text_width_twips, const std::string& where,
                                      std::vector<Diagnostic>& diagnostics) {
  std::vector<int> widths(static_cast<size_t>(std::max(columns, 0)), 0);
  std::vector<double> weight(widths.size(), 0);
  const double em = style.table_cell.size_pt;
  long long fixed = 0;
  double flexible = 0;
  for (size_t c = 0; c < widths.size(); ++c) {
    const std::string spec = c < table.columns.size() ? table.columns[c].width : std::string();
    if (spec.empty() || spec == "auto") {
      weight[c] = 1;
    } else if (ends_with(spec, "fr")) {
      auto v = detail::parse_decimal(std::string_view(spec).substr(0, spec.size() - 2));
      weight[c] = v && *v > 0 ? *v : 1;
    } else if (ends_with(spec, "%")) {
      auto v = detail::parse_decimal(std::string_view(spec).substr(0, spec.size() - 1));
      if (v) {
        widths[c] = static_cast<int>(std::lround(text_width_twips * std::min(*v, 100.0) / 100));
      } else {
        weight[c] = 1;
      }
    } else if (auto pt = styles::parse_length_pt(spec, em); pt && *pt > 0 && *pt < 20000) {
      widths[c] = static_cast<int>(std::lround(*pt * 20));
    } else {
      weight[c] = 1;
      warn(diagnostics, where + "/columns/" + std::to_string(c) + "/width",
           "expected a column width (\"20mm\", \"15%\", \"2fr\", \"auto\"), got \"" + spec +
               "\"; the column shares the free width");
    }
    if (weight[c] > 0) {
      flexible += weight[c];
    } else {
      widths[c] = std::max(widths[c], 1);
      fixed += widths[c];
    }
  }
  if (flexible > 0) {
    // The flexible columns share what the fixed ones leave; when that is less than one character
    // of table text plus padding per column, each gets that minimum and the table runs into the
    // margin (as Word would draw it) rather than collapsing.
    const double min_col = (em + 2 * style.table.cell_padding_h_pt) * 20;
    const double rest = std::max(static_cast<double>(text_width_twips - fixed), min_col * flexible);
    double acc = 0;
    long long placed = 0;
    for (size_t c = 0; c < widths.size(); ++c) {
      if (weight[c] <= 0) continue;
      acc += rest * weight[c] / flexible;
      // Cumulative rounding: the flexible widths add up to the rounded total.
      const long long edge = std::llround(acc);
      widths[c] = static_cast<int>(std::max<long long>(edge - placed, 1));
      placed = edge;
    }
  }
  return widths;
}

bool is_number_text(const std::string& s) {
  if (s.empty()) return false;
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

}  // namespace paiban::docx
