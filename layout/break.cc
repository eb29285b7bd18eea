// Phase 2: break opportunities. ICU's line breaker (UAX #14, locale zh) gives the candidates;
// the Chinese 避头尾 rules and the number+unit rule then remove some of them.
#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include <memory>
#include <vector>

#include "layout/paragraph.h"

namespace paiban::layout {

namespace {

struct BreakIteratorCloser {
  void operator()(UBreakIterator* bi) const { ubrk_close(bi); }
};
struct UTextCloser {
  void operator()(UText* ut) const { utext_close(ut); }
};

// Byte offsets (into text) where UAX #14 allows a line to start.
std::vector<bool> uax14_opportunities(const std::string& text) {
  std::vector<bool> allowed(text.size() + 1, false);
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UText, UTextCloser> ut(
      utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status));
  // Building a line breaker from ICU's rules is costly (a tenth of a cold render when done per
  // paragraph): one per thread, re-pointed at each paragraph's text.
  thread_local std::unique_ptr<UBreakIterator, BreakIteratorCloser> bi(
      ubrk_open(UBRK_LINE, "zh", nullptr, 0, &status));
  if (U_FAILURE(status) || !bi) return allowed;
  ubrk_setUText(bi.get(), ut.get(), &status);
  if (U_FAILURE(status)) return allowed;
  // With a UTF-8 UText, ICU's indices are byte offsets into the UTF-8 text.
  for (int32_t pos = ubrk_first(bi.get()); pos != UBRK_DONE; pos = ubrk_next(bi.get())) {
    if (pos >= 0 && static_cast<size_t>(pos) <= text.size()) allowed[pos] = true;
  }
  return allowed;
}

}  // namespace

void find_break_opportunities(ShapedParagraph& paragraph) {
  std::vector<bool> allowed = uax14_opportunities(paragraph.text);
  std::vector<Cluster>& cs = paragraph.clusters;
  for (size_t i = 0; i < cs.size(); ++i) {
    Cluster& c = cs[i];
    if (i == 0) {
      c.break_before = false;
      continue;
    }
    const Cluster& prev = cs[i - 1];
    bool ok = allowed[c.begin];
    // 避头: closing brackets, pause/stop marks, ellipses etc. never start a line
    // (GB/T 15834-2011 §5; Word's zh-CN "cannot start" list).
    if (is_no_start(c.cp)) ok = false;
    // 避尾: opening brackets and quotes never end a line.
    if (is_no_end(prev.cp)) ok = false;
    // Official-document practice: a number stays with its year/month/day or unit ("2023年").
    // The source may write "2023 年" with a space: the rule holds across spaces too.
    size_t q = i - 1;
    while (q > 0 && cs[q].cls == CharClass::kSpace) --q;
    if (cs[q].cls == CharClass::kDigit && is_number_suffix(c.cp)) ok = false;
    // Two-em dashes and ellipses (—— ……) are never split (GB/T 15834-2011 §4.13, §4.14).
    if (prev.cls == CharClass::kDashEllipsis && c.cp == prev.cp) ok = false;
    // Between Han characters a break is always possible, even where ICU's tables are stricter
    // for some symbols; spaces: a line may start after a space, never with one.
    if (c.cls == CharClass::kSpace) ok = false;
    c.break_before = ok;
  }
}

}  // namespace paiban::layout
