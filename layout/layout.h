// Layout entry point: a report and its resolved style → the device-independent page model.
// Layout reads only its arguments (fonts come through the registry passed in); it never fails
// on odd input — it clamps and reports diagnostics.
#pragma once

#include <vector>

#include "fonts/fonts.h"
#include "layout/page_model.h"
#include "paiban/diagnostics.h"
#include "paiban/model.h"
#include "styles/style.h"

namespace paiban::layout {

// Column widths of each table, for the DOCX writer (not part of the page model: no fixed-layout
// writer reads them).
struct TableGeometry {
  std::vector<LU> column_widths;
  double font_scale = 1.0;  // the table's text sizes relative to the style's (shrunk to fit)
  // Per row: true when the row is kept on the page of the next (a rowspan group kept whole).
  std::vector<bool> keep_with_next;
};

// Lays out the report. When `tables` is given, it receives the geometry of each table in body
// order.
PageModel layout_document(const Report& report, const styles::Style& style,
                          fonts::FontRegistry& registry, std::vector<Diagnostic>& diagnostics,
                          std::vector<TableGeometry>* tables = nullptr);

}  // namespace paiban::layout
