// Lengths in style sheets: Chinese size names (号), absolute units, and the relative units that
// can only be resolved once a whole style is known (em of a text size, lines of a line pitch).
//
// Internal to the styles layer; the public entry point is styles::parse_length_pt (style.h).
#pragma once

#include <optional>
#include <string_view>

#include "paiban_limits.h"

namespace paiban::styles::detail {

enum class LengthUnit {
  kPt,    // absolute, already converted to points (pt, mm, cm, in, px, size names)
  kEm,    // multiples of the text size ("2em", "2字")
  kLine,  // multiples of the line pitch ("1line", "1行"), as the layout's spacers use
};

struct Length {
  double value = 0;  // in points for kPt, else a count of em or lines
  LengthUnit unit = LengthUnit::kPt;
  bool unitless = false;  // a bare number: points, or em where a property counts characters
};

// The largest absolute length and em or line count accepted (paiban_limits.h).
inline constexpr double kMaxLengthPt = limits::kMaxLengthPt;
inline constexpr double kMaxRelativeLength = limits::kMaxRelativeLength;

// The point size of a Chinese size name: "三号" → 16, "小四" / "小四号" → 12, "3号" → 16.
// nullopt when `name` is not one.
std::optional<double> chinese_size_pt(std::string_view name);

// Parses a size name, "12pt", "5mm", "1.5cm", "0.5in", "16px", "2em", "2字", "1line", "1行",
// "28磅", "5毫米", "1厘米", or a bare number (unitless). Surrounding ASCII spaces and a space
// between number and unit are allowed; negative, non-finite and out-of-range values are not.
std::optional<Length> parse_length(std::string_view text);

}  // namespace paiban::styles::detail
