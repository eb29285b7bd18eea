// Fuzz target: report → PDF and DOCX in memory (reader, styles, layout, both writers), with the
// font subsets checked in under tests/fonts/data (characters they lack are missing-glyph
// warnings, a path worth fuzzing too). Style files are never read: the only root does not exist.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_fonts.h"
#include "json_io.h"
#include "pipeline.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  paiban::ReadResult read = paiban::json::read_report(text, "fuzz.json");
  if (!read.report) return 0;
  paiban::RenderOptions options;
  options.formats = {paiban::OutputFormat::kPdf, paiban::OutputFormat::kDocx};
  options.report_dir = "/nonexistent-fuzz-root";
  (void)paiban::detail::render(*read.report, options, paiban::fuzzing::checked_in_fonts());
  return 0;
}
