#include "text_class.h"

namespace paiban::layout {

namespace {

bool in(std::u32string_view set, char32_t cp) { return set.find(cp) != std::u32string_view::npos; }

// Word's zh-CN kinsoku defaults (ECMA-376 Part 4, w:kinsoku), as listed in cjk-line-breaking.md.
constexpr std::u32string_view kNoStart =
    U"!%),.:;>?]}¢¨°·ˇˉ―‖’”…‰′″›℃∶、。〃〉》」』】〕〗〞︶︺︾﹀﹄﹚﹜﹞！＂％＇），．：；？］｀｜｝～￠";
constexpr std::u32string_view kNoEnd = U"$([{£¥·‘“〈《「『【〔〖〝﹙﹛﹝＄（．［｛￡￥";

constexpr std::u32string_view kOpening = U"（“‘《〈「『【〔〖〘〚［｛";
constexpr std::u32string_view kClosing = U"）”’》〉」』】〕〗〙〛］｝";
constexpr std::u32string_view kStop = U"。，、；：？！．";
constexpr std::u32string_view kMiddle = U"·・•";
constexpr std::u32string_view kDashEllipsis = U"—…⋯―";

}  // namespace

CharClass classify(char32_t cp) {
  if (cp == U' ' || cp == U'\t' || cp == 0x3000 || cp == 0x00A0 || (cp >= 0x2000 && cp <= 0x200A)) {
    return CharClass::kSpace;
  }
  if (cp >= U'0' && cp <= U'9') return CharClass::kDigit;
  if ((cp >= U'A' && cp <= U'Z') || (cp >= U'a' && cp <= U'z') || (cp >= 0xC0 && cp <= 0x24F) ||
      (cp >= 0x370 && cp <= 0x4FF)) {
    return CharClass::kLatin;
  }
  if (in(kOpening, cp)) return CharClass::kOpening;
  if (in(kClosing, cp)) return CharClass::kClosing;
  if (in(kStop, cp)) return CharClass::kStop;
  if (in(kMiddle, cp)) return CharClass::kMiddle;
  if (in(kDashEllipsis, cp)) return CharClass::kDashEllipsis;
  if ((cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
      (cp >= 0xFF01 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) ||
      (cp >= 0x20000 && cp <= 0x3FFFF) || (cp >= 0xAC00 && cp <= 0xD7AF)) {
    return CharClass::kHan;
  }
  return CharClass::kOther;
}

bool is_no_start(char32_t cp) { return in(kNoStart, cp); }
bool is_no_end(char32_t cp) { return in(kNoEnd, cp); }

// Dates and times, signs, and the measure words and units of these reports (GB/T 15835 writes
// them straight after the number; a line break between would strand "105" from "条").
bool is_number_suffix(char32_t cp) {
  return in(U"年月日号时分秒%％‰℃°"
            U"条个件次人元角万亿家项份篇页位名户所天周岁台套张册本批起倍届期类宗笔场辆栋亩处部轮"
            U"米吨克升斤",
            cp);
}

}  // namespace paiban::layout
