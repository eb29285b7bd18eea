// Rebuilds a table of the plain-text form (one line per row, cells separated by tabs) as a model
// table. Tables whose labels match a known form (forms.h) get the form's full merged-cell geometry
// with the published labels and numbers placed in their cells; any other table becomes a plain
// grid.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "paiban/diagnostics.h"
#include "paiban/model.h"

namespace paiban::import {

// A run of plain text: the importer's text carries no run formatting.
Run make_run(std::string text);

struct SourceLine {
  int number = 0;    // 1-based line number in the input
  std::string text;  // without the line break
};

// `pointer` is the JSON Pointer the table will have ("/body/7"); diagnostics name the input
// lines. Every field of every line ends up in a cell or in a warning.
Table import_table(const std::vector<SourceLine>& lines, std::string_view source_name,
                   const std::string& pointer, std::vector<Diagnostic>& diagnostics);

}  // namespace paiban::import
