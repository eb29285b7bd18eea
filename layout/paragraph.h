// Paragraph layout: styled text → lines of positioned glyph runs.
//
// Phases (a file each, see README.md): itemize.cc (spans → face runs → shaped clusters),
// break.cc (UAX #14 + 避头尾 break opportunities), adjust.cc (punctuation compression,
// Han–Latin autospace), justify.cc (两端对齐), paragraph.cc (line filling and line boxes).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "layout/font_context.h"
#include "layout/page_model.h"
#include "layout/text_class.h"
#include "paiban/diagnostics.h"
#include "styles/style.h"

namespace paiban::layout {

// A stretch of text with one style.
struct StyledSpan {
  std::string text;
  FontRole role = FontRole::kFang;
  LU size = pt_to_lu(16);
  bool bold = false;
};

// Punctuation width schemes (clreq §3.1.6; ctex/xeCJK names, cjk-line-breaking.md).
enum class PunctuationScheme : uint8_t {
  kQuanjiao,  // 全角: every mark 1 em; two adjacent marks 1.5 em; a line-end mark may lose ½ em
  kKaiming,   // 开明: 。？！ 1 em, every other mark ½ em
  kBanjiao,   // 半角: every mark ½ em
  kPlain,     // no adjustment: every mark keeps its font advance, never compressed
};

// 避头尾 levels (clreq §3.1.4, cjk-line-breaking.md).
enum class KinsokuLevel : uint8_t {
  kNone,    // UAX #14 only
  kBasic,   // Word's zh-CN lists (what the DOCX asks Word for)
  kGb,      // basic + a solidus never ends a line
  kStrict,  // gb + two-em dashes and ellipses never start a line
};

// The style's names ("quanjiao", "basic", …) → the enums; unknown names give the defaults
// (the style reader has already reported them).
PunctuationScheme punctuation_scheme(std::string_view name);
KinsokuLevel kinsoku_level(std::string_view name);

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
  PunctuationScheme punctuation = PunctuationScheme::kQuanjiao;
  KinsokuLevel kinsoku = KinsokuLevel::kBasic;
  // Even punctuation: a lone mark inside a line keeps its full width; to fit a line only the
  // line-end mark gives back its blank half, else a character is pushed down. Off = the older
  // squeeze (挤进) that also takes the blank halves of marks inside the line (tests' control).
  bool even_punctuation = true;
  // 挤进: the line-end mark may give back its blank half to keep one more character (the
  // style's line_end_squeeze); off, the line pushes a character down, as word processors do.
  bool line_end_squeeze = false;
  // No 孤字: a paragraph's last line never holds a single character (off: tests' control).
  bool avoid_lone_character = true;
  bool autospace = true;             // ¼ em between Han and Latin/digits
  // The Han–Latin space may shrink (to ⅕ em) where the line would otherwise push a character
  // down: clreq §3.2 makes it "about ¼ em", adjusted in justification like other spaces. Set
  // for body text by apply_typography; off: the space is always ¼ em (tests' control).
  bool autospace_shrink = false;
  std::string where;  // JSON Pointer of the block, for diagnostics
};

// Sets the spec's punctuation scheme, kinsoku level and autospace from the style: the one place
// the style's strings become layout's enums.
void apply_typography(const styles::Style& style, ParagraphSpec& spec);

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
  // With `units` asked for (itemize_and_shape), each glyph's advance and offsets in font units,
  // the clusters' glyphs one after another: what rescale() sets them from at other sizes.
  struct Units {
    int32_t advance = 0, x_offset = 0, y_offset = 0;
  };
  std::vector<Units> units;
};

// A line box: glyph runs relative to the line's top-left corner.
struct Line {
  LU height = 0;    // line pitch
  LU baseline = 0;  // from the line top
  LU width = 0;     // width of the content after justification
  std::vector<GlyphRun> runs;
  std::string text;  // the line's source text (tests, dumps)
  uint32_t text_begin = 0;  // byte offset of `text` in the paragraph's text
  // A justified line that ends before the cluster a greedy fill would stop at (a number kept
  // with its unit, a character pushed down instead of a squeezed mark, no 孤字): the room it
  // spreads, per character (code point) of `text`, rounded down; 0 for every other line. A word
  // processor fills lines greedily, so the DOCX gives exactly these characters this much more
  // character spacing (resolve::FlowFacts::spread) to end its line at the same character.
  LU spread_per_char = 0;
};

// Font units (HarfBuzz positions at scale = upem) → layout units at `size`, rounded half away
// from zero: the one place where font units become layout units.
LU scale_font_units(int32_t units, LU size, int upem);

// itemize.cc: spans → face runs (per-character fallback) → shaped clusters. Characters no font
// has become warnings naming the character and `spec.where`; they are dropped, never tofu.
ShapedParagraph itemize_and_shape(const ParagraphSpec& spec, FontContext& fonts,
                                  std::vector<Diagnostic>& diagnostics, bool units = false);

// The paragraph itemize_and_shape and find_break_opportunities would make of `spec`, whose spans
// are those `shaped` was made from at other sizes: the same glyphs and break opportunities, the
// advances and offsets at the new sizes (HarfBuzz shapes in font units: size does not change
// what it returns). `shaped` has its units, and may have had its widths adjusted since: that is
// undone.
ShapedParagraph rescale(const ShapedParagraph& shaped, const ParagraphSpec& spec);

// break.cc: sets Cluster::break_before from ICU's line breaker (UAX #14), tightened by 避头尾
// and the number+unit rule.
// `level` chooses the 避头尾 lists (KinsokuLevel).
void find_break_opportunities(ShapedParagraph& paragraph,
                              KinsokuLevel level = KinsokuLevel::kBasic);

// adjust.cc: grid advances, then the punctuation scheme's widths: quanjiao compresses adjacent
// full-width marks, kaiming and banjiao set marks half width (clreq §3.1.6).
void adjust_widths(const ParagraphSpec& spec, ShapedParagraph& paragraph);
// The autospace to add before cluster i when it follows cluster i-1 on the same line.
LU autospace_before(const ParagraphSpec& spec, const std::vector<Cluster>& clusters, size_t i);

// How much of an autospace of `space` a line may give back to fit (0 unless autospace_shrink).
LU autospace_shrinkable(const ParagraphSpec& spec, LU space);
// How much a line-end mark can give back (its blank half) when the line must squeeze: only
// quanjiao and kaiming marks still carrying a blank half; nothing under plain.
LU line_end_trim(const ParagraphSpec& spec, const Cluster& cluster);

// justify.cc: spreads `extra` over the justification opportunities of the line [begin, end)
// (between Han characters, at Han–Latin boundaries and at spaces; never inside Latin words or
// digit runs — unless the line has no other opportunity). Returns the added space per cluster
// of the line (element k - begin is added after cluster k): as long as the line, not the
// paragraph, so that laying out a paragraph stays linear in its length.
std::vector<LU> justify(const std::vector<Cluster>& clusters, size_t begin, size_t end, LU extra);

// paragraph.cc: the whole paragraph → lines.
std::vector<Line> layout_paragraph(const ParagraphSpec& spec, FontContext& fonts,
                                   std::vector<Diagnostic>& diagnostics);

// The two halves of layout_paragraph, for a paragraph laid out more than once (a table cell
// measured, then laid out in its column; balanced lines tried at several measures):
// prepare_paragraph shapes it, finds its break opportunities and adjusts its widths, none of
// which depends on the measure; layout_prepared breaks a prepared paragraph into lines. `spec`
// may differ from the one the paragraph was prepared with in width, alignment and indent only.
ShapedParagraph prepare_paragraph(const ParagraphSpec& spec, FontContext& fonts,
                                  std::vector<Diagnostic>& diagnostics, bool units = false);
std::vector<Line> layout_prepared(const ParagraphSpec& spec, ShapedParagraph paragraph);

}  // namespace paiban::layout
