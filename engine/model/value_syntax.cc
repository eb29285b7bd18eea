#include "value_syntax.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

namespace paiban::json {
namespace {

constexpr std::array<std::string_view, 16> kSizeNames = {
    "初号", "小初", "一号", "小一", "二号", "小二", "三号", "小三",
    "四号", "小四", "五号", "小五", "六号", "小六", "七号", "八号"};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Splits "10.5pt" into the number and the unit; false when there is no well-formed positive
// number at the start.
bool split_number(std::string_view text, std::string_view& unit) {
  std::size_t i = 0;
  bool nonzero = false;
  while (i < text.size() && is_digit(text[i])) nonzero |= text[i++] != '0';
  if (i == 0) return false;
  if (i < text.size() && text[i] == '.') {
    const std::size_t fraction_start = ++i;
    while (i < text.size() && is_digit(text[i])) nonzero |= text[i++] != '0';
    if (i == fraction_start) return false;
  }
  unit = text.substr(i);
  return nonzero;
}

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

}  // namespace

std::optional<double> parse_decimal(std::string_view text) {
  bool digit = false;
  bool point = false;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      digit = true;
    } else if (c == '.' && !point) {
      point = true;
    } else {
      return std::nullopt;
    }
  }
  if (!digit) return std::nullopt;
  double value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value, std::chars_format::fixed);
  if (ec != std::errc() || ptr != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

bool is_length(std::string_view text, LengthKind kind) {
  if (kind == LengthKind::kFontSize &&
      std::find(kSizeNames.begin(), kSizeNames.end(), text) != kSizeNames.end()) {
    return true;
  }
  if (kind == LengthKind::kColumnWidth && text == "auto") return true;
  std::string_view unit;
  if (!split_number(text, unit)) return false;
  if (unit == "pt" || unit == "mm" || unit == "cm" || unit == "in" || unit == "em") return true;
  switch (kind) {
    case LengthKind::kFontSize:
      return false;
    case LengthKind::kColumnWidth:
      return unit == "%" || unit == "fr";
    case LengthKind::kHeight:
      return unit == "line";
  }
  return false;
}

std::string_view describe_length(LengthKind kind) {
  switch (kind) {
    case LengthKind::kFontSize:
      return "a font size: a size name such as \"三号\" or \"小四\", or a length such as \"12pt\"";
    case LengthKind::kColumnWidth:
      return "a column width: \"auto\", a length such as \"20mm\", a percentage such as \"15%\", "
             "or a share such as \"2fr\"";
    case LengthKind::kHeight:
      return "a height such as \"1line\", \"12pt\" or \"5mm\"";
  }
  return "a length";
}

std::span<const std::string_view> size_names() { return kSizeNames; }

bool is_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (const std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!is_digit(text[i])) return false;
  }
  auto number = [&](std::size_t from, std::size_t count) {
    int value = 0;
    for (std::size_t i = from; i < from + count; ++i) value = value * 10 + (text[i] - '0');
    return value;
  };
  const int year = number(0, 4);
  const int month = number(5, 2);
  const int day = number(8, 2);
  if (month < 1 || month > 12 || day < 1) return false;
  constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const int days = kDays[month - 1] + (month == 2 && is_leap_year(year) ? 1 : 0);
  return day <= days;
}

bool is_language_tag(std::string_view text) {
  // language (2–3 letters), then subtags of 2–8 letters or digits.
  std::size_t start = 0;
  bool first = true;
  while (true) {
    std::size_t end = text.find('-', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view part = text.substr(start, end - start);
    if (first) {
      if (part.size() < 2 || part.size() > 3 || !std::all_of(part.begin(), part.end(), is_alpha)) {
        return false;
      }
    } else if (part.size() < 2 || part.size() > 8 ||
               !std::all_of(part.begin(), part.end(),
                            [](char c) { return is_alpha(c) || is_digit(c); })) {
      return false;
    }
    if (end == text.size()) return true;
    start = end + 1;
    first = false;
  }
}

}  // namespace paiban::json
