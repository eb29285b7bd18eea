#include "docx/column_widths.h"

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

}  // namespace paiban::docx
