// The names of the model's enumerations, one table per enumeration: what the report JSON, style
// sheets and dumps spell them as. Every reader and writer goes through these, so a name is
// spelled once (docs/report-format.md lists the same words).
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "paiban/model.h"
#include "table_grid.h"

namespace paiban {

template <typename E>
struct EnumName {
  std::string_view name;
  E value;
};

// Every named value, in the order documents list them. kInherit has no name: it is the absence
// of the key, never a word.
std::span<const EnumName<FontRole>> font_role_names();  // song fang hei kai title
std::span<const EnumName<HAlign>> halign_names();       // left center right justify
std::span<const EnumName<VAlign>> valign_names();       // top middle bottom
std::span<const EnumName<CellKind>> cell_kind_names();  // header label data
// notice request report letter minutes order
std::span<const EnumName<GongwenKind>> gongwen_kind_names();

// The name of a value; "" for kInherit.
std::string_view name_of(FontRole role);
std::string_view name_of(HAlign align);
std::string_view name_of(VAlign align);
std::string_view name_of(CellKind kind);
std::string_view name_of(GongwenKind kind);

// The value a name stands for (exact, case-sensitive); nullopt for any other text.
std::optional<FontRole> parse_font_role(std::string_view name);
std::optional<HAlign> parse_halign(std::string_view name);
std::optional<VAlign> parse_valign(std::string_view name);
std::optional<CellKind> parse_cell_kind(std::string_view name);
std::optional<GongwenKind> parse_gongwen_kind(std::string_view name);

}  // namespace paiban
