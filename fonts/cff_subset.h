// cff_subset: the subset of a CID-keyed CFF program that uses no subroutines, made by copying the
// kept glyphs' charstrings as they stand. Such a font needs no charstring interpreted: hb-subset
// interprets every kept charstring to flatten or subset subroutines, about 8 µs a CJK glyph
// (HarfBuzz 6.0), the largest part of a report's PDF. Every other CFF keeps hb-subset (subset.cc).
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace paiban::fonts {

struct CffSubset {
  std::string program;        // a bare CFF (FontFile3 /CIDFontType0C)
  std::vector<uint16_t> cids;  // the CID of each glyph of the program, by new glyph id; cids[0] is 0
};

// Subsets the bare 'CFF ' table `cff` to glyph 0 and `gids`, renumbered densely in ascending order
// (as hb-subset does), keeping each glyph's CID, its charstring byte for byte, the Top DICT's
// other entries, every Font DICT with its Private DICT, and the String INDEX.
//
// Returns nullopt, and the caller uses hb-subset, unless the program is CID-keyed (ROS, FDArray,
// FDSelect), Type 2 charstrings, with an empty Global Subr INDEX and no local Subrs, and every
// structure it reads lies inside `cff` and is well formed. Never reads outside `cff`.
std::optional<CffSubset> subset_cid_cff_without_subrs(std::string_view cff,
                                                      const std::set<uint32_t>& gids);

}  // namespace paiban::fonts
