// UTF-8: checks and text positions for the JSON reader and writer; decoding and encoding for
// every layer.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace paiban::json {

struct Utf8Error {
  std::size_t offset = 0;  // byte offset of the first byte of the bad sequence
  std::string reason;      // "overlong encoding", "UTF-16 surrogate", …
};

// Checks `text` against the well-formed byte sequences of Unicode (Table 3-7): rejects
// overlong forms, encoded surrogates (U+D800..U+DFFF), code points above U+10FFFF, stray
// continuation bytes and truncated sequences. nullopt when the text is valid.
std::optional<Utf8Error> find_invalid_utf8(std::string_view text);

// 1-based line and column of a byte offset. Lines end at '\n'; the column counts code points
// (not bytes), so it matches what an editor shows for Chinese text. A UTF-8 byte order mark at the
// start of the text is not counted. `text` must be valid UTF-8 up to `offset`.
struct TextPosition {
  int line = 1;
  int column = 1;
};
TextPosition position_of(std::string_view text, std::size_t offset);

// Columns a string takes in a monospaced editor: 1 for ASCII, 2 for anything else (Han
// characters and full-width punctuation, which is what reports contain). Used to decide when a
// JSON array fits on one line.
std::size_t display_width(std::string_view text);

// At most `max_code_points` code points of `text`, followed by "…" when it was cut.
std::string truncate_text(std::string_view text, std::size_t max_code_points);

}  // namespace paiban::json

// Decoding and encoding, shared by every layer that walks text by character (the fonts layer
// keeps its own copy in fonts/fonts_utf8.h: it does not depend on the report model). All of them
// treat a byte sequence the way HarfBuzz does: the well-formed sequences of Unicode Table 3-7 are
// characters; anything else is one U+FFFD per byte, so a scan always advances and byte offsets
// stay in step with HarfBuzz's clusters.
namespace paiban {

struct Utf8Char {
  char32_t code_point = 0;
  std::size_t length = 1;  // bytes, ≥ 1
};

// The character at text[offset] (offset < text.size()); U+FFFD of length 1 when the bytes there
// are not a well-formed sequence.
Utf8Char decode_utf8_at(std::string_view text, std::size_t offset);

// All code points of `text`, U+FFFD for each byte of a malformed sequence, so any bytes give
// valid output.
std::u32string decode_utf8_lossy(std::string_view text);

// The code points of `text`; nullopt when it is not valid UTF-8, with the byte offset of the first
// malformed sequence in `bad_offset`.
std::optional<std::u32string> decode_utf8(std::string_view text, std::size_t* bad_offset = nullptr);

// Appends one code point (the caller passes a Unicode scalar value).
void append_utf8(std::string& out, char32_t code_point);
std::string encode_utf8(std::u32string_view text);

}  // namespace paiban
