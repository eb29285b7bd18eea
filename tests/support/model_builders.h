// Small builders of report-model values for tests: a run, a paragraph and a table cell of plain
// text.
#pragma once

#include <string>
#include <utility>

#include "paiban/model.h"

namespace paiban::test_support {

inline Run text_run(std::string text) {
  Run r;
  r.text = std::move(text);
  return r;
}

inline Paragraph paragraph(std::string text) {
  Paragraph p;
  p.runs.push_back(text_run(std::move(text)));
  return p;
}

inline TableCell cell(std::string text, int rowspan = 1, int colspan = 1) {
  TableCell c;
  c.paragraphs.push_back(paragraph(std::move(text)));
  c.rowspan = rowspan;
  c.colspan = colspan;
  return c;
}

}  // namespace paiban::test_support
