// The value types of the public API: what its functions take and return. Internal code includes
// this header, never paiban/paiban.h (the functions of the shared library).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "paiban/diagnostics.h"
#include "paiban/model.h"

namespace paiban {

struct ReadResult {
  std::optional<Report> report;  // set when no error was found
  std::vector<Diagnostic> diagnostics;
};

enum class OutputFormat { kPdf, kDocx };

struct RenderOptions {
  std::vector<OutputFormat> formats = {OutputFormat::kPdf};
  // A built-in style name or a style file path; empty = the report's own style.
  std::string style;
  // Seconds since the epoch used as the documents' creation time when the report has no date
  // (SOURCE_DATE_EPOCH); 0 = 2000-01-01.
  long long source_date_epoch = 0;

  // Files named inside the report (a style sheet and the sheets it "extends") resolve relative
  // to `report_dir` ("" = the current folder) and are read only when they lie, links followed,
  // inside `report_dir` or one of `roots`. A style file given in `style` is the caller's choice:
  // it may lie anywhere, and the sheets it extends must lie beside it or inside `roots`.
  std::string report_dir;
  std::vector<std::string> roots;
  // Font files and folders whose fonts take part before the system's (a family found there is
  // served from there). A folder that cannot be read is an error diagnostic.
  std::vector<std::string> font_dirs;
  // Threads one render may use, the calling thread among them (0 and 1: the calling thread
  // alone). With more, the PDF's font subsets and page streams are made at once and the DOCX is
  // written beside the PDF. The bytes never depend on it. Leave it at 1 when renders already run
  // side by side (a batch with a job per core, a server thread per request).
  unsigned threads = 1;
};

struct RenderResult {
  std::string pdf;   // the PDF bytes when asked for and no error occurred
  std::string docx;  // the DOCX bytes when asked for and no error occurred
  std::vector<Diagnostic> diagnostics;
  bool ok() const { return !has_errors(diagnostics); }
};

// The text of one pipeline stage (dump_stage) and what was found on the way.
struct DumpResult {
  std::string text;
  std::vector<Diagnostic> diagnostics;
  bool ok() const { return !has_errors(diagnostics); }
};

struct CheckOptions {
  bool strict = false;                    // rule violations are errors instead of warnings
  const Report* previous_year = nullptr;  // checks 上年结转 against last year's 结转下年度
};

}  // namespace paiban
