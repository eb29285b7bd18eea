// Shaping (HarfBuzz) and per-character fallback: what layout needs to turn text into glyphs.
// Target paiban_shaping; a fixed-layout writer that only embeds fonts links paiban_fonts, never
// this.
//
// Units: glyph advances and offsets are in font units (the HarfBuzz font's scale is the upem).
#pragma once

#include <hb.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "fonts/face.h"

namespace paiban::fonts {

// A glyph as HarfBuzz shaped it.
struct ShapedGlyph {
  uint32_t gid = 0;
  // Byte offset of the cluster's first character in the (whole) text given to shape().
  uint32_t cluster = 0;
  int32_t x_advance = 0;  // font units
  int32_t x_offset = 0;
  int32_t y_offset = 0;
};

// Shapes text[begin, end) with one face, LTR, language zh-Hans, script Han when the slice has a
// Han character, else guessed from the text (Latin, …), else Han; cluster level
// MONOTONE_CHARACTERS. Clusters are byte offsets into `text` (the whole string, not the slice), so
// context before/after the slice is used. Out-of-range offsets are clamped. y_offset is upwards.
std::vector<ShapedGlyph> shape(const Face& face, std::string_view text, size_t begin, size_t end);
// The same with OpenType features (e.g. 'halt' for punctuation compression).
std::vector<ShapedGlyph> shape(const Face& face, std::string_view text, size_t begin, size_t end,
                               std::span<const hb_feature_t> features);

// A stretch of text that one face serves.
struct FaceRun {
  const Face* face = nullptr;
  size_t begin = 0;  // byte offsets into the text
  size_t end = 0;
};

// A character no face of the chain has.
struct MissingChar {
  size_t offset = 0;  // byte offset in the text
  char32_t code_point = 0;
};

// Splits text into runs by face: every character goes to the first face of the chain that has
// it (combining marks, variation selectors, ZWJ and the character a ZWJ joins stay with their
// base; other default-ignorable characters stay in the surrounding run, HarfBuzz hides them).
// Characters that no face has are reported in `missing` (may be null) and stay in the surrounding
// run (they shape to .notdef; layout drops gid 0 so it never reaches a PDF). Adjacent runs of one
// face are merged; the runs cover the whole text. An empty chain gives no runs (and reports
// every character as above). Invalid UTF-8 bytes count as one character (U+FFFD) each.
//
// `latin` (may be null or empty) is consulted first for the characters of the ASCII range
// (is_latin_char): letters, digits and ASCII punctuation are set in the role's Latin face (Times
// New Roman practice), as Word sets them in the w:ascii font; a character the Latin chain lacks
// goes to `chain` as any other.
std::vector<FaceRun> split_by_face(const FaceChain& chain, std::string_view text,
                                   std::vector<MissingChar>* missing,
                                   const FaceChain* latin = nullptr);

// The characters a role's Latin chain serves: printable ASCII and the space (U+0020–U+007E), the
// range Word sets in the w:ascii font.
constexpr bool is_latin_char(char32_t cp) { return cp >= 0x20 && cp <= 0x7E; }

}  // namespace paiban::fonts
