// The style's typography names → layout's enums, converted once where a paragraph spec is built
// (the style keeps the names: they are what the style files and the DOCX writer speak).
#include "layout/paragraph.h"

namespace paiban::layout {

PunctuationScheme punctuation_scheme(std::string_view name) {
  if (name == "kaiming") return PunctuationScheme::kKaiming;
  if (name == "banjiao") return PunctuationScheme::kBanjiao;
  if (name == "plain") return PunctuationScheme::kPlain;
  return PunctuationScheme::kQuanjiao;
}

KinsokuLevel kinsoku_level(std::string_view name) {
  if (name == "none") return KinsokuLevel::kNone;
  if (name == "gb") return KinsokuLevel::kGb;
  if (name == "strict") return KinsokuLevel::kStrict;
  return KinsokuLevel::kBasic;
}

void apply_typography(const styles::Style& style, ParagraphSpec& spec) {
  spec.punctuation = punctuation_scheme(style.punctuation);
  spec.kinsoku = kinsoku_level(style.kinsoku);
  spec.autospace = style.autospace;
  spec.autospace_shrink = style.autospace;
  spec.line_end_squeeze = style.line_end_squeeze;
}

}  // namespace paiban::layout
