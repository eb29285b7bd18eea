// Fuzz target: plain-text import. Whatever the importer accepts must be written as JSON that
// paiban's own reader accepts (issue #15: a large import once gave JSON the reader refused).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "importer.h"
#include "json_io.h"
#include "paiban/paiban.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  paiban::ReadResult imported = paiban::import::import_text(text, "fuzz.txt");
  if (!imported.report) return 0;
  const std::string json = paiban::json::write_report(*imported.report);
  if (!paiban::json::read_report(json, "imported.json").report) std::abort();
  return 0;
}
