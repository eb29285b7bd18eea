#include "numbering.h"

#include <algorithm>

namespace paiban {

std::string chinese_number(int n) {
  static const char* kDigits[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  if (n <= 0) return std::to_string(n);
  if (n < 10) return kDigits[n];
  if (n < 20) return std::string("十") + (n % 10 ? kDigits[n % 10] : "");
  if (n < 100) return std::string(kDigits[n / 10]) + "十" + (n % 10 ? kDigits[n % 10] : "");
  return std::to_string(n);
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
