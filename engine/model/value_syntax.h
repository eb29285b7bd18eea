// Syntax of the string values the report format gives a meaning to: lengths, dates, languages.
//
// The reader only checks the syntax; the style layer turns lengths into points.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace paiban::json {

// Where a length is used decides which units it may take.
enum class LengthKind {
  kFontSize,     // a size name ("三号", "小四") or pt, mm, cm, in, em
  kColumnWidth,  // "auto" or pt, mm, cm, in, em, % (of the text width), fr (share of what is left)
  kHeight,       // pt, mm, cm, in, em, line (body lines of the style)
};

// A plain decimal number: digits with at most one '.' ("2", "10.5", ".5", "3."; no sign, no
// exponent, no spaces); nullopt otherwise. The one number parser of the layers that read
// lengths and widths: std::from_chars, so "10.5" reads 10.5 whatever the process locale
// (std::stod, strtod, atof and iostreams would read "10,5" under de_DE and stop at the '.').
std::optional<double> parse_decimal(std::string_view text);

// A positive decimal number ("12", "10.5"; no sign, no exponent) directly followed by a unit.
bool is_length(std::string_view text, LengthKind kind);

// What is_length accepts, for error messages: "a font size such as \"三号\", \"小四\" or \"12pt\"".
std::string_view describe_length(LengthKind kind);

// The Chinese size names (号), largest first: 初号, 小初, 一号, …, 七号, 八号.
std::span<const std::string_view> size_names();

// An ISO 8601 calendar date "YYYY-MM-DD" that exists (2024-02-29 does, 2023-02-29 does not).
bool is_iso_date(std::string_view text);

// A BCP 47 language tag of the simple kind reports use: "zh-CN", "zh-Hans-CN", "en".
bool is_language_tag(std::string_view text);

}  // namespace paiban::json
