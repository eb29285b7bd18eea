#include "sheet.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <span>

#include "enum_names.h"

namespace paiban::styles::detail {
namespace {

// ---------------------------------------------------------------------------------------------
// Limits of property values. Anything outside is a user error, reported and skipped.

// The ranges live with every other limit in paiban_limits.h.
using limits::kMaxGrid;
using limits::kMaxLineSpacing;
using limits::kMaxTextSizePt;
// The smallest type area kept: 1 in each way. Smaller is a typo in the margins.
constexpr double kMinTypeAreaPt = 72;

constexpr std::string_view kExpectRole = "one of song, fang, hei, kai, title";
constexpr std::string_view kExpectSize =
    "a size name such as 三号 or 小四, or a positive length such as \"16pt\"";
constexpr std::string_view kExpectBool = "true or false";
constexpr std::string_view kExpectAlign = "one of left, center, right, justify";
constexpr std::string_view kExpectLabelLayout = "form or align";
constexpr std::string_view kExpectLinePitch =
    "\"grid\" (the page's line grid), \"auto\" (size × line_spacing) or a length such as "
    "\"28pt\" or \"1.5em\"";
constexpr std::string_view kExpectLineSpacing =
    "a positive number such as 1.5 (a multiple of the size)";
constexpr std::string_view kExpectEm = "a number of characters such as \"2em\" or \"2字\"";
constexpr std::string_view kExpectSpace = "a length such as \"12pt\", \"0.5em\" or \"1line\"";
constexpr std::string_view kExpectLength = "a length such as \"37mm\" or \"72pt\"";
constexpr std::string_view kExpectPositiveLength = "a positive length such as \"210mm\"";
constexpr std::string_view kExpectGrid = "a whole number from 0 (no grid) to 200";
constexpr std::string_view kExpectPageNumber =
    "one of none, center, outer (odd pages right, even pages left)";
constexpr std::string_view kExpectFormat =
    "text with one \"{}\" where the number goes, such as \"— {} —\"";
constexpr std::string_view kExpectText = "a string";
constexpr std::string_view kExpectFamilies =
    "a list of font family names (a JSON array, or comma-separated text in an override)";
constexpr std::string_view kExpectFontName = "a non-empty font name";
constexpr std::string_view kExpectPunctuation = "one of quanjiao, banjiao, kaiming, plain";
constexpr std::string_view kExpectKinsoku = "one of none, basic, gb, strict";
constexpr std::string_view kExpectColor = "an RGB colour \"#RRGGBB\", e.g. \"#FF0000\"";

// "#RRGGBB" → components in [0, 1].
bool read_rgb(const Value& v, RgbColor& out) {
  const std::optional<std::string> s = v.string();
  if (!s || s->size() != 7 || (*s)[0] != '#') return false;
  double c[3];
  for (int i = 0; i < 3; ++i) {
    int value = 0;
    for (int k = 0; k < 2; ++k) {
      const char h = (*s)[static_cast<size_t>(1 + 2 * i + k)];
      int d = -1;
      if (h >= '0' && h <= '9') d = h - '0';
      if (h >= 'a' && h <= 'f') d = h - 'a' + 10;
      if (h >= 'A' && h <= 'F') d = h - 'A' + 10;
      if (d < 0) return false;
      value = value * 16 + d;
    }
    c[i] = value / 255.0;
  }
  out = RgbColor{c[0], c[1], c[2]};
  return true;
}

std::string format_rgb(const RgbColor& c) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "#";
  for (double v : {c.r, c.g, c.b}) {
    const int n = static_cast<int>(v * 255 + 0.5);
    out += kHex[(n >> 4) & 15];
    out += kHex[n & 15];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Names of enumerations as written in sheets.

// The role names are the model's (engine/model/enum_names.h), so a sheet and a report spell a
// role alike.
const std::span<const EnumName<FontRole>> kRoles = font_role_names();

constexpr std::string_view kPunctuationSchemes[] = {"quanjiao", "banjiao", "kaiming", "plain"};
constexpr std::string_view kKinsokuLevels[] = {"none", "basic", "gb", "strict"};

// A resolved style never holds kInherit; should one slip through, it is written as the default.
std::string_view role_name(FontRole role) {
  const std::string_view name = name_of(role);
  return name.empty() ? "fang" : name;
}

std::string_view align_name(HAlign align) {
  const std::string_view name = name_of(align);
  return name.empty() ? "justify" : name;
}

std::string_view page_number_name(PageNumberPosition p) {
  switch (p) {
    case PageNumberPosition::kNone:
      return "none";
    case PageNumberPosition::kCenter:
      return "center";
    case PageNumberPosition::kOuter:
      return "outer";
  }
  return "outer";
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// ---------------------------------------------------------------------------------------------
// Readers shared by the property tables: each returns false (leaving `out` alone) when the value
// is not acceptable.

bool read_role(const Value& v, FontRole& out) {
  const std::optional<std::string> s = v.string();
  if (!s) return false;
  if (const std::optional<FontRole> role = parse_font_role(*s)) {
    out = *role;
    return true;
  }
  return false;
}

bool read_align(const Value& v, HAlign& out) {
  const std::optional<std::string> s = v.string();
  if (!s) return false;
  // Sheets also take the British spelling "centre" (reports do not: their names are the model's).
  const std::optional<HAlign> align = *s == "centre" ? HAlign::kCenter : parse_halign(*s);
  if (align) {
    out = *align;
    return true;
  }
  return false;
}

bool read_bool(const Value& v, bool& out) {
  const std::optional<bool> b = v.boolean();
  if (!b) return false;
  out = *b;
  return true;
}

// A text size: a size name or an absolute length, > 0.
bool read_size(const Value& v, double& out) {
  const std::optional<Length> l = v.length();
  if (!l || l->unit != LengthUnit::kPt || l->value <= 0 || l->value > kMaxTextSizePt) return false;
  out = l->value;
  return true;
}

// An absolute length in pt; `positive` excludes 0.
bool read_absolute(const Value& v, double& out, bool positive) {
  const std::optional<Length> l = v.length();
  if (!l || l->unit != LengthUnit::kPt || (positive && l->value <= 0)) return false;
  out = l->value;
  return true;
}

// A count of characters: "2em", "2字" or a bare 2.
bool read_em(const Value& v, double& out) {
  const std::optional<Length> l = v.length();
  if (!l || !(l->unit == LengthUnit::kEm || l->unitless)) return false;
  out = l->value;
  return true;
}

// A space: absolute, em or lines, resolved by finish_style().
bool read_space(const Value& v, Length& out) {
  const std::optional<Length> l = v.length();
  if (!l) return false;
  out = *l;
  return true;
}

bool read_grid(const Value& v, int& out) {
  const std::optional<double> n = v.number();
  if (!n || *n < 0 || *n > kMaxGrid || *n != std::floor(*n)) return false;
  out = static_cast<int>(*n);
  return true;
}

bool read_choice(const Value& v, std::span<const std::string_view> choices, std::string& out) {
  const std::optional<std::string> s = v.string();
  if (!s || std::find(choices.begin(), choices.end(), *s) == choices.end()) return false;
  out = *s;
  return true;
}

bool read_font_name(const Value& v, std::string& out) {
  std::optional<std::string> s = v.string();
  if (!s || trim(*s).empty()) return false;
  out = std::string(trim(*s));
  return true;
}

// ---------------------------------------------------------------------------------------------
// Property tables: name, what is expected (for messages), setter.

template <typename T>
struct Property {
  std::string_view name;
  std::string_view expected;
  bool (*set)(T&, const Value&);
};

struct TextTarget {
  TextStyle& style;
  PendingText& pending;
};

const Property<TextTarget> kTextProperties[] = {
    {"role", kExpectRole, [](TextTarget& t, const Value& v) { return read_role(v, t.style.role); }},
    {"size", kExpectSize,
     [](TextTarget& t, const Value& v) { return read_size(v, t.style.size_pt); }},
    {"bold", kExpectBool, [](TextTarget& t, const Value& v) { return read_bool(v, t.style.bold); }},
    {"italic", kExpectBool,
     [](TextTarget& t, const Value& v) { return read_bool(v, t.style.italic); }},
    {"align", kExpectAlign,
     [](TextTarget& t, const Value& v) { return read_align(v, t.style.align); }},
    {"line_pitch", kExpectLinePitch,
     [](TextTarget& t, const Value& v) {
       const std::optional<std::string> s = v.string();
       if (s && (*s == "grid" || *s == "auto")) {
         t.pending.line_pitch_grid = *s == "grid";
         t.pending.line_pitch = Length{};
         return true;
       }
       const std::optional<Length> l = v.length();
       if (!l || l->unit == LengthUnit::kLine) return false;
       t.pending.line_pitch_grid = false;
       t.pending.line_pitch = *l;
       return true;
     }},
    {"line_spacing", kExpectLineSpacing,
     [](TextTarget& t, const Value& v) {
       const std::optional<double> n = v.number();
       if (!n || *n <= 0 || *n > kMaxLineSpacing) return false;
       t.style.line_spacing = *n;
       return true;
     }},
    {"first_line_indent", kExpectEm,
     [](TextTarget& t, const Value& v) { return read_em(v, t.style.first_line_indent_em); }},
    {"space_before", kExpectSpace,
     [](TextTarget& t, const Value& v) { return read_space(v, t.pending.space_before); }},
    {"space_after", kExpectSpace,
     [](TextTarget& t, const Value& v) { return read_space(v, t.pending.space_after); }},
    {"keep_with_next", kExpectBool,
     [](TextTarget& t, const Value& v) { return read_bool(v, t.style.keep_with_next); }},
};

const Property<PageStyle> kPageProperties[] = {
    {"width", kExpectPositiveLength,
     [](PageStyle& p, const Value& v) { return read_absolute(v, p.width_pt, true); }},
    {"height", kExpectPositiveLength,
     [](PageStyle& p, const Value& v) { return read_absolute(v, p.height_pt, true); }},
    {"margin_top", kExpectLength,
     [](PageStyle& p, const Value& v) { return read_absolute(v, p.margin_top_pt, false); }},
    {"margin_bottom", kExpectLength,
     [](PageStyle& p, const Value& v) { return read_absolute(v, p.margin_bottom_pt, false); }},
    {"margin_left", kExpectLength,
     [](PageStyle& p, const Value& v) { return read_absolute(v, p.margin_left_pt, false); }},
    {"margin_right", kExpectLength,
     [](PageStyle& p, const Value& v) { return read_absolute(v, p.margin_right_pt, false); }},
    {"grid_lines", kExpectGrid,
     [](PageStyle& p, const Value& v) { return read_grid(v, p.grid_lines); }},
    {"grid_chars", kExpectGrid,
     [](PageStyle& p, const Value& v) { return read_grid(v, p.grid_chars); }},
    {"page_number", kExpectPageNumber,
     [](PageStyle& p, const Value& v) {
       const std::optional<std::string> s = v.string();
       if (!s) return false;
       if (*s == "none") {
         p.page_number = PageNumberPosition::kNone;
       } else if (*s == "center" || *s == "centre") {
         p.page_number = PageNumberPosition::kCenter;
       } else if (*s == "outer") {
         p.page_number = PageNumberPosition::kOuter;
       } else {
         return false;
       }
       return true;
     }},
    {"page_number_format", kExpectFormat,
     [](PageStyle& p, const Value& v) {
       const std::optional<std::string> s = v.string();
       if (!s) return false;
       const size_t at = s->find("{}");
       if (at == std::string::npos || s->find("{}", at + 2) != std::string::npos) return false;
       p.page_number_format = *s;
       return true;
     }},
    {"page_number_indent", kExpectEm,
     [](PageStyle& p, const Value& v) { return read_em(v, p.page_number_indent_em); }},
    {"page_number_below", kExpectLength,
     [](PageStyle& p, const Value& v) { return read_absolute(v, p.page_number_below_pt, false); }},
};

const Property<TableStyle> kTableProperties[] = {
    {"cell_padding_h", kExpectLength,
     [](TableStyle& t, const Value& v) { return read_absolute(v, t.cell_padding_h_pt, false); }},
    {"cell_padding_v", kExpectLength,
     [](TableStyle& t, const Value& v) { return read_absolute(v, t.cell_padding_v_pt, false); }},
    {"rule_width", kExpectLength,
     [](TableStyle& t, const Value& v) { return read_absolute(v, t.rule_width_pt, false); }},
    {"frame_width", kExpectLength,
     [](TableStyle& t, const Value& v) { return read_absolute(v, t.frame_width_pt, false); }},
    {"min_font_size", kExpectSize,
     [](TableStyle& t, const Value& v) { return read_size(v, t.min_font_size_pt); }},
    {"label_align", kExpectAlign,
     [](TableStyle& t, const Value& v) { return read_align(v, t.label_align); }},
    {"label_layout", kExpectLabelLayout,
     [](TableStyle& t, const Value& v) {
       const std::optional<std::string> s = v.string();
       if (!s || (*s != "form" && *s != "align")) return false;
       t.label_layout = *s == "form" ? TableStyle::LabelLayout::kForm
                                     : TableStyle::LabelLayout::kAlign;
       return true;
     }},
    {"landscape", kExpectBool,
     [](TableStyle& t, const Value& v) { return read_bool(v, t.landscape); }},
    {"number_align", kExpectAlign,
     [](TableStyle& t, const Value& v) { return read_align(v, t.number_align); }},
    {"repeat_header", kExpectBool,
     [](TableStyle& t, const Value& v) { return read_bool(v, t.repeat_header); }},
    {"keep_rowspan_together", kExpectBool,
     [](TableStyle& t, const Value& v) { return read_bool(v, t.keep_rowspan_together); }},
    {"continuation_label", kExpectText,
     [](TableStyle& t, const Value& v) {
       const std::optional<std::string> s = v.string();
       if (!s) return false;
       t.continuation_label = *s;
       return true;
     }},
};

const Property<FontChain> kFontProperties[] = {
    {"families", kExpectFamilies,
     [](FontChain& f, const Value& v) {
       std::optional<std::vector<std::string>> list = v.list();
       if (!list || list->empty()) return false;
       f.families = std::move(*list);
       return true;
     }},
    {"latin", kExpectFamilies,
     [](FontChain& f, const Value& v) {
       std::optional<std::vector<std::string>> list = v.list();
       if (!list || list->empty()) return false;
       f.latin = std::move(*list);
       return true;
     }},
    {"heavy", kExpectBool, [](FontChain& f, const Value& v) { return read_bool(v, f.heavy); }},
    {"docx_east_asia", kExpectFontName,
     [](FontChain& f, const Value& v) { return read_font_name(v, f.docx_east_asia); }},
    {"docx_ascii", kExpectFontName,
     [](FontChain& f, const Value& v) { return read_font_name(v, f.docx_ascii); }},
};

const Property<Style> kTopLevelProperties[] = {
    {"punctuation", kExpectPunctuation,
     [](Style& s, const Value& v) { return read_choice(v, kPunctuationSchemes, s.punctuation); }},
    {"autospace", kExpectBool, [](Style& s, const Value& v) { return read_bool(v, s.autospace); }},
    {"kinsoku", kExpectKinsoku,
     [](Style& s, const Value& v) { return read_choice(v, kKinsokuLevels, s.kinsoku); }},
    {"red", kExpectColor, [](Style& s, const Value& v) { return read_rgb(v, s.red); }},
    {"line_end_squeeze", kExpectBool,
     [](Style& s, const Value& v) { return read_bool(v, s.line_end_squeeze); }},
};

// Names users reach for from CSS or Word, mapped to ours: a hint edit distance cannot find.
struct Alias {
  std::string_view alias;
  std::string_view property;
};
constexpr Alias kTextAliases[] = {
    {"font_size", "size"},
    {"fontsize", "size"},
    {"font", "role"},
    {"family", "role"},
    {"font_family", "role"},
    {"indent", "first_line_indent"},
    {"text_indent", "first_line_indent"},
    {"line_height", "line_pitch"},
    {"leading", "line_pitch"},
    {"alignment", "align"},
    {"text_align", "align"},
    {"weight", "bold"},
    {"font_weight", "bold"},
    {"margin_top", "space_before"},
    {"margin_bottom", "space_after"},
};

std::string normalize_name(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == '-' || c == ' ') c = '_';
  }
  return out;
}

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

template <typename T>
std::vector<std::string_view> names_of(std::span<const Property<T>> properties) {
  std::vector<std::string_view> names;
  for (const Property<T>& p : properties) names.push_back(p.name);
  return names;
}

template <typename T>
std::optional<Problem> apply_from(std::span<const Property<T>> properties, T& target,
                                  std::string_view name, const Value& value, std::string_view where,
                                  std::string_view hint_prefix,
                                  std::span<const Alias> aliases = {}) {
  for (const Property<T>& p : properties) {
    if (p.name != name) continue;
    if (p.set(target, value)) return std::nullopt;
    return Problem{"expected " + std::string(p.expected) + ", got " + value.describe(), ""};
  }
  Problem problem{"unknown property \"" + std::string(name) + "\" in " + std::string(where), ""};
  const std::string normal = normalize_name(name);
  for (const Alias& a : aliases) {
    if (normal == a.alias) {
      problem.hint = "did you mean \"" + std::string(hint_prefix) + std::string(a.property) + "\"?";
      return problem;
    }
  }
  problem.hint = did_you_mean(name, names_of(properties), hint_prefix);
  return problem;
}

int text_section_index(std::string_view name) {
  for (size_t i = 0; i < kTextSections.size(); ++i) {
    if (kTextSections[i] == name) return static_cast<int>(i);
  }
  return -1;
}

// The TextStyle of text section `index` (kTextSections order), const or not as `style` is.
template <typename S>
auto& text_style(S& style, size_t index) {
  switch (index) {
    case 0:
      return style.title;
    case 1:
      return style.subtitle;
    case 2:
      return style.body;
    case 3:
    case 4:
    case 5:
    case 6:
      return style.heading[index - 3];
    case 7:
      return style.table_cell;
    case 8:
      return style.table_header;
    case 9:
      return style.caption;
    case 10:
      return style.note;
    case 11:
      return style.signature;
    default:
      static_assert(kTextSections.size() == 13 && kTextSections[12] == "page_number");
      return style.page_number;
  }
}

std::string format_number(double value) {
  char buffer[64];
  const auto [end, ec] =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, 4);
  std::string out(buffer, ec == std::errc() ? end : buffer);
  if (out.find('.') != std::string::npos) {
    while (out.back() == '0') out.pop_back();
    if (out.back() == '.') out.pop_back();
  }
  if (out == "-0") out = "0";
  return out;
}

std::string format_pt(double pt) { return format_number(pt) + "pt"; }

std::string format_mm(double pt) { return format_number(pt * 25.4 / 72) + " mm"; }

}  // namespace

// ---------------------------------------------------------------------------------------------
// Value

std::optional<std::string> Value::string() const {
  if (json_ == nullptr) return std::string(text_);
  if (json_->is_string()) return json_->get<std::string>();
  return std::nullopt;
}

std::optional<bool> Value::boolean() const {
  if (json_ != nullptr) {
    if (json_->is_boolean()) return json_->get<bool>();
    return std::nullopt;
  }
  const std::string_view t = trim(text_);
  if (t == "true") return true;
  if (t == "false") return false;
  return std::nullopt;
}

std::optional<double> Value::number() const {
  if (json_ != nullptr) {
    if (json_->is_number()) return json_->get<double>();
    return std::nullopt;
  }
  const std::optional<Length> l = parse_length(text_);
  if (!l || !l->unitless) return std::nullopt;
  return l->value;
}

std::optional<Length> Value::length() const {
  if (json_ != nullptr) {
    if (json_->is_number()) {
      const double n = json_->get<double>();
      if (!std::isfinite(n) || n < 0 || n > kMaxLengthPt) return std::nullopt;
      return Length{n, LengthUnit::kPt, true};
    }
    if (json_->is_string()) return parse_length(json_->get<std::string>());
    return std::nullopt;
  }
  return parse_length(text_);
}

std::optional<std::vector<std::string>> Value::list() const {
  std::vector<std::string> out;
  if (json_ != nullptr && json_->is_array()) {
    for (const Json& item : *json_) {
      if (!item.is_string()) return std::nullopt;
      const std::string_view name = trim(item.get_ref<const std::string&>());
      if (name.empty()) return std::nullopt;
      out.emplace_back(name);
    }
    return out;
  }
  std::optional<std::string> text = string();
  if (!text) return std::nullopt;
  // Comma-separated; a full-width comma is accepted since the names are often Chinese.
  constexpr std::string_view kFullWidthComma = "，";
  std::string_view rest = *text;
  while (true) {
    size_t cut = rest.find(',');
    size_t width = 1;
    const size_t wide = rest.find(kFullWidthComma);
    if (wide < cut) {
      cut = wide;
      width = kFullWidthComma.size();
    }
    const std::string_view name = trim(rest.substr(0, cut));
    if (!name.empty()) out.emplace_back(name);
    if (cut == std::string_view::npos) break;
    rest.remove_prefix(cut + width);
  }
  return out;
}

std::string Value::describe() const {
  if (json_ != nullptr) {
    return json_->dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  }
  return "\"" + std::string(text_) + "\"";
}

// ---------------------------------------------------------------------------------------------
// SheetState

SheetState::SheetState() {
  for (size_t i = 0; i < kTextSections.size(); ++i) {
    const TextStyle& ts = text_style(style, i);
    pending[i].line_pitch = Length{ts.line_pitch_pt, LengthUnit::kPt, false};
    pending[i].space_before = Length{ts.space_before_pt, LengthUnit::kPt, false};
    pending[i].space_after = Length{ts.space_after_pt, LengthUnit::kPt, false};
  }
}

// ---------------------------------------------------------------------------------------------
// Schema queries

bool is_section(std::string_view name) {
  return text_section_index(name) >= 0 || name == "page" || name == "table" || name == "fonts";
}

bool is_top_level_property(std::string_view name) {
  for (const Property<Style>& p : kTopLevelProperties) {
    if (p.name == name) return true;
  }
  return false;
}

bool is_font_role(std::string_view name) {
  return std::any_of(std::begin(kRoles), std::end(kRoles),
                     [&](const EnumName<FontRole>& r) { return r.name == name; });
}

std::vector<std::string_view> top_level_names() {
  std::vector<std::string_view> names = {"name", "extends", "description"};
  names.insert(names.end(), kTextSections.begin(), kTextSections.end());
  names.insert(names.end(), {"page", "table", "fonts"});
  for (const Property<Style>& p : kTopLevelProperties) names.push_back(p.name);
  return names;
}

std::string did_you_mean(std::string_view name, const std::vector<std::string_view>& candidates,
                         std::string_view prefix) {
  const std::string normal = normalize_name(name);
  std::string_view best;
  size_t best_distance = std::string::npos;
  for (std::string_view c : candidates) {
    const size_t d = edit_distance(normal, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  // Close enough to be a typo: two edits, or a third of a long name.
  if (best.empty() || best_distance > std::max<size_t>(2, best.size() / 3)) return "";
  return "did you mean \"" + std::string(prefix) + std::string(best) + "\"?";
}

std::optional<Problem> apply_property(SheetState& state, const std::vector<std::string>& path,
                                      const Value& value, bool dotted_hint) {
  if (path.empty() || path[0].empty()) return Problem{"expected a property path", ""};
  const std::string& section = path[0];
  auto prefix = [&](std::string_view p) { return dotted_hint ? std::string(p) : std::string(); };

  if (path.size() == 1) {
    if (is_section(section)) {
      return Problem{"\"" + section + "\" is a section; expected a property path such as \"" +
                         section + (section == "fonts" ? ".fang.families" : ".size") + "\"",
                     ""};
    }
    std::vector<std::string_view> names;
    for (const Property<Style>& p : kTopLevelProperties) names.push_back(p.name);
    for (std::string_view s : kTextSections) names.push_back(s);
    names.insert(names.end(), {"page", "table", "fonts"});
    for (const Property<Style>& p : kTopLevelProperties) {
      if (p.name != section) continue;
      if (p.set(state.style, value)) return std::nullopt;
      return Problem{"expected " + std::string(p.expected) + ", got " + value.describe(), ""};
    }
    return Problem{"unknown style property \"" + section + "\"", did_you_mean(section, names)};
  }

  const int text_index = text_section_index(section);
  if (!is_section(section)) {
    std::vector<std::string_view> names(kTextSections.begin(), kTextSections.end());
    names.insert(names.end(), {"page", "table", "fonts"});
    return Problem{"unknown style section \"" + section + "\"", did_you_mean(section, names)};
  }
  const std::string where = "\"" + section + "\"";
  if (section == "fonts") {
    std::vector<std::string_view> roles;
    for (const EnumName<FontRole>& r : kRoles) roles.push_back(r.name);
    const auto role = std::find_if(std::begin(kRoles), std::end(kRoles),
                                   [&](const EnumName<FontRole>& r) { return r.name == path[1]; });
    if (role == std::end(kRoles)) {
      return Problem{"unknown font role \"" + path[1] + "\"; expected " + std::string(kExpectRole),
                     did_you_mean(path[1], roles, prefix("fonts."))};
    }
    if (path.size() != 3) {
      return Problem{"expected a path such as \"fonts." + path[1] + ".families\"", ""};
    }
    FontChain& chain = state.style.fonts[role->value];
    return apply_from<FontChain>(kFontProperties, chain, path[2], value,
                                 "\"fonts." + path[1] + "\"", prefix("fonts." + path[1] + "."));
  }
  if (path.size() != 2) {
    return Problem{"expected a path such as \"" + section + "." +
                       std::string(section == "page"    ? "margin_top"
                                   : section == "table" ? "min_font_size"
                                                        : "size") +
                       "\"",
                   ""};
  }
  const std::string hint_prefix = prefix(section + ".");
  if (section == "page") {
    return apply_from<PageStyle>(kPageProperties, state.style.page, path[1], value, where,
                                 hint_prefix);
  }
  if (section == "table") {
    return apply_from<TableStyle>(kTableProperties, state.style.table, path[1], value, where,
                                  hint_prefix);
  }
  TextTarget target{text_style(state.style, static_cast<size_t>(text_index)),
                    state.pending[static_cast<size_t>(text_index)]};
  return apply_from<TextTarget>(kTextProperties, target, path[1], value, where, hint_prefix,
                                kTextAliases);
}

// ---------------------------------------------------------------------------------------------
// Finishing

Style finish_style(SheetState state, const std::map<FontRole, FontChain>& fallback_fonts,
                   std::vector<Diagnostic>& diagnostics) {
  Style style = std::move(state.style);
  PageStyle& page = style.page;

  // The type area must leave room for text; otherwise keep the sheet's other page properties on
  // the default (GB/T 9704) paper and margins.
  const double area_w = page.width_pt - page.margin_left_pt - page.margin_right_pt;
  const double area_h = page.height_pt - page.margin_top_pt - page.margin_bottom_pt;
  if (area_w < kMinTypeAreaPt || area_h < kMinTypeAreaPt) {
    Diagnostic d;
    d.pointer = "/style/page";
    d.message = "the page size and margins leave a type area of " + format_mm(area_w) + " × " +
                format_mm(area_h) + "; expected at least 25.4 mm each way";
    d.hint = "the A4 page and margins of gbt9704 are used";
    diagnostics.push_back(std::move(d));
    const PageStyle defaults;
    page.width_pt = defaults.width_pt;
    page.height_pt = defaults.height_pt;
    page.margin_top_pt = defaults.margin_top_pt;
    page.margin_bottom_pt = defaults.margin_bottom_pt;
    page.margin_left_pt = defaults.margin_left_pt;
    page.margin_right_pt = defaults.margin_right_pt;
  }

  // GB/T 9704-2012 §5.2: the grid's lines fill the type area ("撑满版心"), so one grid line is
  // the type-area height divided by the lines per page. Without a grid, "grid" means "auto".
  const double type_area_h = page.height_pt - page.margin_top_pt - page.margin_bottom_pt;
  const double grid_pitch = page.grid_lines > 0 ? type_area_h / page.grid_lines : 0;

  for (size_t i = 0; i < kTextSections.size(); ++i) {
    TextStyle& ts = text_style(style, i);
    const PendingText& p = state.pending[i];
    double pitch = 0;
    if (p.line_pitch_grid) {
      pitch = grid_pitch;
    } else if (p.line_pitch.unit == LengthUnit::kEm) {
      pitch = p.line_pitch.value * ts.size_pt;
    } else {
      pitch = p.line_pitch.value;
    }
    ts.line_pitch_pt = pitch;
    if (pitch > 0 && pitch < ts.size_pt) {
      Diagnostic d;
      d.severity = Severity::kWarning;
      d.pointer = "/style/" + std::string(kTextSections[i]) + "/line_pitch";
      d.message = "the line pitch " + format_pt(pitch) + " is smaller than the size " +
                  format_pt(ts.size_pt) + "; lines will overlap";
      diagnostics.push_back(std::move(d));
    }
    const double line = pitch > 0 ? pitch : ts.size_pt * ts.line_spacing;
    auto resolve = [&](const Length& l) {
      switch (l.unit) {
        case LengthUnit::kEm:
          return l.value * ts.size_pt;
        case LengthUnit::kLine:
          return l.value * line;
        case LengthUnit::kPt:
          break;
      }
      return l.value;
    };
    ts.space_before_pt = resolve(p.space_before);
    ts.space_after_pt = resolve(p.space_after);
  }

  for (const EnumName<FontRole>& r : kRoles) {
    auto it = style.fonts.find(r.value);
    if (it != style.fonts.end() && !it->second.families.empty()) {
      if (it->second.docx_east_asia.empty()) it->second.docx_east_asia = it->second.families[0];
      if (it->second.docx_ascii.empty() && !it->second.latin.empty()) {
        it->second.docx_ascii = it->second.latin[0];
      }
      continue;
    }
    auto fallback = fallback_fonts.find(r.value);
    if (fallback != fallback_fonts.end()) {
      FontChain& chain = style.fonts[r.value];
      // Keep DOCX names a sheet gave for a role whose families it left out.
      const FontChain given = chain;
      chain = fallback->second;
      if (!given.docx_east_asia.empty()) chain.docx_east_asia = given.docx_east_asia;
      if (!given.latin.empty()) chain.latin = given.latin;
      if (!given.docx_ascii.empty()) {
        chain.docx_ascii = given.docx_ascii;
      } else if (!given.latin.empty()) {
        chain.docx_ascii = given.latin[0];
      }
    }
  }
  return style;
}

// ---------------------------------------------------------------------------------------------
// Writing

Json style_to_json(const Style& style) {
  Json out = Json::object();
  out["name"] = style.name;
  const PageStyle& p = style.page;
  out["page"] = {
      {"width", format_pt(p.width_pt)},
      {"height", format_pt(p.height_pt)},
      {"margin_top", format_pt(p.margin_top_pt)},
      {"margin_bottom", format_pt(p.margin_bottom_pt)},
      {"margin_left", format_pt(p.margin_left_pt)},
      {"margin_right", format_pt(p.margin_right_pt)},
      {"grid_lines", p.grid_lines},
      {"grid_chars", p.grid_chars},
      {"page_number", page_number_name(p.page_number)},
      {"page_number_format", p.page_number_format},
      {"page_number_indent", format_number(p.page_number_indent_em) + "em"},
      {"page_number_below", format_pt(p.page_number_below_pt)},
  };
  for (size_t i = 0; i < kTextSections.size(); ++i) {
    const TextStyle& ts = text_style(style, i);
    out[std::string(kTextSections[i])] = {
        {"role", role_name(ts.role)},
        {"size", format_pt(ts.size_pt)},
        {"bold", ts.bold},
        {"italic", ts.italic},
        {"align", align_name(ts.align)},
        {"line_pitch", ts.line_pitch_pt > 0 ? format_pt(ts.line_pitch_pt) : "auto"},
        {"line_spacing", ts.line_spacing},
        {"first_line_indent", format_number(ts.first_line_indent_em) + "em"},
        {"space_before", format_pt(ts.space_before_pt)},
        {"space_after", format_pt(ts.space_after_pt)},
        {"keep_with_next", ts.keep_with_next},
    };
  }
  const TableStyle& t = style.table;
  out["table"] = {
      {"cell_padding_h", format_pt(t.cell_padding_h_pt)},
      {"cell_padding_v", format_pt(t.cell_padding_v_pt)},
      {"rule_width", format_pt(t.rule_width_pt)},
      {"frame_width", format_pt(t.frame_width_pt)},
      {"min_font_size", format_pt(t.min_font_size_pt)},
      {"label_align", align_name(t.label_align)},
      {"label_layout", t.label_layout == TableStyle::LabelLayout::kForm ? "form" : "align"},
      {"landscape", t.landscape},
      {"number_align", align_name(t.number_align)},
      {"repeat_header", t.repeat_header},
      {"keep_rowspan_together", t.keep_rowspan_together},
      {"continuation_label", t.continuation_label},
  };
  Json fonts = Json::object();
  for (const EnumName<FontRole>& r : kRoles) {
    auto it = style.fonts.find(r.value);
    if (it == style.fonts.end()) continue;
    fonts[std::string(r.name)] = {{"families", it->second.families},
                                  {"latin", it->second.latin},
                                  {"heavy", it->second.heavy},
                                  {"docx_east_asia", it->second.docx_east_asia},
                                  {"docx_ascii", it->second.docx_ascii}};
  }
  out["fonts"] = std::move(fonts);
  out["punctuation"] = style.punctuation;
  out["autospace"] = style.autospace;
  out["kinsoku"] = style.kinsoku;
  out["red"] = format_rgb(style.red);
  out["line_end_squeeze"] = style.line_end_squeeze;
  return out;
}

}  // namespace paiban::styles::detail
