// Helpers shared by the layout tests: the gbt9704 style, the process font registry, and a
// paragraph spec on the GB/T 9704 character grid.
#pragma once

#include <string>
#include <vector>

#include "layout/font_context.h"
#include "support/test_fonts.h"
#include "layout/layout.h"
#include "layout/measure.h"
#include "layout/table_sizing.h"
#include "resolve/resolved.h"
#include "layout/paragraph.h"
#include "styles/style.h"
#include "utf8.h"

namespace paiban::layout::testing {

inline const styles::Style& gbt9704() {
  static const styles::Style style = [] {
    std::vector<Diagnostic> d;
    return styles::resolve_style("gbt9704", {}, d);
  }();
  return style;
}

inline LU text_width(const styles::Style& s) {
  return pt_to_lu(s.page.width_pt - s.page.margin_left_pt - s.page.margin_right_pt);
}

inline ParagraphSpec body_spec(const std::string& text, LU width = 0) {
  const styles::Style& s = gbt9704();
  ParagraphSpec spec;
  spec.width = width > 0 ? width : text_width(s);
  spec.grid_advance = text_width(s) / s.page.grid_chars;
  spec.grid_size = pt_to_lu(s.body.size_pt);
  spec.line_pitch = pt_to_lu(s.body.line_pitch_pt);
  StyledSpan span;
  span.text = text;
  span.role = FontRole::kFang;
  span.size = pt_to_lu(s.body.size_pt);
  spec.spans.push_back(span);
  return spec;
}

// The phases after the style: resolve → table sizing → layout, as the pipeline runs them. With
// `sizes`, the table-sizing phase's decisions are handed back too.
inline PageModel lay_out(const Report& report, const styles::Style& style,
                         std::vector<Diagnostic>& diagnostics,
                         std::vector<resolve::TableSize>* sizes = nullptr) {
  FontContext fonts(test_support::test_fonts(), style);
  ShapedMeasure measure(fonts, style);
  const resolve::ResolvedDocument doc =
      resolve::resolve_document(report, style, diagnostics, &measure);
  const SizedTables tables = size_tables(doc, fonts, diagnostics);
  if (sizes != nullptr) *sizes = tables.sizes;
  return layout_document(doc, tables, fonts, diagnostics);
}

// Code points of a UTF-8 string.
inline std::u32string code_points(const std::string& s) { return decode_utf8_lossy(s); }

}  // namespace paiban::layout::testing
