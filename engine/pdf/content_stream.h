// Page content streams: the page model's rectangles, rules and glyph runs as PDF operators.
//
// Coordinates: the page model has its origin at the top-left with y down, in 1/64 pt; PDF user
// space has its origin at the bottom-left with y up, in points. Every conversion happens here.
// Pure functions (no PoDoFo), so tests compare exact operator strings.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "layout/page_model.h"

namespace paiban::pdf {

// What the content stream needs about one embedded font.
struct ContentFont {
  std::string resource_name;                     // the page resource name, e.g. "F0"
  std::map<uint32_t, uint16_t> code_for_gid;     // original gid → 2-byte code (Identity-H)
  std::map<uint32_t, int> width_for_gid;         // the font's /W value, 1/1000 em
  std::map<uint32_t, std::string> text_for_gid;  // what the font's ToUnicode says
};

// Synthetic bold: text render mode 2 (fill, then stroke) with a stroke this fraction of the font
// size wide, i.e. stems grow by 3% of an em, about what a bold face adds to a regular one.
constexpr double kSyntheticBoldStroke = 0.03;
// Outline rectangles (Rect::fill == false) are stroked 0.5 pt wide.
constexpr layout::LU kRectStrokeWidth = 32;
// Fill rectangles are grey: DeviceGray 0.9.
constexpr double kRectFillGray = 0.9;

// Appends one glyph run: BT, Tf, Tm at the run's baseline origin, then TJ arrays whose
// adjustments make each glyph land where the model put it: the model's `advance` (justification,
// compression) is honoured against the font's /W width, x_offset shifts a single glyph, and
// y_offset becomes a text rise (Ts). Clusters that need /ActualText are wrapped in a marked-
// content span. Glyphs with gid 0 or without a code are skipped (their advance still counts).
void append_glyph_run(std::string& out, const layout::GlyphRun& run, layout::LU page_height,
                      const ContentFont& font);

// The whole content stream of a page: filled rectangles, outlined rectangles, rules (square caps,
// so segments that meet at a corner close it), then text. `fonts` is indexed by
// PageModel::fonts; runs whose font is null or out of range are skipped.
std::string build_page_content(const layout::Page& page,
                               const std::vector<const ContentFont*>& fonts);

}  // namespace paiban::pdf
