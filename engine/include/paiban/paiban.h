// paiban public API: read a report, check it, render it to PDF and DOCX.
//
// Nothing here throws on bad input: problems come back as diagnostics. Every function is
// deterministic: the same input gives the same bytes (no clock, no locale).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "paiban/diagnostics.h"
#include "paiban/model.h"

namespace paiban {

// "0.1.0"
const char* version();

struct ReadResult {
  std::optional<Report> report;  // set when no error was found
  std::vector<Diagnostic> diagnostics;
};

// Reads a report from JSON text (UTF-8). `source_name` labels the diagnostics ("report.json").
ReadResult read_report_json(std::string_view json_text, std::string_view source_name = "");

// Writes a report as pretty-printed JSON with a stable key order; read_report_json reads it back.
std::string write_report_json(const Report& report);

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
};

struct RenderResult {
  std::string pdf;   // the PDF bytes when asked for and no error occurred
  std::string docx;  // the DOCX bytes when asked for and no error occurred
  std::vector<Diagnostic> diagnostics;
  bool ok() const { return !has_errors(diagnostics); }
};

RenderResult render(const Report& report, const RenderOptions& options);

// Imports the plain-text form of an annual report (headings and paragraphs as lines, tables as
// tab-separated cells). Warnings name the input line of everything that could not be placed.
ReadResult import_text_report(std::string_view text, std::string_view source_name = "");

struct CheckOptions {
  bool strict = false;                  // rule violations are errors instead of warnings
  const Report* previous_year = nullptr;  // checks 上年结转 against last year's 结转下年度
};

// Domain checks of a report's known table forms (Table::form): the cross-check rules
// (勾稽关系) and sums of the annual-report template. Each violation names the table, row and
// column labels and the numbers involved.
std::vector<Diagnostic> check_report_rules(const Report& report, const CheckOptions& options);

// Which font file serves each role of a style on this machine, one line per role.
std::string describe_fonts(const std::string& style);
// The same, with the style's problems returned in `diagnostics` instead of the text.
std::string describe_fonts(const std::string& style, std::vector<Diagnostic>& diagnostics);

// Writes `bytes` to `path` atomically (temp file in the same folder, then rename). On failure the
// existing file is untouched and the returned message says why; empty on success.
std::string write_file_atomic(const std::string& path, std::string_view bytes);

}  // namespace paiban
