// UTF-8 decoding for the fonts layer (internal). The same policy as paiban::decode_utf8_at in
// engine/model/utf8.h, kept here because fonts does not depend on the report model.
#pragma once

#include <cstddef>
#include <string_view>

namespace paiban::fonts {

struct Utf8Char {
  char32_t code_point = 0;
  size_t length = 1;  // bytes, ≥ 1
};

// The character at text[offset] (offset < text.size()). Invalid or truncated sequences, overlong
// forms and surrogates decode as U+FFFD of length 1, so a scan always advances; HarfBuzz's
// decoder treats them the same way, so byte offsets stay in step with its clusters.
inline Utf8Char decode_utf8(std::string_view text, size_t offset) {
  constexpr Utf8Char kInvalid{0xFFFD, 1};
  auto byte = [&](size_t i) { return static_cast<unsigned char>(text[offset + i]); };
  unsigned char b0 = byte(0);
  if (b0 < 0x80) return {b0, 1};
  // Lead byte → sequence length, payload bits, smallest code point that needs this length.
  size_t length = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    length = 2;
    cp = b0 & 0x1F;
    min = 0x80;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    length = 3;
    cp = b0 & 0x0F;
    min = 0x800;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    length = 4;
    cp = b0 & 0x07;
    min = 0x10000;
  } else {
    return kInvalid;
  }
  if (offset + length > text.size()) return kInvalid;
  for (size_t i = 1; i < length; ++i) {
    unsigned char b = byte(i);
    if ((b & 0xC0) != 0x80) return kInvalid;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return kInvalid;
  return {cp, length};
}

}  // namespace paiban::fonts
