// PDF lexical helpers shared by the content-stream, font and metadata builders: numbers (never
// through the process locale), hex strings, UTF-8 → UTF-16 text strings, and a stable hash.
#pragma once

#include <cstdint>
#include <array>
#include <string>
#include <string_view>

#include "page/page_model.h"

namespace paiban::pdf {

// Appends `value` rounded to at most `max_decimals` decimals, trailing zeros trimmed, "-0" as
// "0" ("12.5", "-0.25", "3"). std::to_chars: the output never depends on the locale.
void append_number(std::string& out, double value, int max_decimals = 3);
std::string format_number(double value, int max_decimals = 3);

// Appends a layout length in points, exactly: 1/64 pt has at most six decimals ("12.015625").
void append_points(std::string& out, page::LU lu);

// The same text with invalid sequences replaced by U+FFFD (PoDoFo's UTF-8 conversion must only
// ever see valid UTF-8).
std::string sanitize_utf8(std::string_view text);

// Uppercase hex of the UTF-16BE encoding of `text` (surrogate pairs for astral characters),
// without a byte-order mark: the destination strings of a ToUnicode CMap.
std::string utf16be_hex(std::string_view text);

// A PDF text string as a hex string literal with BOM, "<FEFF4E00>", for operands in content
// streams (e.g. /ActualText).
std::string text_string_hex(std::string_view text);

// "<0A1F>": a two-byte code, as written for Identity-H fonts.
void append_code_hex(std::string& out, uint16_t code);

// SHA-256 of `bytes` (OpenSSL's libcrypto, which PoDoFo loads anyway): the document's /ID and the
// subset tags, stable across runs, compilers and platforms. Throws std::runtime_error if
// libcrypto fails.
std::array<unsigned char, 32> sha256(std::string_view bytes);

}  // namespace paiban::pdf
