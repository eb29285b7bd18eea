// Table column widths for the DOCX writer, in twips, when paiban's table layout gave none. The
// grid itself is resolved in the model (table_grid.h), as the PDF's layout resolves it.
#pragma once

#include <string>
#include <vector>

#include "paiban/diagnostics.h"
#include "paiban/model.h"
#include "styles/style.h"

namespace paiban::docx {

// Column widths from the column specs when paiban's table layout gave none: absolute widths
// ("20mm", "48pt") and percentages of the text width are taken as given; "fr" columns share the
// rest in proportion to their fraction and "auto" (or empty) columns count as "1fr". The result
// has `columns` entries (≥ 1 twip each) whose sum is the text width whenever flexible columns
// exist and the fixed ones leave each of them at least one character of table text.
std::vector<int> derive_column_widths(const Table& table, int columns, const styles::Style& style,
                                      int text_width_twips, const std::string& where,
                                      std::vector<Diagnostic>& diagnostics);

}  // namespace paiban::docx
