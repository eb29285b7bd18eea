// Phase 2: break opportunities. ICU's line breaker (UAX #14, locale zh) gives the candidates;
// the Chinese 避头尾 rules and the number+unit rule then remove some of them.
#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "fonts/lru_cache.h"
#include "layout/icu_handles.h"
#include "layout/paragraph.h"

namespace paiban::layout {

namespace {

// ICU line breakers for "zh", lent one per paragraph and given back, kept for the process (as many
// as threads ever broke lines at once). Building one from ICU's rules is costly: a tenth of a cold
// render when done per paragraph. Not thread_local: a thread_local with a destructor registers it
// under the dynamic loader's lock (__cxa_thread_atexit), so a thread's first paragraph waited for
// any library another thread was loading.
class LineBreakers {
 public:
  BreakIteratorPtr take(UErrorCode& status) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!idle_.empty()) {
        BreakIteratorPtr bi(idle_.back());
        idle_.pop_back();
        return bi;
      }
    }
    return BreakIteratorPtr(ubrk_open(UBRK_LINE, "zh", nullptr, 0, &status));
  }
  void give_back(BreakIteratorPtr bi) {
    if (!bi) return;
    std::lock_guard<std::mutex> lock(mutex_);
    idle_.push_back(bi.release());
  }

 private:
  std::mutex mutex_;
  std::vector<UBreakIterator*> idle_;
};

LineBreakers& line_breakers() {
  static LineBreakers* const pool = new LineBreakers;  // never destroyed: no exit-order hazard
  return *pool;
}

// A breaker on loan for one scope.
struct LentBreaker {
  BreakIteratorPtr bi;
  explicit LentBreaker(UErrorCode& status) : bi(line_breakers().take(status)) {}
  ~LentBreaker() { line_breakers().give_back(std::move(bi)); }
  LentBreaker(const LentBreaker&) = delete;
  LentBreaker& operator=(const LentBreaker&) = delete;
};

// Opportunities found lately, by text: a table's repeated cells, text that resolve measures and
// layout sets again, a report rendered again. 4 MB at most; texts over 4 KB are not kept.
using BreakCache = fonts::LruCache<std::string, std::vector<bool>>;
constexpr size_t kMaxCachedText = 4096;

BreakCache& break_cache() {
  static BreakCache* const cache = new BreakCache(size_t{4} << 20);  // never destroyed, as above
  return *cache;
}

// Byte offsets (into text) where UAX #14 allows a line to start.
std::vector<bool> uax14_opportunities(const std::string& text) {
  const bool cached = text.size() <= kMaxCachedText;
  const size_t hash = cached ? std::hash<std::string>()(text) : 0;
  std::vector<bool> allowed;
  if (cached && break_cache().find(text, hash, allowed)) return allowed;
  allowed.assign(text.size() + 1, false);
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UText, UTextCloser> ut(
      utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status));
  const LentBreaker lent(status);
  UBreakIterator* const bi = lent.bi.get();
  if (U_FAILURE(status) || bi == nullptr) return allowed;
  ubrk_setUText(bi, ut.get(), &status);
  if (U_FAILURE(status)) return allowed;
  // With a UTF-8 UText, ICU's indices are byte offsets into the UTF-8 text.
  for (int32_t pos = ubrk_first(bi); pos != UBRK_DONE; pos = ubrk_next(bi)) {
    if (pos >= 0 && static_cast<size_t>(pos) <= text.size()) allowed[pos] = true;
  }
  if (cached) break_cache().add(text, hash, allowed, sizeof(std::string) + 2 * text.size() + 128);
  return allowed;
}

// URLs, e-mail addresses and phone numbers: UAX #14 gives no opportunity inside them, so a long
// one moves whole to the next line and leaves a loose line behind. Inside such a token a line
// may break after a separator (never between two separators). A token is a run without
// spaces or Han; it qualifies when it has "@", "://" or "www.", or is a phone number (digits and
// hyphens, 11 or more). Phone numbers listed with commas ("24311633,18606026994") may break
// after a comma when every part has 7 digits or more: a thousands separator (GB/T 15835
// "1,000,000", 3 digits after each comma) never qualifies, so a number stays whole.
std::vector<bool> token_opportunities(const std::string& text, const std::vector<Cluster>& cs) {
  std::vector<bool> extra(cs.size(), false);
  auto in_token = [](const Cluster& c) {
    return c.cls == CharClass::kLatin || c.cls == CharClass::kDigit || c.cls == CharClass::kOther;
  };
  for (size_t a = 0; a < cs.size();) {
    if (!in_token(cs[a])) {
      ++a;
      continue;
    }
    size_t b = a;
    while (b < cs.size() && in_token(cs[b])) ++b;
    const std::string token = text.substr(cs[a].begin, cs[b - 1].end - cs[a].begin);
    bool phone = token.size() >= 11;
    for (char ch : token) phone = phone && ((ch >= '0' && ch <= '9') || ch == '-');
    phone = phone && token.find('-') != std::string::npos;
    bool phone_list = token.find(',') != std::string::npos;
    size_t digits = 0;
    for (char ch : token) {
      if (ch == ',') {
        phone_list = phone_list && digits >= 7;
        digits = 0;
      } else if (ch >= '0' && ch <= '9') {
        ++digits;
      } else if (ch != '-') {
        phone_list = false;
      }
    }
    phone_list = phone_list && digits >= 7;
    const bool address = token.find('@') != std::string::npos ||
                         token.find("://") != std::string::npos ||
                         token.find("www.") != std::string::npos;
    if (phone || address) {
      for (size_t k = a + 1; k + 1 < b; ++k) {
        if (is_token_separator(cs[k - 1].cp) && !is_token_separator(cs[k].cp)) extra[k] = true;
      }
    }
    if (phone_list) {
      for (size_t k = a + 1; k < b; ++k) extra[k] = extra[k] || cs[k - 1].cp == U',';
    }
    a = b;
  }
  return extra;
}

}  // namespace

void find_break_opportunities(ShapedParagraph& paragraph, KinsokuLevel level) {
  std::vector<bool> allowed = uax14_opportunities(paragraph.text);
  std::vector<Cluster>& cs = paragraph.clusters;
  const std::vector<bool> in_token = token_opportunities(paragraph.text, cs);
  for (size_t i = 0; i < cs.size(); ++i) {
    Cluster& c = cs[i];
    if (i == 0) {
      c.break_before = false;
      continue;
    }
    const Cluster& prev = cs[i - 1];
    bool ok = allowed[c.begin] || in_token[i];
    // UAX #14 before Unicode 15.1 (ICU < 74) never breaks beside the ambiguous quotation marks
    // ‘ ’ “ ”, which keeps 「‘四最’一流」 whole. In Chinese they are full-width opening and closing
    // marks (clreq §3.1.4, GB/T 15834-2011 §4.1): a line may end after a closing quote and start
    // with an opening one next to Chinese text, as Unicode 15.1's LB19a allows and as Word and
    // LibreOffice break; 避头尾 below still applies.
    if (!ok && (((prev.cp == U'’' || prev.cp == U'”') && is_cjk(c.cls)) ||
                ((c.cp == U'‘' || c.cp == U'“') && is_cjk(prev.cls)))) {
      ok = true;
    }
    if (level != KinsokuLevel::kNone) {
      // 避头: closing brackets, pause/stop marks, ellipses etc. never start a line
      // (GB/T 15834-2011 §5; Word's zh-CN "cannot start" list).
      if (is_no_start(c.cp)) ok = false;
      // 避尾: opening brackets and quotes never end a line.
      if (is_no_end(prev.cp)) ok = false;
    }
    // GB level: a solidus never ends a line; strict: —— and …… never start one.
    if (level >= KinsokuLevel::kGb && is_gb_no_end(prev.cp) && !in_token[i]) ok = false;
    if (level >= KinsokuLevel::kStrict && is_strict_no_start(c.cp)) ok = false;
    // Official-document practice: a number stays with its year/month/day, unit or measure word
    // ("2023年", "105条"). The source may write "105 条" with a space: the rule holds across
    // spaces too.
    size_t q = i - 1;
    while (q > 0 && cs[q].cls == CharClass::kSpace) --q;
    if (cs[q].cls == CharClass::kDigit && is_number_suffix(c.cp)) ok = false;
    // Two-em dashes and ellipses (—— ……) are never split (GB/T 15834-2011 §4.13, §4.14).
    if (prev.cls == CharClass::kDashEllipsis && c.cp == prev.cp) ok = false;
    // A line may start after a space, never with one.
    if (c.cls == CharClass::kSpace) ok = false;
    c.break_before = ok;
  }
}

void warm_up_text_breaking() noexcept {
  static constexpr char kText[] = "中华人民共和国国务院办公厅关于印发通知的函";
  for (UBreakIteratorType type : {UBRK_LINE, UBRK_WORD}) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UText, UTextCloser> ut(
        utext_openUTF8(nullptr, kText, static_cast<int64_t>(sizeof kText - 1), &status));
    std::unique_ptr<UBreakIterator, BreakIteratorCloser> bi(
        ubrk_open(type, "zh", nullptr, 0, &status));
    if (U_FAILURE(status) || !bi) continue;
    ubrk_setUText(bi.get(), ut.get(), &status);
    if (U_FAILURE(status)) continue;
    // The dictionary engine is built when the iterator first meets Han text.
    for (int32_t pos = ubrk_first(bi.get()); pos != UBRK_DONE; pos = ubrk_next(bi.get())) {
    }
    // The line breaker serves the render's first paragraph.
    if (type == UBRK_LINE) line_breakers().give_back(std::move(bi));
  }
}

}  // namespace paiban::layout
