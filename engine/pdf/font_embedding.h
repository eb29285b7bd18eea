// What the PDF writer derives from the page model for each font before it builds objects: the
// glyphs each font draws (one subset per font and document), the text each glyph stands for
// (ToUnicode), which clusters need /ActualText, the /W array and the subset tag.
//
// Pure functions over plain data (no PoDoFo, no font files), so they are tested with exact values.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "page/page_model.h"

namespace paiban::pdf {

// The glyphs one font of the model draws, over the whole document.
struct FontGlyphs {
  std::set<uint32_t> gids;  // never 0: .notdef is never drawn
  // The ToUnicode text of each glyph: the first non-empty cluster text the glyph starts, in
  // document order (page, run, glyph). Glyphs that only ever continue a cluster have no entry.
  std::map<uint32_t, std::string> text_for_gid;
};

// One entry per PageModel::fonts entry; runs whose font index is out of range are ignored (the
// writer reports them before it gets here).
std::vector<FontGlyphs> collect_font_glyphs(const page::PageModel& model);

// A cluster of a run: glyphs [begin, end), the first carries the cluster's text and the rest have
// empty text. Glyphs with empty text at the start of a run form a cluster with empty text.
struct GlyphCluster {
  size_t begin = 0;
  size_t end = 0;
};
std::vector<GlyphCluster> split_clusters(const page::GlyphRun& run);

// True when ToUnicode alone would extract the wrong text for this cluster: a glyph of it maps to a
// different text elsewhere in the document (the same glyph for 一 U+4E00 and ⼀ U+2F00), or a
// continuation glyph is mapped because it starts a cluster elsewhere. Such clusters are drawn in
// a /Span with /ActualText (ISO 32000-1 §14.9.4).
bool needs_actual_text(const page::GlyphRun& run, GlyphCluster cluster,
                       const std::map<uint32_t, std::string>& text_for_gid);

// The /W value of a glyph: round(advance × 1000 / upem), in 1/1000 em.
int pdf_glyph_width(uint32_t advance, int upem);

// Scales a font-unit metric (bbox, ascent, …) to 1/1000 em, rounded half away from zero.
int to_thousandths(int font_units, int upem);

// Six uppercase letters (ISO 32000-1 §9.6.4) from a stable hash of the face's name and glyph
// set, so the same subset always gets the same tag and different subsets almost surely differ.
std::string subset_tag(std::string_view postscript_name, const std::set<uint32_t>& gids);

// A PostScript name usable in a PDF name: printable ASCII without delimiters; "Font" if empty.
std::string pdf_font_name(std::string_view postscript_name);

// The /W array as groups "first [w w …]" of consecutive codes; codes whose width equals
// `default_width` (/DW) are left out.
struct WidthGroup {
  uint16_t first = 0;
  std::vector<int> widths;
};
std::vector<WidthGroup> group_widths(const std::map<uint16_t, int>& width_for_code,
                                     int default_width);

// A ToUnicode CMap (Adobe-Identity-UCS, two-byte codespace) with bfchar blocks of at most 100
// entries (the PostScript limit); entries with empty text are left out.
std::string build_to_unicode_cmap(const std::map<uint16_t, std::string>& text_for_code);

}  // namespace paiban::pdf
