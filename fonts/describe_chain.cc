// describe_chain: a human-readable account of which face serves each family of a role.
#include "font_source.h"

namespace paiban::fonts {

std::string describe_chain(FontSource& fonts, std::string_view role,
                           const std::vector<std::string>& families, bool bold) {
  std::string line(role);
  line += ':';
  if (families.empty()) line += " (no families) → none";
  for (size_t i = 0; i < families.size(); ++i) {
    line += i == 0 ? " " : "; ";
    line += families[i];
    line += " → ";
    const Face* face = fonts.find(families[i], bold);
    if (face == nullptr) {
      line += "none";
      continue;
    }
    line += face->path();
    line += ':';
    line += std::to_string(face->index());
    line += ':';
    line += face->family();
  }
  return line;
}

}  // namespace paiban::fonts
