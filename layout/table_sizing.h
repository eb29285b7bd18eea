// Column sizing: automatic table layout in the spirit of CSS 2.1 §17.5.2.2, as free functions over
// plain structs (tested with exact numbers in tests/layout/table_sizing_test.cc).
#pragma once

#include <memory>
#include <vector>

#include "layout/font_context.h"
#include "layout/page_model.h"
#include "resolve/resolved.h"

namespace paiban::layout {

struct ColumnConstraint {
  LU fixed = -1;      // an explicit width (mm/pt, or % already resolved), -1 = none
  double fr = 0;      // a share of what is left ("2fr"), 0 = automatic
};

// What one cell needs from the columns it spans (padding included).
struct SpanNeed {
  int first = 0;
  int span = 1;
  LU min = 0;  // min-content: the widest unbreakable unit
  LU max = 0;  // max-content: everything on one line
};

struct ColumnWidths {
  std::vector<LU> widths;  // sums to the table width exactly when `fits`
  LU min_total = 0;        // the least width the table can take
  bool fits = true;        // false: min-content exceeds the table width (widths = minimum)
};

// Policy (where CSS leaves room, pinned by tests):
// - single-column needs set each column's min/max; spanning needs are then applied by increasing
//   span, a deficit spread over the spanned automatic columns in proportion to their max-content
//   (equally when all are 0);
// - fixed columns take their width; the rest of the table width goes to the others:
//   all at max-content when that fits, the surplus spread in proportion to max-content;
//   otherwise min-content plus the room left in proportion to (max − min), so long labels get the
//   room and short numbers keep one line;
// - when there are fr columns, they take what the automatic columns leave, by their weights,
//   never below their min-content (water-filling).
ColumnWidths compute_column_widths(int cols, const std::vector<ColumnConstraint>& constraints,
                                   const std::vector<SpanNeed>& needs, LU table_width);

struct TableLayout;

// The table-sizing phase: every table of a resolved document sized once, before pagination —
// column widths, the font scale that lets it fit the text width, the rows kept together, and
// its cells laid out at those widths (which layout reuses). A DOCX-only render needs nothing
// more. Keyed by block index, never by counting tables.
struct SizedTables {
  SizedTables();
  ~SizedTables();
  SizedTables(SizedTables&&) noexcept;
  SizedTables& operator=(SizedTables&&) noexcept;

  std::vector<resolve::TableSize> sizes;             // in block order
  std::vector<std::unique_ptr<TableLayout>> layouts;  // parallel to sizes
  // The sized table of block `block`; nullptr when that block is not a table.
  const TableLayout* layout_for(size_t block) const;
};

SizedTables size_tables(const resolve::ResolvedDocument& doc, FontContext& fonts,
                        std::vector<Diagnostic>& diagnostics);

}  // namespace paiban::layout
