#include "layout/measure.h"

#include <limits>

#include "layout/paginate.h"
#include "layout/paragraph.h"
#include "layout/title.h"

namespace paiban::layout {

double ShapedMeasure::width_em(std::string_view text, const styles::TextStyle& ts) {
  const LU text_width = pt_to_lu(style_.page.width_pt - style_.page.margin_left_pt -
                                 style_.page.margin_right_pt);
  ParagraphSpec spec;
  spec.width = std::numeric_limits<LU>::max() / 4;  // one line, however long
  spec.align = HAlign::kLeft;
  spec.line_pitch = pt_to_lu(styles::line_pitch_pt(ts));
  apply_typography(style_, spec);
  LU em = pt_to_lu(ts.size_pt);
  if (style_.page.grid_chars > 0) {
    spec.grid_advance = text_width / style_.page.grid_chars;
    spec.grid_size = pt_to_lu(style_.body.size_pt);
    if (em == spec.grid_size) em = spec.grid_advance;
  }
  StyledSpan span;
  span.text = std::string(text);
  span.role = ts.role;
  span.bold = ts.bold;
  span.size = pt_to_lu(ts.size_pt);
  spec.spans.push_back(std::move(span));
  std::vector<Diagnostic> scratch;  // missing glyphs are reported when the text is laid out
  const std::vector<Line> lines = layout_paragraph(spec, fonts_, scratch);
  LU width = 0;
  for (const Line& l : lines) width = std::max(width, l.width);
  return em > 0 ? static_cast<double>(width) / em : 0;
}

std::vector<std::string> ShapedMeasure::title_lines(std::string_view text,
                                                    const styles::TextStyle& ts) {
  ParagraphSpec spec;
  spec.width = pt_to_lu(style_.page.width_pt - style_.page.margin_left_pt -
                        style_.page.margin_right_pt);
  spec.align = ts.align;
  spec.line_pitch = pt_to_lu(styles::line_pitch_pt(ts));
  apply_typography(style_, spec);
  if (style_.page.grid_chars > 0) {
    spec.grid_advance = spec.width / style_.page.grid_chars;
    spec.grid_size = pt_to_lu(style_.body.size_pt);
  }
  StyledSpan span;
  span.text = std::string(text);
  span.role = ts.role;
  span.bold = ts.bold;
  span.size = pt_to_lu(ts.size_pt);
  spec.spans.push_back(std::move(span));
  std::vector<Diagnostic> scratch;  // missing glyphs are reported when the lines are laid out
  TextBlock block;
  block.lines = layout_paragraph(spec, fonts_, scratch);
  break_title(spec, fonts_, block);
  std::vector<std::string> out;
  for (const Line& line : block.lines) out.push_back(line.text);
  if (out.size() < 2) return {std::string(text)};
  return out;
}

}  // namespace paiban::layout
