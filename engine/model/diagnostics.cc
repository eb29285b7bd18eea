#include "paiban/diagnostics.h"

#include <algorithm>

#include "file_io.h"

namespace paiban {

// Every part is escaped (issue #15): a key, a file name or a text echoed from the input may hold
// ESC, CSI (U+009B), NUL or a bidi override, which would forge a diagnostic line or drive the
// terminal.
std::string format_diagnostic(const Diagnostic& d) {
  using io::escape_for_terminal;
  std::string out;
  if (!d.source.empty()) {
    out += escape_for_terminal(d.source);
    if (d.line > 0) {
      out += ':' + std::to_string(d.line);
      if (d.column > 0) out += ':' + std::to_string(d.column);
    }
    out += ": ";
  } else if (d.line > 0) {
    out += "line " + std::to_string(d.line);
    if (d.column > 0) out += ", column " + std::to_string(d.column);
    out += ": ";
  }
  out += d.severity == Severity::kError ? "error: " : "warning: ";
  if (!d.pointer.empty()) out += escape_for_terminal(d.pointer) + ": ";
  out += escape_for_terminal(d.message);
  if (!d.hint.empty()) out += " (" + escape_for_terminal(d.hint) + ")";
  return out;
}

bool has_errors(const std::vector<Diagnostic>& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::kError; });
}

}  // namespace paiban
