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

// 公文 (GB/T 9704-2012 §7.4, §7.5): the 版记 page of the PDF, which is the last and (with rules)
// an even page and carries no number, nor does a blank page added before it. The DOCX ends the
// numbered section where this page begins and sets the page in a section whose footer has no
// number; a word processor cannot leave a number out of one page of a section by itself.
struct GongwenPages {
  // How the 版记 page begins in the PDF.
  enum class Start {
    kNone,         // no 版记 (or not a 公文): nothing to do
    kRecord,       // the 版记 stands alone on its page (a page was added for it)
    kBlock,        // the page begins with resolved block `block`
    kInParagraph,  // the page begins inside paragraph `block`, at byte `byte` of its text
    kUnknown,      // inside a table or a title: no paragraph boundary to break at
  };
  Start start = Start::kNone;
  size_t record_page = 0;  // 0-based index of the 版记 page (the last page)
  // Blank pages (no number) added between the text's last page and the 版记 page.
  size_t blank_pages = 0;
  size_t block = 0;  // index into ResolvedDocument::blocks (kBlock, kInParagraph)
  // kInParagraph: the UTF-8 offset, in the paragraph's runs' text joined, of the page's first
  // character (always at a character boundary, between two lines of the PDF).
  size_t byte = 0;
};

// 公文 (GB/T 9704-2012 §7.3.1): where the PDF puts the title (an order: its first paragraph) on
// page 1 — two lines under the red rule, then on the body's grid — measured from what a word
// processor places as the PDF does:
// the top of the 发文字号's line (of the last 签发人 line), or the foot of a letter's double rule.
// The DOCX makes the room between that line and the title this tall, so that the title and the
// body under it start where they do in the PDF (a fixed blank line was up to 17 mm off).
struct GongwenHead {
  bool known = false;  // a 公文 whose first text block layout placed on page 1
  int32_t title_below_anchor_twips = 0;
};

// 公文 (§7.3.5.5): a paragraph whose last lines the PDF drew closer together so that the signature
// does not stand alone on the next page. The DOCX sets the paragraph's lines this much closer
// (the whole paragraph: a word processor has one pitch a paragraph), so that the signature stays
// on the page there too.
struct CloserBlock {
  size_t block = 0;          // the paragraph's index in ResolvedDocument::blocks
  int32_t closer_twips = 0;  // taken from the line pitch (> 0), rounded up
};

// A line the PDF ended earlier than a greedy fill would (a number kept with its unit, a character
// pushed down rather than a mark squeezed, no 孤字) and justified: a word processor, filling
// greedily, would take more onto it. The DOCX gives exactly the line's characters this much more
// character spacing (w:spacing), so the word processor's line is full and it breaks at the same
// character; nothing is forced, the text reflows when edited.
struct SpreadLine {
  size_t block = 0;             // the paragraph's index in ResolvedDocument::blocks
  uint32_t begin = 0, end = 0;  // the line's bytes in the paragraph's text (its runs joined)
  // Added to each character's advance, in twentieths of a point (> 0): the PDF's spread room
  // per character, rounded down, so the line never overflows (layout::Line::spread_per_char).
  int32_t spacing_twips = 0;
};

struct FlowFacts {
  // Whether layout filled these facts (a DOCX written without a layout run has none).
  bool laid_out = false;
  // The number of pages of the PDF (the page model), counted as the PDF prints them.
  size_t page_count = 0;
  // 公文: where the PDF's 版记 page begins (GongwenPages above).
  GongwenPages gongwen;
  // 公文: the title's place on page 1 (GongwenHead above).
  GongwenHead gongwen_head;
  // 公文: the paragraphs drawn closer above a signature (CloserBlock), by block.
  std::vector<CloserBlock> closer;
  // The body paragraphs' lines the PDF ended early (SpreadLine), by block, then by position.
  std::vector<SpreadLine> spread;
};

}  // namespace paiban::resolve
