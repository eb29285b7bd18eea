// The public API: thin entry points over the internal layers.
#include "fonts/font_registry.h"
#include "importer.h"
#include "json_io.h"
#include "paiban/files.h"
#include "paiban/paiban.h"
#include "pipeline.h"
#include "rules.h"

#ifndef PAIBAN_VERSION
#define PAIBAN_VERSION "0.0.0"
#endif

namespace paiban {

namespace {

// The process-wide font source of the public API, and the only one: fontconfig's fonts are
// listed once per process (tens of milliseconds) and their faces shared by every render. Code
// below this layer never reaches for it; it gets the source as an argument (CONTRIBUTING.md).
fonts::FontRegistry& default_fonts() {
  static fonts::FontRegistry registry;
  return registry;
}

}  // namespace

const char* version() { return PAIBAN_VERSION; }

ReadResult read_report_json(std::string_view json_text, std::string_view source_name) {
  return json::read_report(json_text, source_name);
}

std::string write_report_json(const Report& report) { return json::write_report(report); }

RenderResult render(const Report& report, const RenderOptions& options) {
  return detail::render(report, options, default_fonts());
}

std::vector<Diagnostic> check_report(const Report& report, const RenderOptions& options) {
  return detail::check(report, options, default_fonts());
}

DumpResult dump_stage(const Report& report, const RenderOptions& options, std::string_view stage) {
  return detail::dump(report, options, stage, default_fonts());
}

std::string describe_fonts(const std::string& style) {
  std::vector<Diagnostic> diagnostics;
  RenderOptions options;
  options.style = style;
  std::string fonts = detail::describe_fonts(options, default_fonts(), diagnostics);
  std::string out;
  for (const Diagnostic& d : diagnostics) out += format_diagnostic(d) + '\n';
  return out + fonts;
}

std::string describe_fonts(const std::string& style, std::vector<Diagnostic>& diagnostics) {
  RenderOptions options;
  options.style = style;
  return detail::describe_fonts(options, default_fonts(), diagnostics);
}

std::string describe_fonts(const RenderOptions& options, std::vector<Diagnostic>& diagnostics) {
  return detail::describe_fonts(options, default_fonts(), diagnostics);
}

ReadResult import_text_report(std::string_view text, std::string_view source_name) {
  return import::import_text(text, source_name);
}

ReadResult import_text_file(const std::string& path, std::string& io_error) {
  return import::import_file(path, path == "-" ? "<stdin>" : path, io_error);
}

std::vector<Diagnostic> check_report_rules(const Report& report, const CheckOptions& options) {
  return import::check_rules(report, options);
}

std::string write_file_atomic(const std::string& path, std::string_view bytes) {
  OutputSet outputs;
  std::string error = outputs.stage(path, bytes);
  if (error.empty()) error = outputs.commit();
  return error;
}

}  // namespace paiban
