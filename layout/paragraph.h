// Paragraph layout: styled text → lines of positioned glyph runs.
//
// Phases (a file each, see README.md): itemize.cc (spans → face runs → shaped clusters),
// break.cc (UAX #14 + 避头尾 break opportunities), adjust.cc (punctuation compression,
// Han–Latin autospace), justify.cc (两端对齐), paragraph.cc (line filling and line boxes).
#pragma once

#include <string>
#include <vector>

#include "layout/font_context.h"
#include "layout/page_model.h"
#include "layout/text_class.h"
#include "paiban/diagnostics.h"

namespace paiban::layout {

// A stretch of text with one style.
struct StyledSpan {
  std::string text;
  FontRole role = FontRole::kFang;
  LU size = pt_to_lu(16);
  bool bold = false;
};

struct ParagraphSpec {
  std::vector<StyledSpan> spans;
  LU width = 0;         // line width available
  LU first_indent = 0;  // first-line indent
  HAlign align = HAlign::kJustify;
  LU line_pitch = 0;    // baseline-to-baseline distance; 0 = 1.2 × the largest size
  // Advance of a full-width CJK character on a character grid (GB/T 9704: 28 per line), for
  // spans whose size is grid_size; 0 = the font's own advance.
  LU grid_advance = 0;
  LU grid_size = 0;
  bool compress_punctuation = true;  // quanjiao: adjacent marks 2 em → 1.5 em, squeeze at line end
  bool autospace = true;             // ¼ em between Han and Latin/digits
  std::string where;  // JSON Pointer of the block, for diagnostics
};

// One shaped cluster: the unit of line breaking (a character, or a ligature/combining group).
struct Cluster {
  uint32_t begin = 0, end = 0;  // byte range in the paragraph text
  int span = 0;
  int font = 0;  // index into FontContext::resources()
  const fonts::Face* face = nullptr;
  LU size = 0;
  bool synthetic_bold = false;
  char32_t cp = 0;  // first code point
  CharClass cls = CharClass::kOther;
  std::vector<Glyph> glyphs;
  LU width = 0;          // current advance (sum of glyph advances), after grid and compression
  LU em = 0;             // the em of its size
  bool break_before = false;  // a line may start here
};

struct ShapedParagraph {
  std::string text;
  std::vector<Cluster> clusters;
};

// A line box: glyph runs relative to the line's top-left corner.
struct Line {
  LU height = 0;    // line pitch
  LU baseline = 0;  // from the line top
  LU width = 0;     // width of the content after justification
  std::vector<GlyphRun> runs;
  std::string text;  // the line's source text (tests, dumps)
};

// Font units (HarfBuzz positions at scale = upem) → layout units at `size`, rounded half away
// from zero: the one place where font units become layout units.
LU scale_font_units(int32_t units, LU size, int upem);

// itemize.cc: spans → face runs (per-character fallback) → shaped clusters. Characters no font
// has become warnings naming the character and `spec.where`; they are dropped, never tofu.
ShapedParagraph itemize_and_shape(const ParagraphSpec& spec, FontContext& fonts,
                                  std::vector<Diagnostic>& diagnostics);

// break.cc: sets Cluster::break_before from ICU's line breaker (UAX #14), tightened by 避头尾
// and the number+unit rule.
void find_break_opportunities(ShapedParagraph& paragraph);

// adjust.cc: grid advances, then compression of adjacent full-width marks (clreq §3.1.6).
void adjust_widths(const ParagraphSpec& spec, ShapedParagraph& paragraph);
// The autospace to add before cluster i when it follows cluster i-1 on the same line.
LU autospace_before(const ParagraphSpec& spec, const std::vector<Cluster>& clusters, size_t i);
// How much a line-end mark can give back (its blank half) when the line must squeeze.
LU line_end_trim(const Cluster& cluster);

// justify.cc: spreads `extra` over the justification opportunities of the line [begin, end)
// (between Han characters, at Han–Latin boundaries and at spaces; never inside Latin words or
// digit runs — unless the line has no other opportunity). Returns the added space per cluster
// (added after the cluster).
std::vector<LU> justify(const std::vector<Cluster>& clusters, size_t begin, size_t end, LU extra);

// paragraph.cc: the whole paragraph → lines.
std::vector<Line> layout_paragraph(const ParagraphSpec& spec, FontContext& fonts,
                                   std::vector<Diagnostic>& diagnostics);

}  // namespace paiban::layout
