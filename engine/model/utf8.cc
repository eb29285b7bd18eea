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
