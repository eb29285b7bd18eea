// The DOCX writer: report model + resolved style (+ the table column widths that paiban's table
// layout computed) → a WordprocessingML package (ECMA-376 / ISO/IEC 29500 Transitional).
//
// Word lays the text out itself: the writer never sees glyph positions. It maps every role of
// the resolved style to a named paragraph style, sets the page up as GB/T 9704 asks (A4, type
// area, 22 × 28 document grid, odd/even page-number footers), and writes tables with the exact
// grid the PDF uses (w:gridSpan / w:vMerge for merged cells, repeated header rows).
#pragma once

#include <string>
#include <vector>

#include "paiban/diagnostics.h"
#include "paiban/model.h"
#include "styles/style.h"

namespace paiban::docx {

struct DocxOptions {
  // Seconds since the Unix epoch (SOURCE_DATE_EPOCH): the package's creation and modification time
  // when Metadata::date is empty or invalid; 0 = 2000-01-01T00:00:00Z. Never the clock.
  long long source_date_epoch = 0;
  // Per table in body order: the column widths in twips (1/20 pt) computed by paiban's table
  // layout. An empty vector, a missing entry, or one whose size is not the table's column count
  // means: derive the widths from the column specs (ColumnSpec::width) and the text width.
  std::vector<std::vector<int>> table_column_widths_twips;
  // Per table in body order: the factor by which paiban's table layout scaled the table's text
  // sizes to fit the text width (1 = the style's sizes; a missing entry = 1).
  std::vector<double> table_font_scales;
  // Per table in body order, per row: keep the row on the page of the next one (the rowspan
  // groups that paiban's table layout keeps whole). Missing or mis-sized = every rowspan group
  // is kept whole when the style says keep_rowspan_together.
  std::vector<std::vector<bool>> table_row_keep_next;
};

// Writes the DOCX package and returns its bytes. Problems with the input come back as warnings in
// `diagnostics`; on failure (libzip or pugixml errors) the result is "" and an error diagnostic is
// appended. Deterministic: the same arguments give the same bytes.
std::string write_docx(const Report& report, const styles::Style& style, const DocxOptions& options,
                       std::vector<Diagnostic>& diagnostics);

}  // namespace paiban::docx
