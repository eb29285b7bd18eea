// Text helpers of the importer (UTF-8 itself: engine/model/utf8.h): whitespace tidying, folding
// for fuzzy matching, edit distance, numbers and Chinese numerals. Internal to paiban_import.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "utf8.h"  // decode_utf8, encode_utf8

namespace paiban::import {

// Ideographs, kana, CJK and full-width punctuation, and the curly quotes, dashes and ellipsis that
// Chinese text sets full-width.
bool is_cjk(char32_t c);
bool is_space(char32_t c);  // ASCII blanks, NBSP, U+3000 and the other Unicode spaces

// Trims, and removes the whitespace next to a CJK character: in text extracted from PDF such a
// space is an artefact ("2023 年", "结果 维持"); Chinese text has none, and the layout adds its own
// gaps between CJK and Latin or digits. Whitespace between two non-CJK characters becomes one
// space.
std::string tidy(std::string_view text);

// Removes all whitespace; used to compare text with the source whatever the layout.
std::u32string squash(std::u32string_view text);

// A key for fuzzy label matching: no whitespace; full-width ASCII folded to ASCII; 、 and ．
// folded to '.', curly quotes to straight ones, dashes to '-'.
std::u32string fold(std::string_view text);

// Levenshtein distance over code points, divided by the longer length (0 = equal, 1 = nothing
// in common).
double distance(std::u32string_view a, std::u32string_view b);

// "21", "3985758", "5949.088667", "+1036", "-3", "1,234", "12%" (whitespace ignored).
bool is_number(std::string_view text);
// A data cell's placeholder for "not applicable": "-", "—", "/" and their full-width forms.
bool is_placeholder(std::string_view text);
// An integer count ("21", "1,234", "３"); nullopt for anything else, decimals included.
std::optional<int64_t> parse_count(std::string_view text);

// 一 … 九十九 (and 〇/零 in years) → value; nullopt when `text` is not a Chinese numeral.
std::optional<int> chinese_numeral(std::u32string_view text);

}  // namespace paiban::import
