// PAIBAN_ASSERT(cond, msg): a broken internal invariant — error channel (b) of CONTRIBUTING.md.
//
// Problems in user input are diagnostics, never assertions; an assertion states something the
// code itself guarantees (column widths sum to the table width, no glyph 0 reaches a font
// subset, a page index names an existing page). When one fails the program is wrong, so it stops
// at once with the file, line, condition and message rather than write a corrupt document.
//
// Active in every build unless PAIBAN_NO_ASSERT is defined: the checks placed with it are cheap
// (a comparison, or a sum over a table's columns), so release builds keep them too.
#pragma once

#include <cstdio>
#include <cstdlib>

namespace paiban::detail {

[[noreturn]] inline void assertion_failed(const char* file, int line, const char* condition,
                                          const char* message) {
  std::fprintf(stderr, "%s:%d: internal error: %s (assertion %s failed)\n", file, line, message,
               condition);
  std::abort();
}

}  // namespace paiban::detail

#ifdef PAIBAN_NO_ASSERT
#define PAIBAN_ASSERT(cond, msg) static_cast<void>(sizeof(static_cast<bool>(cond)))
#else
#define PAIBAN_ASSERT(cond, msg) \
  ((cond) ? static_cast<void>(0) \
          : ::paiban::detail::assertion_failed(__FILE__, __LINE__, #cond, (msg)))
#endif
