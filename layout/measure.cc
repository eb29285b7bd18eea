#include "layout/measure.h"

#include <limits>

#include "layout/paginate.h"
#include "layout/paragraph.h"
#include "layout/title.h"

namespace paiban::layout {

namespace {

LU text_width(const styles::Style& style) {
  return pt_to_lu(style.page.width_pt - style.page.margin_left_pt - style.page.margin_right_pt);
}

// One line of `text` in text style `ts`, set as the document phase sets a paragraph: the
// style's typography, the character grid for text of the body size.
ParagraphSpec one_line_spec(std::string_view text, const styles::TextStyle& ts,
                            const styles::Style& style, LU width, HAlign align) {
  ParagraphSpec spec;
  spec.width = width;
  spec.align = align;
  spec.line_pitch = pt_to_lu(styles::line_pitch_pt(ts));
  apply_typography(style, spec);
  if (style.page.grid_chars > 0) {
    spec.grid_advance = text_width(style) / style.page.grid_chars;
    spec.grid_size = pt_to_lu(style.body.size_pt);
  }
  StyledSpan span;
  span.text = std::string(text);
  span.role = ts.role;
  span.bold = ts.bold;
  span.size = pt_to_lu(ts.size_pt);
  spec.spans.push_back(std::move(span));
  return spec;
}

}  // namespace

double ShapedMeasure::width_em(std::string_view text, const styles::TextStyle& ts) {
  // One line, however long.
  const ParagraphSpec spec = one_line_spec(text, ts, style_, std::numeric_limits<LU>::max() / 4,
                                           HAlign::kLeft);
  LU em = pt_to_lu(ts.size_pt);
  if (spec.grid_advance > 0 && em == spec.grid_size) em = spec.grid_advance;
  std::vector<Diagnostic> scratch;  // missing glyphs are reported when the text is laid out
  const std::vector<Line> lines = layout_paragraph(spec, fonts_, scratch);
  LU width = 0;
  for (const Line& l : lines) width = std::max(width, l.width);
  return em > 0 ? static_cast<double>(width) / em : 0;
}

std::vector<std::string> ShapedMeasure::title_lines(std::string_view text,
                                                    const styles::TextStyle& ts) {
  const ParagraphSpec spec = one_line_spec(text, ts, style_, text_width(style_), ts.align);
  std::vector<Diagnostic> scratch;  // missing glyphs are reported when the lines are laid out
  TextBlock block;
  block.lines = layout_paragraph(spec, fonts_, scratch);
  break_title(spec, fonts_, block);
  // Each line as a slice of `text`, so that the lines give the title back exactly: a space a
  // line ends at (between two names) stays at that line's end, where it is not drawn.
  std::vector<std::string> out;
  size_t at = 0;
  for (const Line& line : block.lines) {
    if (text.substr(at, line.text.size()) != line.text) return {std::string(text)};
    size_t end = at + line.text.size();
    while (end < text.size() && text[end] == ' ') ++end;
    out.emplace_back(text.substr(at, end - at));
    at = end;
  }
  if (out.size() < 2 || at != text.size()) return {std::string(text)};
  return out;
}

}  // namespace paiban::layout
