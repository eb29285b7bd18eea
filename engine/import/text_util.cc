#include "text_util.h"

#include <algorithm>
#include <vector>

namespace paiban::import {

bool is_cjk(char32_t c) {
  return (c >= 0x2E80 && c <= 0x2FFF) || (c >= 0x3001 && c <= 0x33FF) ||
         (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
         (c >= 0xFF01 && c <= 0xFFEF) || (c >= 0x20000 && c <= 0x3FFFF) || c == 0x2018 ||
         c == 0x2019 || c == 0x201C || c == 0x201D || c == 0x2014 || c == 0x2015 || c == 0x2026 ||
         c == 0x00B7;
}

bool is_space(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0x00A0 ||
         c == 0x3000 || (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F || c == 0xFEFF;
}

std::string tidy(std::string_view text) {
  std::optional<std::u32string> decoded = decode_utf8(text);
  if (!decoded) return std::string(text);
  const std::u32string& s = *decoded;
  std::u32string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    if (!is_space(s[i])) {
      out.push_back(s[i++]);
      continue;
    }
    size_t j = i;
    while (j < s.size() && is_space(s[j])) ++j;
    const bool at_edge = out.empty() || j == s.size();
    if (!at_edge && !is_cjk(out.back()) && !is_cjk(s[j])) out.push_back(' ');
    i = j;
  }
  return encode_utf8(out);
}

std::u32string squash(std::u32string_view text) {
  std::u32string out;
  out.reserve(text.size());
  for (char32_t c : text) {
    if (!is_space(c)) out.push_back(c);
  }
  return out;
}

std::u32string fold(std::string_view text) {
  std::optional<std::u32string> decoded = decode_utf8(text);
  if (!decoded) return {};
  std::u32string out;
  out.reserve(decoded->size());
  for (char32_t c : *decoded) {
    if (is_space(c)) continue;
    if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;  // full-width ASCII forms
    switch (c) {
      case 0x3001:  // 、
      case 0xFF0E:  // ．
        c = '.';
        break;
      case 0x201C:
      case 0x201D:
        c = '"';
        break;
      case 0x2018:
      case 0x2019:
        c = '\'';
        break;
      case 0x2014:
      case 0x2013:
      case 0x2212:
        c = '-';
        break;
      default:
        break;
    }
    out.push_back(c);
  }
  return out;
}

double distance(std::u32string_view a, std::u32string_view b) {
  if (a.empty() && b.empty()) return 0.0;
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t substitute = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, substitute});
    }
    std::swap(prev, cur);
  }
  return static_cast<double>(prev[b.size()]) / static_cast<double>(std::max(a.size(), b.size()));
}

namespace {

// Digits and separators of a number with whitespace removed and full-width forms folded.
std::u32string number_key(std::string_view text) {
  std::u32string key = fold(text);
  for (char32_t& c : key) {
    if (c == 0x2212) c = '-';
  }
  return key;
}

bool is_digit(char32_t c) { return c >= '0' && c <= '9'; }

// [+-]? digits (or 1-3 digits then ,ddd groups) [.digits]? %?
bool match_number(std::u32string_view s, bool* has_fraction) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  const size_t start = i;
  while (i < s.size() && is_digit(s[i])) ++i;
  if (i == start) return false;
  if (i < s.size() && s[i] == ',') {
    if (i - start > 3) return false;
    while (i < s.size() && s[i] == ',') {
      ++i;
      for (int k = 0; k < 3; ++k, ++i) {
        if (i >= s.size() || !is_digit(s[i])) return false;
      }
    }
  }
  *has_fraction = false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    const size_t frac = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    if (i == frac) return false;
    *has_fraction = true;
  }
  if (i < s.size() && s[i] == '%') ++i;
  return i == s.size();
}

}  // namespace

bool is_number(std::string_view text) {
  bool fraction = false;
  const std::u32string key = number_key(text);
  return !key.empty() && match_number(key, &fraction);
}

bool is_placeholder(std::string_view text) {
  const std::u32string key = number_key(text);
  if (key.empty()) return false;
  return std::all_of(key.begin(), key.end(), [](char32_t c) { return c == '-' || c == '/'; });
}

std::optional<int64_t> parse_count(std::string_view text) {
  const std::u32string key = number_key(text);
  bool fraction = false;
  if (key.empty() || !match_number(key, &fraction) || fraction || key.back() == '%') {
    return std::nullopt;
  }
  int64_t value = 0;
  bool negative = false;
  for (char32_t c : key) {
    if (c == '-') negative = true;
    if (!is_digit(c)) continue;
    if (value > (INT64_MAX - 9) / 10) return std::nullopt;
    value = value * 10 + static_cast<int64_t>(c - '0');
  }
  return negative ? -value : value;
}

std::optional<int> chinese_numeral(std::u32string_view text) {
  auto digit = [](char32_t c) -> int {
    switch (c) {
      case U'〇':
      case U'零':
        return 0;
      case U'一':
        return 1;
      case U'二':
        return 2;
      case U'三':
        return 3;
      case U'四':
        return 4;
      case U'五':
        return 5;
      case U'六':
        return 6;
      case U'七':
        return 7;
      case U'八':
        return 8;
      case U'九':
        return 9;
      default:
        return -1;
    }
  };
  if (text.empty() || text.size() > 3) return std::nullopt;
  // 十 / 十N / N十 / N十M / N
  const size_t ten = text.find(U'十');
  if (ten == std::u32string_view::npos) {
    if (text.size() != 1) return std::nullopt;
    const int d = digit(text[0]);
    if (d <= 0) return std::nullopt;
    return d;
  }
  int tens = 1;
  if (ten == 1) {
    tens = digit(text[0]);
    if (tens <= 1) return std::nullopt;
  } else if (ten != 0) {
    return std::nullopt;
  }
  int ones = 0;
  if (ten + 1 < text.size()) {
    if (ten + 2 != text.size()) return std::nullopt;
    ones = digit(text[ten + 1]);
    if (ones <= 0) return std::nullopt;
  }
  return tens * 10 + ones;
}

}  // namespace paiban::import
