// Character classes for Chinese layout: which characters are Han, which are punctuation of
// which kind, and the 避头尾 (kinsoku) lists. Rules: ../docs/cjk-line-breaking.md (clreq
// §3.1.4–3.1.7, GB/T 15834-2011 §5, Word's zh-CN kinsoku defaults so DOCX and PDF break alike).
#pragma once

#include <cstdint>
#include <string_view>

namespace paiban::layout {

enum class CharClass : uint8_t {
  kHan,        // ideographs and other full-width letters that behave like them
  kOpening,    // （“《「『【〔〖〈 ‘ — blank half on the left
  kClosing,    // ）”》」』】〕〗〉 ’ — blank half on the right
  kStop,       // 。，、；：？！ — pause and stop marks, blank half on the right (mainland style)
  kMiddle,     // · ・ — centred interpuncts
  kDashEllipsis,  // — … — never split, never compressed
  kLatin,      // letters of alphabetic scripts
  kDigit,      // European digits
  kSpace,      // U+0020, U+3000 and friends
  kOther,      // half-width punctuation and symbols
};

CharClass classify(char32_t cp);

// True for the full-width marks whose advance carries a blank half that compression may remove.
inline bool is_compressible_punct(CharClass c) {
  return c == CharClass::kOpening || c == CharClass::kClosing || c == CharClass::kStop;
}

// True for characters that space like Han in autospace and justification decisions.
inline bool is_cjk(CharClass c) {
  return c == CharClass::kHan || c == CharClass::kOpening || c == CharClass::kClosing ||
         c == CharClass::kStop || c == CharClass::kMiddle || c == CharClass::kDashEllipsis;
}

// 避头: the character may not start a line (Word's zh-CN "cannot start" list).
bool is_no_start(char32_t cp);
// 避尾: the character may not end a line (Word's zh-CN "cannot end" list).
bool is_no_end(char32_t cp);

// Characters that stay with a preceding number ("2023年", "30%", "25℃"): official-document
// practice keeps numbers with their unit ("数字、年份不能回行").
bool is_number_suffix(char32_t cp);

}  // namespace paiban::layout
