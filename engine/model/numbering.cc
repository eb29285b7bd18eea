#include "numbering.h"

#include <algorithm>

namespace paiban {

namespace {

const char* const kDigits[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};

// 1…9999 in Chinese numerals (GB/T 15835-2011 §4.3 reads numbers digit by digit with their
// units): 一百零一 (one 零 for any run of zero digits inside), 一百一十 (the 一 before 十 is
// dropped only when 十 leads the whole number: 十一, but 一百一十一).
std::string below_ten_thousand(int n, bool leading) {
  static const char* const kUnits[] = {"千", "百", "十", ""};
  static const int kPowers[] = {1000, 100, 10, 1};
  std::string out;
  bool zero_pending = false;
  bool started = false;
  for (int k = 0; k < 4; ++k) {
    const int d = n / kPowers[k] % 10;
    if (d == 0) {
      zero_pending = started;
      continue;
    }
    if (zero_pending) out += kDigits[0];
    zero_pending = false;
    if (!(d == 1 && k == 2 && !started && leading)) out += kDigits[d];
    out += kUnits[k];
    started = true;
  }
  return out;
}

}  // namespace

std::string chinese_number(int n) {
  if (n <= 0 || n >= 100000000) return std::to_string(n);
  if (n < 10000) return below_ten_thousand(n, true);
  // 万 groups: 一万零五百, 十万零一.
  const int high = n / 10000, low = n % 10000;
  std::string out = below_ten_thousand(high, true) + "万";
  if (low == 0) return out;
  if (low < 1000) out += kDigits[0];
  return out + below_ten_thousand(low, false);
}

std::string heading_number(int level, int count) {
  switch (level) {
    case 1:
      return chinese_number(count) + "、";
    case 2:
      return "（" + chinese_number(count) + "）";
    case 3:
      return std::to_string(count) + ".";
    default:
      return "（" + std::to_string(count) + "）";
  }
}

std::string HeadingCounter::next(const Heading& heading) {
  if (heading.numbering == Numbering::kNone) return {};
  const int level = std::clamp(heading.level, 1, 4);
  ++counts_[level];
  std::fill(counts_ + level + 1, counts_ + 5, 0);
  return heading.numbering == Numbering::kAuto ? heading_number(level, counts_[level])
                                               : heading.number;
}

}  // namespace paiban
