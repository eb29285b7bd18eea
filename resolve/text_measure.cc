#include "resolve/text_measure.h"

#include "utf8.h"

namespace paiban::resolve {

double text_width_em(std::string_view text, bool autospace) {
  auto is_han = [](char32_t cp) {
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0x20000 && cp <= 0x2FFFF) || (cp >= 0xF900 && cp <= 0xFAFF);
  };
  auto is_alnum = [](char32_t cp) {
    return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
  };
  double w = 0;
  char32_t prev = 0;
  size_t i = 0;
  while (i < text.size()) {
    const Utf8Char c = decode_utf8_at(text, i);
    i += c.length;
    const char32_t cp = c.code_point;
    w += cp < 0x80 ? 0.5 : 1.0;
    if (autospace && ((is_han(prev) && is_alnum(cp)) || (is_alnum(prev) && is_han(cp)))) {
      w += 0.25;
    }
    prev = cp;
  }
  return w;
}

}  // namespace paiban::resolve
