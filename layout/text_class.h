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

// 。？！ and their full-width forms: the marks 开明 (kaiming) keeps full width.
inline bool is_sentence_end(char32_t cp) {
  return cp == U'。' || cp == U'？' || cp == U'！' || cp == U'．';
}

// 避头: the character may not start a line (Word's zh-CN "cannot start" list).
bool is_no_start(char32_t cp);
// 避尾: the character may not end a line (Word's zh-CN "cannot end" list).
bool is_no_end(char32_t cp);

// GB level adds: a solidus never ends a line; strict adds: a two-em dash or an ellipsis never
// starts one (cjk-line-breaking.md; the DOCX writer asks Word for the same).
inline bool is_gb_no_end(char32_t cp) { return cp == U'/' || cp == U'／'; }
inline bool is_strict_no_start(char32_t cp) {
  return cp == U'—' || cp == U'…' || cp == U'⋯' || cp == U'―';
}

// Characters that stay with a preceding number ("2023年", "30%", "25℃", "105条", "12个"):
// official-document practice keeps numbers with their unit or measure word ("数字、年份不能回行").
bool is_number_suffix(char32_t cp);

// Separators inside a URL, e-mail address or phone number where a line may break when the
// token is too long for the line ("https://a.gov.cn/x", "xx@xx.gov.cn", "0517-83605888").
inline bool is_token_separator(char32_t cp) {
  return cp == U'/' || cp == U'.' || cp == U'@' || cp == U'-' || cp == U'_' || cp == U'?' ||
         cp == U'&' || cp == U'=' || cp == U'#';
}

}  // namespace paiban::layout
