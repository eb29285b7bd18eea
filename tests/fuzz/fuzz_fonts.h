// The font source of the fuzz targets that lay out pages: the subsets checked in under
// tests/fonts/data (the faces of the stage goldens), never the machine's fonts. A crash input
// then replays the same way on every machine, and listing three small files costs nothing per
// process, where fontconfig's scan of the system's fonts would dominate short runs.
#pragma once

#include <string>
#include <vector>

#include "fonts/font_registry.h"

namespace paiban::fuzzing {

inline fonts::FontRegistry& checked_in_fonts() {
  static fonts::FontRegistry registry(std::vector<std::string>{PAIBAN_FUZZ_FONT_DIR});
  return registry;
}

}  // namespace paiban::fuzzing
