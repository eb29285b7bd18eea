#include "paiban/diagnostics.h"

#include <algorithm>

namespace paiban {

std::string format_diagnostic(const Diagnostic& d) {
  std::string out;
  if (!d.source.empty()) {
    out += d.source;
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
  if (!d.pointer.empty()) out += d.pointer + ": ";
  out += d.message;
  if (!d.hint.empty()) out += " (" + d.hint + ")";
  return out;
}

bool has_errors(const std::vector<Diagnostic>& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::kError; });
}

}  // namespace paiban
