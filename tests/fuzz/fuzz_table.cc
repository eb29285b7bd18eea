// Fuzz target and property test: the bytes drive a generator of valid tables (rows, columns,
// spans, header rows and columns, column widths, cell texts); the table goes through grid
// resolution, sizing and pagination, and every character of every cell must reach the page
// model (the glyphs' cluster texts), in any order. A lost character aborts.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "fuzz_fonts.h"
#include "layout/measure.h"
#include "layout/table_sizing.h"
#include "resolve/resolved.h"
#include "layout/layout.h"
#include "paiban/model.h"
#include "styles/style.h"
#include "table_grid.h"

namespace {

// Reads the fuzzer's bytes as small numbers; zeros once they run out.
class Bytes {
 public:
  Bytes(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  unsigned next(unsigned bound) { return bound == 0 || pos_ >= size_ ? 0 : data_[pos_++] % bound; }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

// Characters the checked-in font subsets (fuzz_fonts.h) all have: a glyph never drops for want
// of a font.
const char* const kPieces[] = {"政", "府", "信", "息", "公", "开", "年", "度", "报", "告", "数",
                               "量", "共", "计", "（", "）", "，", "。", "、", "《", "》", "0",
                               "1",  "7",  "9",  "A",  "x",  "%",  ".",  "-",  "件", "条"};

std::map<std::string, int> count_pieces(const std::string& text) {
  std::map<std::string, int> counts;
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    const std::string piece = text.substr(i, len);
    if (piece != " ") ++counts[piece];
    i += len;
  }
  return counts;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Bytes in(data, size);
  paiban::Table table;
  const int columns = 1 + static_cast<int>(in.next(8));
  const int rows = 1 + static_cast<int>(in.next(30));
  for (int c = 0; c < columns; ++c) {
    paiban::ColumnSpec spec;
    static const char* const kWidths[] = {"", "20mm", "15%", "2fr", "48pt"};
    spec.width = kWidths[in.next(5)];
    table.columns.push_back(spec);
  }
  table.header_rows = static_cast<int>(in.next(std::min(rows, 3) + 1)) % rows;
  table.header_columns = static_cast<int>(in.next(2));
  // Place cells on an occupancy grid so that spans never overlap and every slot is filled.
  std::vector<std::vector<bool>> used(rows, std::vector<bool>(columns, false));
  std::string all_text;
  for (int r = 0; r < rows; ++r) {
    paiban::TableRow row;
    for (int c = 0; c < columns; ++c) {
      if (used[r][c]) continue;
      int rowspan = 1 + static_cast<int>(in.next(3));
      int colspan = 1 + static_cast<int>(in.next(3));
      rowspan = std::min(rowspan, rows - r);
      // Header rows span only header rows: a span never crosses the header boundary.
      if (r < table.header_rows) rowspan = std::min(rowspan, table.header_rows - r);
      int width = 1;
      while (width < colspan && c + width < columns && !used[r][c + width]) ++width;
      colspan = width;
      for (int dr = 0; dr < rowspan; ++dr) {
        for (int dc = 0; dc < colspan; ++dc) used[r + dr][c + dc] = true;
      }
      paiban::TableCell cell;
      cell.rowspan = rowspan;
      cell.colspan = colspan;
      std::string text;
      const unsigned length = in.next(24);
      for (unsigned i = 0; i < length; ++i) text += kPieces[in.next(std::size(kPieces))];
      all_text += text;
      paiban::Paragraph p;
      p.runs.push_back(paiban::Run{text, {}, {}, {}, paiban::FontRole::kInherit, ""});
      cell.paragraphs.push_back(p);
      row.cells.push_back(cell);
    }
    table.rows.push_back(row);
  }
  paiban::Report report;
  report.show_title = false;
  report.metadata.title = "fuzz";
  report.body.emplace_back(table);

  std::vector<paiban::Diagnostic> diagnostics;
  const paiban::styles::Style style = paiban::styles::resolve_style("gbt9704", {}, diagnostics);
  paiban::layout::FontContext fonts(paiban::fuzzing::checked_in_fonts(), style);
  paiban::layout::ShapedMeasure measure(fonts, style);
  const paiban::resolve::ResolvedDocument doc =
      paiban::resolve::resolve_document(report, style, diagnostics, &measure);
  const paiban::layout::SizedTables tables = paiban::layout::size_tables(doc, fonts, diagnostics);
  if (paiban::has_errors(diagnostics)) return 0;  // refused with a diagnostic: allowed
  const paiban::layout::PageModel model =
      paiban::layout::layout_document(doc, tables, fonts, diagnostics);
  if (paiban::has_errors(diagnostics)) return 0;  // refused with a diagnostic: allowed
  std::string drawn;
  for (const paiban::layout::Page& page : model.pages) {
    for (const paiban::layout::GlyphRun& run : page.runs) {
      for (const paiban::layout::Glyph& g : run.glyphs) drawn += run.text_of(g);
    }
  }
  // Header rows and label cells may be drawn again on continuation pages, so the page model
  // holds at least as many of each character as the cells do.
  const std::map<std::string, int> want = count_pieces(all_text);
  const std::map<std::string, int> got = count_pieces(drawn);
  for (const auto& [piece, n] : want) {
    const auto it = got.find(piece);
    if (it == got.end() || it->second < n) std::abort();
  }
  return 0;
}
