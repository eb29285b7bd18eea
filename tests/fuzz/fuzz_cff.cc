// Fuzz target: the copying CFF subsetter (fonts/cff_subset.h). The input is a bare 'CFF ' table.
// It must never read outside the input; a program it gives must hold every kept glyph, its
// charset must read back as the CIDs it gave (cff_glyph_cids, which reads any input too), and
// subsetting that program to all of its glyphs must give it back byte for byte.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <set>
#include <string_view>

#include "fonts/cff_subset.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using paiban::fonts::CffSubset;
  using paiban::fonts::subset_cid_cff_without_subrs;
  const std::string_view cff(reinterpret_cast<const char*>(data), size);
  const std::set<uint32_t> gids = {1, 2, 3, 5, 8, 13, 21};
  (void)paiban::fonts::cff_glyph_cids(cff);
  const std::optional<CffSubset> once = subset_cid_cff_without_subrs(cff, gids);
  if (!once) return 0;
  if (once->cids.size() != gids.size() + 1 || once->cids[0] != 0) std::abort();
  if (paiban::fonts::cff_glyph_cids(once->program) != once->cids) std::abort();
  std::set<uint32_t> all;
  for (uint32_t gid = 1; gid < once->cids.size(); ++gid) all.insert(gid);
  const std::optional<CffSubset> twice = subset_cid_cff_without_subrs(once->program, all);
  if (!twice || twice->program != once->program || twice->cids != once->cids) std::abort();
  return 0;
}
