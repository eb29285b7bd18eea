// Subsetting a face to a whole font program for embedding (hb-subset): what any fixed-layout
// writer needs, without the shaper.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "fonts/face.h"

namespace paiban::fonts {

// A subset font program for embedding.
struct SubsetFont {
  // CFF: the bare 'CFF ' table (FontFile3 /CIDFontType0C); TrueType: a whole sfnt (FontFile2).
  std::string program;
  bool cff = false;
  // Original gid → the 2-byte code written in the content stream (the CID for CFF, the new gid for
  // TrueType with /CIDToGIDMap /Identity).
  std::map<uint32_t, uint16_t> code_for_gid;
};

// Subsets a face to the given glyphs (gid 0 is always kept), dropping layout and vertical tables
// (see pdf-fonts-recipe.md). Deterministic: the same glyphs give the same bytes. Throws
// std::runtime_error on failure or when a gid is not in the face.
SubsetFont subset(const Face& face, const std::set<uint32_t>& gids);

// subset(), remembered: the last subsets made (by face and glyph set, 16 MB of programs at most,
// the least recently used dropped first) are handed out again rather than made again. A report
// rendered again (a preview after an edit, an archive regenerated) or reports whose headings or
// titles use the same glyphs reuse what a face's subset cost, the largest part of a warm render's
// PDF. The result is the one subset() gives. Thread-safe.
std::shared_ptr<const SubsetFont> cached_subset(const Face& face, const std::set<uint32_t>& gids);

// Subsets `face` to one glyph and throws the result away: what the first subset of a face costs
// beyond the glyphs (its tables read and checked, its CFF view made, the subsetter's code paged
// in), paid ahead on a thread with nothing else to do. Never throws.
void warm_up_subset(const Face& face) noexcept;

}  // namespace paiban::fonts
