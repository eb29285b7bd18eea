// The title phase: a title of several lines broken between words, at phrase boundaries, into
// lines of about equal length (GB/T 9704-2012 §7.3.3).
#pragma once

#include <vector>

#include "layout/font_context.h"
#include "layout/paginate.h"
#include "layout/paragraph.h"
#include "paiban/diagnostics.h"

namespace paiban::layout {

// Where a title of `spec` may break: cluster indices (into the shaped title) at ICU dictionary
// word boundaries that are also line-break opportunities, never before a unit suffix
// (…局, …厅, …委员会, 年度, 年). `phrase[k]` tells whether the break is a phrase boundary
// (after an organisation name or a year), which the balancing prefers.
struct TitleBreaks {
  ShapedParagraph shaped;
  std::vector<bool> allowed;  // per cluster: a line may start here
  std::vector<bool> phrase;   // per cluster: …and it starts a new phrase
  // per cluster: a break here would split an organisation's name (平潭综合实验区财政|金融局,
  // 实验区|财政金融局): the words from here to the next phrase boundary end the name.
  std::vector<bool> inside_name;
};
TitleBreaks find_title_breaks(const ParagraphSpec& spec, FontContext& fonts);

// Re-lays `block` (laid out first fit from `spec`) when it took several lines: the same number
// of lines (one more if the word rule needs it), broken between words, preferring phrase
// boundaries, with line lengths as equal as possible; each line centred in `spec.width`.
// A title that fits one line is left as it is. Lines forced by "\n" are separate blocks
// (the document phase splits them), so they are balanced each on its own.
void break_title(const ParagraphSpec& spec, FontContext& fonts, TextBlock& block);

}  // namespace paiban::layout
