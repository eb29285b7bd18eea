// What the fixed layout decided that a flowing writer repeats, so that a word processor breaks
// lines and pages where the PDF does. Layout fills it (`layout::layout_document`'s optional
// out-parameter) from the same decisions that built the page model; the DOCX writer reads it and
// never sees a glyph position. Empty (the default) = the word processor decides everything.
//
// It lives beside the resolved document, not in layout, so that the DOCX writer can read it
// without linking layout (the writers never link the shaper).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace paiban::resolve {

struct FlowFacts {
  // Whether layout filled these facts (a DOCX written without a layout run has none).
  bool laid_out = false;
  // The number of pages of the PDF (the page model), counted as the PDF prints them.
  size_t page_count = 0;
};

}  // namespace paiban::resolve
