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
};

struct RenderResult {
  std::string pdf;   // the PDF bytes when asked for and no error occurred
  std::string docx;  // the DOCX bytes when asked for and no error occurred
  std::vector<Diagnostic> diagnostics;
  bool ok() const { return !has_errors(diagnostics); }
};

RenderResult render(const Report& report, const RenderOptions& options);

// Writes `bytes` to `path` atomically (temp file in the same folder, then rename). On failure the
// existing file is untouched and the returned message says why; empty on success.
std::string write_file_atomic(const std::string& path, std::string_view bytes);

}  // namespace paiban
