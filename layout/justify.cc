// Phase 4: justification (两端对齐). Extra space goes between Han characters, at Han–Latin
// boundaries and at spaces — never inside a Latin word or a digit run — unless the line offers
// nothing else (a long e-mail address), then between all clusters (cjk-line-breaking.md).
#include "layout/paragraph.h"

namespace paiban::layout {

std::vector<LU> justify(const std::vector<Cluster>& cs, size_t begin, size_t end, LU extra) {
  std::vector<LU> added(end > begin ? end - begin : 0, 0);
  if (end <= begin + 1 || extra <= 0) return added;
  std::vector<size_t> gaps;  // gap k lies after cluster k
  for (size_t k = begin; k + 1 < end; ++k) {
    if (is_cjk(cs[k].cls) || is_cjk(cs[k + 1].cls) || cs[k].cls == CharClass::kSpace) {
      gaps.push_back(k);
    }
  }
  if (gaps.empty()) {
    for (size_t k = begin; k + 1 < end; ++k) gaps.push_back(k);
  }
  const LU n = static_cast<LU>(gaps.size());
  const LU each = extra / n;
  LU remainder = extra - each * n;
  for (size_t g = 0; g < gaps.size(); ++g) {
    // The remainder (< one LU per gap) goes to the first gaps, so results are deterministic.
    added[gaps[g] - begin] = each + (remainder > 0 ? 1 : 0);
    if (remainder > 0) --remainder;
  }
  return added;
}

}  // namespace paiban::layout
