// The style-sheet schema: which sections and properties a sheet has, how a value (from a JSON
// style file or from a dotted-path override) is checked and applied to a Style, and how a
// resolved Style is written back as a sheet. README.md documents the format for users.
//
// Internal to the styles layer.
#pragma once

#include <array>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "length.h"
#include "style.h"

namespace paiban::styles::detail {

using Json = nlohmann::ordered_json;

// A value to apply: a JSON value from a style file, or the text of an override. Overrides are
// text only, so every accessor also reads text ("true", "1.5", "宋体,SimSun").
class Value {
 public:
  explicit Value(const Json& json) : json_(&json) {}
  explicit Value(std::string_view text) : text_(text) {}

  std::optional<std::string> string() const;
  std::optional<bool> boolean() const;
  std::optional<double> number() const;
  std::optional<Length> length() const;  // a JSON number is a unitless length
  std::optional<std::vector<std::string>> list() const;
  // The value as it appears in a message: JSON text, or the override text in quotes.
  std::string describe() const;

 private:
  const Json* json_ = nullptr;
  std::string_view text_;
};

// The sections holding a TextStyle, in the order of style.h.
inline constexpr std::array<std::string_view, 13> kTextSections = {
    "title",      "subtitle",     "body",    "heading1", "heading2",  "heading3",   "heading4",
    "table_cell", "table_header", "caption", "note",     "signature", "page_number"};

// Lengths of a text style that depend on properties possibly set later (by a derived sheet or an
// override): its size (em) or its line pitch (lines), or the page (the grid). They are kept as
// given and turned into points by finish_style().
struct PendingText {
  bool line_pitch_grid = false;  // "grid": the type-area height / page.grid_lines
  Length line_pitch;             // otherwise: kPt (0 = size × line_spacing) or kEm
  Length space_before;           // kPt, kEm or kLine
  Length space_after;
};

// A style being resolved: the Style plus its pending lengths.
struct SheetState {
  SheetState();

  Style style;
  std::array<PendingText, kTextSections.size()> pending;
};

// Why a value could not be applied.
struct Problem {
  std::string message;  // "expected …, got …" or "unknown property …"
  std::string hint;     // "did you mean \"size\"?"
};

// Applies one property. `path` is the property's path: {"body", "size"}, {"fonts", "fang",
// "families"}, {"kinsoku"}. `dotted_hint` chooses how a hint names a property: the whole dotted
// path for overrides ("body.size"), the last segment for files (their nesting shows the rest).
std::optional<Problem> apply_property(SheetState& state, const std::vector<std::string>& path,
                                      const Value& value, bool dotted_hint);

// The section names a sheet may hold at the top level, with the top-level properties; used to
// check a file's top level and for hints.
bool is_section(std::string_view name);
bool is_top_level_property(std::string_view name);
bool is_font_role(std::string_view name);
std::vector<std::string_view> top_level_names();

// A "did you mean …?" hint for `name` among `candidates`, or "" when none is close.
std::string did_you_mean(std::string_view name, const std::vector<std::string_view>& candidates,
                         std::string_view prefix = "");

// Turns pending lengths into points, checks what needs the whole style (the type area), and
// fills font roles a sheet left out from `fallback_fonts`. Problems become diagnostics.
Style finish_style(SheetState state, const std::map<FontRole, FontChain>& fallback_fonts,
                   std::vector<Diagnostic>& diagnostics);

// A resolved style as a style sheet in which every property is given (lengths in pt).
Json style_to_json(const Style& style);

}  // namespace paiban::styles::detail
