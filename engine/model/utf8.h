// UTF-8 checks and text positions for the JSON reader and writer.
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
