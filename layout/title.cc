// The title phase (GB/T 9704-2012 §7.3.3: "回行时，要做到词意完整，排列对称"): a title of several
// lines breaks between words — ICU's dictionary-based word iterator finds Chinese words — and
// never before a unit suffix, prefers phrase boundaries (organisation | year | document kind),
// and shapes the lines symmetrically: lengths as equal as possible, each line centred.
#include "layout/title.h"

#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <string_view>

#include "layout/icu_handles.h"

namespace paiban::layout {

namespace {

// Byte offsets of ICU word boundaries (dictionary-based for Chinese).
std::vector<bool> word_boundaries(const std::string& text) {
  std::vector<bool> at(text.size() + 1, false);
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UText, UTextCloser> ut(
      utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status));
  std::unique_ptr<UBreakIterator, BreakIteratorCloser> bi(
      ubrk_open(UBRK_WORD, "zh", nullptr, 0, &status));
  if (U_FAILURE(status) || !bi) return std::vector<bool>(text.size() + 1, true);
  ubrk_setUText(bi.get(), ut.get(), &status);
  if (U_FAILURE(status)) return std::vector<bool>(text.size() + 1, true);
  for (int32_t pos = ubrk_first(bi.get()); pos != UBRK_DONE; pos = ubrk_next(bi.get())) {
    if (pos >= 0 && static_cast<size_t>(pos) <= text.size()) at[pos] = true;
  }
  return at;
}

// Suffixes that end an organisation's name or a year: a title never breaks before them (the
// dictionary splits 生态环境局 into 生态|环境|局), and a break after them is a phrase boundary.
constexpr std::string_view kUnitSuffixes[] = {
    "委员会", "办公厅", "办公室", "年度", "局", "厅", "委", "办", "院", "署", "处", "室", "中心",
    "年"};
// Of these, the ones that end a phrase only after a number (2022年度 | 政府…, not 工作年度 | 报告).
bool needs_number(std::string_view suffix) { return suffix == "年度" || suffix == "年"; }

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}
bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

TitleBreaks find_title_breaks(const ParagraphSpec& spec, FontContext& fonts) {
  TitleBreaks t;
  std::vector<Diagnostic> scratch;  // itemize reports missing characters when laid out for real
  t.shaped = itemize_and_shape(spec, fonts, scratch);
  find_break_opportunities(t.shaped, spec.kinsoku);
  adjust_widths(spec, t.shaped);
  const std::string& text = t.shaped.text;
  const std::vector<Cluster>& cs = t.shaped.clusters;
  const std::vector<bool> words = word_boundaries(text);
  t.allowed.assign(cs.size(), false);
  t.phrase.assign(cs.size(), false);
  for (size_t k = 1; k < cs.size(); ++k) {
    if (!cs[k].break_before || !words[cs[k].begin]) continue;
    const std::string_view after = std::string_view(text).substr(cs[k].begin);
    const std::string_view before = std::string_view(text).substr(0, cs[k].begin);
    bool ok = true;
    for (std::string_view s : kUnitSuffixes) ok = ok && !starts_with(after, s);
    if (!ok) continue;
    t.allowed[k] = true;
    for (std::string_view s : kUnitSuffixes) {
      if (!ends_with(before, s)) continue;
      const size_t at = before.size() - s.size();
      const bool number_before = at > 0 && before[at - 1] >= '0' && before[at - 1] <= '9';
      if (!needs_number(s) || number_before) t.phrase[k] = true;
    }
    // A year starts a phrase too: 自然资源局 | 2022年度…; so does a space the author put between
    // two names (教育局 平潭…).
    if (cs[k].cls == CharClass::kDigit || cs[k - 1].cls == CharClass::kSpace) t.phrase[k] = true;
  }
  // A break that is no phrase boundary, followed by words that end an organisation's name at the
  // next phrase boundary, splits that name: the line would start with its tail (金融局…).
  t.inside_name.assign(cs.size(), false);
  for (size_t k = 1; k < cs.size(); ++k) {
    if (!t.allowed[k] || t.phrase[k]) continue;
    size_t j = k + 1;
    while (j < cs.size() && !t.phrase[j]) ++j;
    if (j == cs.size()) continue;  // the title's last phrase: no name ends it here
    const std::string_view part =
        std::string_view(text).substr(cs[k].begin, cs[j].begin - cs[k].begin);
    for (std::string_view s : kUnitSuffixes) {
      if (!needs_number(s) && ends_with(part, s)) t.inside_name[k] = true;
    }
  }
  return t;
}

void break_title(const ParagraphSpec& spec, FontContext& fonts, TextBlock& block) {
  if (block.lines.size() < 2) return;
  const TitleBreaks t = find_title_breaks(spec, fonts);
  const std::vector<Cluster>& cs = t.shaped.clusters;
  const size_t n = cs.size();
  std::vector<LU> space(n, 0);
  for (size_t i = 1; i < n; ++i) space[i] = autospace_before(spec, cs, i);
  auto width = [&](size_t a, size_t b) {
    while (b > a + 1 && cs[b - 1].cls == CharClass::kSpace) --b;
    LU w = 0;
    for (size_t m = a; m < b; ++m) w += cs[m].width + (m > a ? space[m] : 0);
    return static_cast<int64_t>(w);
  };
  const int64_t full = spec.width;
  const int64_t em = std::max<int64_t>(spec.spans.empty() ? 1 : spec.spans.front().size, 1);
  // Candidate line starts: 0, the allowed breaks, and n (the end).
  std::vector<size_t> pos{0};
  for (size_t k = 1; k < n; ++k) {
    if (t.allowed[k]) pos.push_back(k);
  }
  pos.push_back(n);
  const size_t m = pos.size();
  constexpr int64_t kInf = std::numeric_limits<int64_t>::max() / 4;

  // Dynamic programme over the candidates: lines of width ≤ full; cost = squared deviation from
  // the mean line length, plus (2 em)² for every break that is not a phrase boundary and (8 em)²
  // for one that splits an organisation's name. One line more is tried when no break fits the
  // first-fit count, or when the best breaks there split a name (GB/T 9704 §7.3.3: 回行时词意
  // 完整), and taken when it keeps every name whole.
  std::vector<size_t> cuts;
  auto splits_a_name = [&](const std::vector<size_t>& c) {
    for (size_t k = 0; k + 1 < c.size(); ++k) {
      if (t.inside_name[c[k]]) return true;
    }
    return false;
  };
  for (size_t lines = block.lines.size(); lines <= block.lines.size() + 1; ++lines) {
    const int64_t target = width(0, n) / static_cast<int64_t>(lines);
    auto line_cost = [&](size_t a, size_t b) -> int64_t {
      const int64_t w = width(pos[a], pos[b]);
      if (w > full) return kInf;
      const int64_t d = (w - target) * 64 / em;  // in 1/64 em, to keep the square in range
      int64_t c = d * d;
      if (a > 0 && !t.phrase[pos[a]]) c += 128 * 128;
      if (a > 0 && t.inside_name[pos[a]]) c += 512 * 512;
      return c;
    };
    // cost[l * m + b]: best cost of l lines ending at candidate b (flat: one allocation).
    std::vector<int64_t> cost((lines + 1) * m, kInf);
    std::vector<size_t> from((lines + 1) * m, 0);
    cost[0] = 0;
    for (size_t l = 1; l <= lines; ++l) {
      for (size_t b = 1; b < m; ++b) {
        for (size_t a = 0; a < b; ++a) {
          const int64_t before = cost[(l - 1) * m + a];
          if (before >= kInf) continue;
          const int64_t c = line_cost(a, b);
          if (c >= kInf) continue;
          if (before + c < cost[l * m + b]) {
            cost[l * m + b] = before + c;
            from[l * m + b] = a;
          }
        }
      }
    }
    if (cost[lines * m + m - 1] >= kInf) continue;
    std::vector<size_t> found;
    size_t b = m - 1;
    for (size_t l = lines; l > 0; --l) {
      found.push_back(pos[b]);
      b = from[l * m + b];
    }
    std::reverse(found.begin(), found.end());
    if (cuts.empty() || (splits_a_name(cuts) && !splits_a_name(found))) cuts = std::move(found);
    if (!splits_a_name(cuts)) break;
  }
  if (cuts.empty()) return;  // no word break fits (a very long word): keep first fit

  // Lay out each line on its own, centred in the full measure (symmetric shape).
  const std::string& text = t.shaped.text;
  std::vector<Line> lines;
  size_t start = 0;
  for (size_t end : cuts) {
    const uint32_t lo = cs[start].begin;
    const uint32_t hi = end < n ? cs[end].begin : static_cast<uint32_t>(text.size());
    ParagraphSpec one = spec;
    one.spans.clear();
    one.align = HAlign::kCenter;
    one.first_indent = 0;
    uint32_t at = 0;
    for (const StyledSpan& s : spec.spans) {
      const uint32_t s_lo = at, s_hi = at + static_cast<uint32_t>(s.text.size());
      at = s_hi;
      const uint32_t a = std::max(s_lo, lo), b = std::min(s_hi, hi);
      if (a >= b) continue;
      StyledSpan part = s;
      part.text = s.text.substr(a - s_lo, b - a);
      one.spans.push_back(std::move(part));
    }
    // The first-fit layout of the block has already reported missing characters.
    std::vector<Diagnostic> scratch;
    for (Line& l : layout_paragraph(one, fonts, scratch)) lines.push_back(std::move(l));
    start = end;
  }
  block.lines = std::move(lines);
  block.x = 0;
}

}  // namespace paiban::layout
