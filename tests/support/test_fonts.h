// The font source of the tests: the system's fonts through fontconfig, listed once per test binary
// and shared by its tests (as the public API's default source is shared by a process's renders).
#pragma once

#include "fonts/font_registry.h"

namespace paiban::test_support {

inline fonts::FontRegistry& test_fonts() {
  static fonts::FontRegistry registry;
  return registry;
}

}  // namespace paiban::test_support
