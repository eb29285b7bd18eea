// Diagnostics: problems in user input, collected and returned, never thrown across the public API.
#pragma once

#include <string>
#include <vector>

#include "paiban/export.h"

namespace paiban {

enum class Severity { kWarning, kError };

struct Diagnostic {
  Severity severity = Severity::kError;
  std::string source;   // file name or "<stdin>"; may be empty
  std::string pointer;  // JSON Pointer (RFC 6901) of the offending value, "" for the whole document
  int line = 0;         // 1-based; 0 when unknown
  int column = 0;       // 1-based; 0 when unknown
  std::string message;  // what is wrong and what was expected
  std::string hint;     // optional: "did you mean …?"
};

// "report.json:3:14: error: /body/7/rows/3/cells/2/rowspan: expected an integer >= 1, got -1"
PAIBAN_API std::string format_diagnostic(const Diagnostic& d);

PAIBAN_API bool has_errors(const std::vector<Diagnostic>& diagnostics);

}  // namespace paiban
