// The resolve phase's TextMeasure over layout's shaping: one line of text set as the paragraph
// phase sets it (fonts, fallback, autospace, the character grid), its width in characters.
#pragma once

#include "layout/font_context.h"
#include "resolve/resolved.h"

namespace paiban::layout {

class ShapedMeasure : public resolve::TextMeasure {
 public:
  ShapedMeasure(FontContext& fonts, const styles::Style& style) : fonts_(fonts), style_(style) {}
  double width_em(std::string_view text, const styles::TextStyle& ts) override;
  std::vector<std::string> title_lines(std::string_view text,
                                       const styles::TextStyle& ts) override;

 private:
  FontContext& fonts_;
  const styles::Style& style_;
};

}  // namespace paiban::layout
