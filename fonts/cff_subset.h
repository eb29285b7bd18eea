// cff_subset: the subset of a CID-keyed CFF program that uses no subroutines, made by copying the
// kept glyphs' charstrings as they stand. Such a font needs no charstring interpreted: hb-subset
// interprets every kept charstring to flatten or subset subroutines, about 8 µs a CJK glyph
// (HarfBuzz 6.0), the largest part of a report's PDF. Every other CFF keeps hb-subset (subset.cc).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
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

// Reads `size` bytes at `offset` of the CFF table into `out`; false when it cannot.
using CffTableReader = std::function<bool(size_t offset, size_t size, char* out)>;

// Subsets the bare 'CFF ' table `cff` to glyph 0 and `gids`, renumbered densely in ascending order
// (as hb-subset does), keeping each glyph's CID, its charstring byte for byte, the Top DICT's
// other entries, every Font DICT with its Private DICT, and the String INDEX.
//
// Returns nullopt, and the caller uses hb-subset, unless the program is CID-keyed (ROS, FDArray,
// FDSelect), Type 2 charstrings, with an empty Global Subr INDEX and no local Subrs, and every
// structure it reads lies inside `cff` and is well formed. Never reads outside `cff`.
//
// The kept charstrings, which lie scattered over the table, are fetched with `read` when given
// (neighbours a few hundred bytes apart in one read), and copied from `cff` where it fails: `read`
// must give the bytes `cff` holds (Face::FileReader reads the file `cff` is mapped from).
std::optional<CffSubset> subset_cid_cff_without_subrs(std::string_view cff,
                                                      const std::set<uint32_t>& gids,
                                                      const CffTableReader& read = {});

// The CID of each glyph of the CFF program `cff`, by glyph id (cids[0] is .notdef's, 0): what a
// bare CID-keyed CFF is addressed by in a PDF (a CIDFontType0). Empty for a name-keyed program;
// nullopt when the structures it reads (header, Name and Top DICT INDEXes, Top DICT, CharStrings
// INDEX, charset) are malformed. Never reads outside `cff`.
std::optional<std::vector<uint16_t>> cff_glyph_cids(std::string_view cff);

}  // namespace paiban::fonts
