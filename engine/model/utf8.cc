#include "utf8.h"

#include <cstdint>

namespace paiban::json {
namespace {

bool is_continuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

// The byte order mark, which nlohmann-json skips at the start of its input.
constexpr std::string_view kBom = "\xEF\xBB\xBF";

}  // namespace

std::optional<Utf8Error> find_invalid_utf8(std::string_view text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  std::size_t i = 0;
  while (i < size) {
    const unsigned char lead = bytes[i];
    if (lead < 0x80) {
      ++i;
      continue;
    }
    // Unicode Table 3-7: the lead byte fixes the length and the range of the second byte; the
    // narrowed second-byte ranges are what exclude overlongs, surrogates and > U+10FFFF.
    std::size_t length = 0;
    unsigned char second_min = 0x80;
    unsigned char second_max = 0xBF;
    const char* reason_low = "overlong encoding";
    const char* reason_high = "";
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead == 0xE0) {
      length = 3;
      second_min = 0xA0;
    } else if ((lead >= 0xE1 && lead <= 0xEC) || lead == 0xEE || lead == 0xEF) {
      length = 3;
    } else if (lead == 0xED) {
      length = 3;
      second_max = 0x9F;
      reason_high = "encoded UTF-16 surrogate (U+D800..U+DFFF)";
    } else if (lead == 0xF0) {
      length = 4;
      second_min = 0x90;
    } else if (lead >= 0xF1 && lead <= 0xF3) {
      length = 4;
    } else if (lead == 0xF4) {
      length = 4;
      second_max = 0x8F;
      reason_high = "code point above U+10FFFF";
    } else if (lead == 0xC0 || lead == 0xC1) {
      return Utf8Error{i, "overlong encoding"};
    } else if (lead >= 0xF5) {
      return Utf8Error{i, "code point above U+10FFFF"};
    } else {
      return Utf8Error{i, "unexpected continuation byte"};
    }
    if (i + 1 >= size || !is_continuation(bytes[i + 1])) {
      return Utf8Error{i, "truncated sequence"};
    }
    if (bytes[i + 1] < second_min) return Utf8Error{i, reason_low};
    if (bytes[i + 1] > second_max) return Utf8Error{i, reason_high};
    for (std::size_t k = 2; k < length; ++k) {
      if (i + k >= size || !is_continuation(bytes[i + k])) {
        return Utf8Error{i, "truncated sequence"};
      }
    }
    i += length;
  }
  return std::nullopt;
}

TextPosition position_of(std::string_view text, std::size_t offset) {
  if (offset > text.size()) offset = text.size();
  TextPosition pos;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++pos.line;
      line_start = i + 1;
    }
  }
  if (line_start == 0 && text.substr(0, kBom.size()) == kBom && offset >= kBom.size()) {
    line_start = kBom.size();
  }
  for (std::size_t i = line_start; i < offset; ++i) {
    if (!is_continuation(static_cast<unsigned char>(text[i]))) ++pos.column;
  }
  return pos;
}

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80) {
      ++width;
    } else if (!is_continuation(byte)) {
      width += 2;
    }
  }
  return width;
}

std::string truncate_text(std::string_view text, std::size_t max_code_points) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (is_continuation(static_cast<unsigned char>(text[i]))) continue;
    if (count == max_code_points) return std::string(text.substr(0, i)) + "…";
    ++count;
  }
  return std::string(text);
}

}  // namespace paiban::json

namespace paiban {

Utf8Char decode_utf8_at(std::string_view text, std::size_t offset) {
  constexpr Utf8Char kInvalid{0xFFFD, 1};
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[offset + i]); };
  const unsigned char b0 = byte(0);
  if (b0 < 0x80) return {b0, 1};
  // Lead byte → sequence length, payload bits, smallest code point that needs this length.
  std::size_t length = 0;
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
  for (std::size_t i = 1; i < length; ++i) {
    const unsigned char b = byte(i);
    if ((b & 0xC0) != 0x80) return kInvalid;
    cp = (cp << 6) | (b & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are not characters.
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return kInvalid;
  return {cp, length};
}

std::u32string decode_utf8_lossy(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const Utf8Char c = decode_utf8_at(text, i);
    out += c.code_point;
    i += c.length;
  }
  return out;
}

std::optional<std::u32string> decode_utf8(std::string_view text, std::size_t* bad_offset) {
  std::u32string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const Utf8Char c = decode_utf8_at(text, i);
    // A U+FFFD in the text is three bytes long; the one standing for bad bytes is one byte.
    if (c.code_point == 0xFFFD && c.length == 1) {
      if (bad_offset != nullptr) *bad_offset = i;
      return std::nullopt;
    }
    out += c.code_point;
    i += c.length;
  }
  return out;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string encode_utf8(std::u32string_view text) {
  std::string out;
  out.reserve(text.size() * 3);
  for (const char32_t c : text) append_utf8(out, c);
  return out;
}

}  // namespace paiban
