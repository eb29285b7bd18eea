#include "enum_names.h"

#include <array>

namespace paiban {

namespace {

constexpr std::array<EnumName<FontRole>, 5> kFontRoles = {{{"song", FontRole::kSong},
                                                           {"fang", FontRole::kFang},
                                                           {"hei", FontRole::kHei},
                                                           {"kai", FontRole::kKai},
                                                           {"title", FontRole::kTitle}}};
constexpr std::array<EnumName<HAlign>, 4> kHAligns = {{{"left", HAlign::kLeft},
                                                       {"center", HAlign::kCenter},
                                                       {"right", HAlign::kRight},
                                                       {"justify", HAlign::kJustify}}};
constexpr std::array<EnumName<VAlign>, 3> kVAligns = {
    {{"top", VAlign::kTop}, {"middle", VAlign::kMiddle}, {"bottom", VAlign::kBottom}}};
constexpr std::array<EnumName<CellKind>, 3> kCellKinds = {
    {{"header", CellKind::kHeader}, {"label", CellKind::kLabel}, {"data", CellKind::kData}}};
constexpr std::array<EnumName<GongwenKind>, 6> kGongwenKinds = {{{"notice", GongwenKind::kNotice},
                                                                 {"request", GongwenKind::kRequest},
                                                                 {"report", GongwenKind::kReport},
                                                                 {"letter", GongwenKind::kLetter},
                                                                 {"minutes", GongwenKind::kMinutes},
                                                                 {"order", GongwenKind::kOrder}}};

template <typename E, size_t N>
std::string_view find_name(const std::array<EnumName<E>, N>& table, E value) {
  for (const EnumName<E>& n : table) {
    if (n.value == value) return n.name;
  }
  return "";
}

template <typename E, size_t N>
std::optional<E> find_value(const std::array<EnumName<E>, N>& table, std::string_view name) {
  for (const EnumName<E>& n : table) {
    if (n.name == name) return n.value;
  }
  return std::nullopt;
}

}  // namespace

std::span<const EnumName<FontRole>> font_role_names() { return kFontRoles; }
std::span<const EnumName<HAlign>> halign_names() { return kHAligns; }
std::span<const EnumName<VAlign>> valign_names() { return kVAligns; }
std::span<const EnumName<CellKind>> cell_kind_names() { return kCellKinds; }
std::span<const EnumName<GongwenKind>> gongwen_kind_names() { return kGongwenKinds; }

std::string_view name_of(FontRole role) { return find_name(kFontRoles, role); }
std::string_view name_of(HAlign align) { return find_name(kHAligns, align); }
std::string_view name_of(VAlign align) { return find_name(kVAligns, align); }
std::string_view name_of(CellKind kind) { return find_name(kCellKinds, kind); }
std::string_view name_of(GongwenKind kind) { return find_name(kGongwenKinds, kind); }

std::optional<FontRole> parse_font_role(std::string_view name) {
  return find_value(kFontRoles, name);
}
std::optional<HAlign> parse_halign(std::string_view name) { return find_value(kHAligns, name); }
std::optional<VAlign> parse_valign(std::string_view name) { return find_value(kVAligns, name); }
std::optional<CellKind> parse_cell_kind(std::string_view name) {
  return find_value(kCellKinds, name);
}
std::optional<GongwenKind> parse_gongwen_kind(std::string_view name) {
  return find_value(kGongwenKinds, name);
}

}  // namespace paiban
