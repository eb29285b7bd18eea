#include "length.h"

#include <cmath>
#include <optional>
#include <string>

#include "style.h"
#include "value_syntax.h"

namespace paiban::styles {
namespace detail {
namespace {

struct SizeName {
  std::string_view name;
  double pt;
};

// The Chinese size names (号) in points, as printed in Word/WPS and in gbt9704.md.
constexpr SizeName kSizeNames[] = {
    {"初号", 42},  {"小初", 36},  {"一号", 26},  {"小一", 24}, {"二号", 22},   {"小二", 18},
    {"三号", 16},  {"小三", 15},  {"四号", 14},  {"小四", 12}, {"五号", 10.5}, {"小五", 9},
    {"六号", 7.5}, {"小六", 6.5}, {"七号", 5.5}, {"八号", 5},
};

// GB/T 9704-2012 writes sizes with Arabic digits ("3号仿宋", "4号半角宋体").
constexpr double kArabicSizes[] = {26, 22, 16, 14, 10.5, 7.5, 5.5, 5};  // 1号 … 8号

constexpr std::string_view kHao = "号";

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

struct Unit {
  std::string_view name;
  LengthUnit unit;
  double pt_per_unit;  // for kPt; 1 for the relative units
};

constexpr double kPtPerMm = 72.0 / 25.4;
constexpr Unit kUnits[] = {
    {"pt", LengthUnit::kPt, 1},
    {"磅", LengthUnit::kPt, 1},
    {"mm", LengthUnit::kPt, kPtPerMm},
    {"毫米", LengthUnit::kPt, kPtPerMm},
    {"cm", LengthUnit::kPt, kPtPerMm * 10},
    {"厘米", LengthUnit::kPt, kPtPerMm * 10},
    {"in", LengthUnit::kPt, 72},
    {"英寸", LengthUnit::kPt, 72},
    {"px", LengthUnit::kPt, 0.75},  // CSS px: 1/96 in
    {"em", LengthUnit::kEm, 1},
    {"字", LengthUnit::kEm, 1},
    {"line", LengthUnit::kLine, 1},
    {"lines", LengthUnit::kLine, 1},
    {"行", LengthUnit::kLine, 1},
};

}  // namespace

std::optional<double> chinese_size_pt(std::string_view name) {
  name = trim(name);
  for (const SizeName& s : kSizeNames) {
    if (name == s.name) return s.pt;
    // "小四号" is as common as "小四".
    if (name.size() == s.name.size() + kHao.size() && name.substr(0, s.name.size()) == s.name &&
        name.substr(s.name.size()) == kHao && s.name.substr(s.name.size() - kHao.size()) != kHao) {
      return s.pt;
    }
  }
  if (name.size() == 1 + kHao.size() && name.substr(1) == kHao && name[0] >= '1' &&
      name[0] <= '8') {
    return kArabicSizes[name[0] - '1'];
  }
  return std::nullopt;
}

std::optional<Length> parse_length(std::string_view text) {
  text = trim(text);
  if (auto pt = chinese_size_pt(text)) return Length{*pt, LengthUnit::kPt, false};

  // A plain decimal: digits with at most one point, at least one digit, no sign or exponent
  // (a sign would only ever mean a negative length, which no property accepts).
  size_t end = 0;
  bool digits = false;
  bool point = false;
  for (; end < text.size(); ++end) {
    const char c = text[end];
    if (c >= '0' && c <= '9') {
      digits = true;
    } else if (c == '.' && !point) {
      point = true;
    } else {
      break;
    }
  }
  if (!digits) return std::nullopt;
  // The model's parser (value_syntax.h): locale-independent, so "10.5pt" is 10.5 pt everywhere.
  const std::optional<double> parsed = json::parse_decimal(text.substr(0, end));
  if (!parsed) return std::nullopt;
  const double value = *parsed;

  const std::string unit_text = ascii_lower(trim(text.substr(end)));
  if (unit_text.empty()) {
    if (value > kMaxLengthPt) return std::nullopt;
    return Length{value, LengthUnit::kPt, true};
  }
  for (const Unit& u : kUnits) {
    if (unit_text != u.name) continue;
    if (u.unit == LengthUnit::kPt) {
      const double pt = value * u.pt_per_unit;
      if (pt > kMaxLengthPt) return std::nullopt;
      return Length{pt, LengthUnit::kPt, false};
    }
    if (value > kMaxRelativeLength) return std::nullopt;
    return Length{value, u.unit, false};
  }
  return std::nullopt;
}

}  // namespace detail

std::optional<double> parse_length_pt(const std::string& text, double em_pt) {
  const std::optional<detail::Length> length = detail::parse_length(text);
  if (!length) return std::nullopt;
  switch (length->unit) {
    case detail::LengthUnit::kPt:
      return length->value;
    case detail::LengthUnit::kEm:
      if (!std::isfinite(em_pt) || em_pt < 0) return std::nullopt;
      return length->value * em_pt;
    case detail::LengthUnit::kLine:
      return std::nullopt;  // needs a line pitch, which only a style knows
  }
  return std::nullopt;
}

}  // namespace paiban::styles
