// Fuzz target: report → PDF and DOCX in memory (reader, styles, layout, both writers), with
// fonts from the system. Style files are never read: the only root does not exist.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fonts/font_registry.h"
#include "json_io.h"
#include "pipeline.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  paiban::ReadResult read = paiban::json::read_report(text, "fuzz.json");
  if (!read.report) return 0;
  paiban::RenderOptions options;
  options.formats = {paiban::OutputFormat::kPdf, paiban::OutputFormat::kDocx};
  options.report_dir = "/nonexistent-fuzz-root";
  static paiban::fonts::FontRegistry fonts;  // the system's, listed once per process
  (void)paiban::detail::render(*read.report, options, fonts);
  return 0;
}
