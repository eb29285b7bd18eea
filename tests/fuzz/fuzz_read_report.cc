// Fuzz target: JSON → report (reader, style resolution with the report's overrides, table
// grids), and the writer's round trip: a report paiban accepts, written back, reads again.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <variant>

#include "json_io.h"
#include "paiban/paiban.h"
#include "styles/style.h"
#include "table_grid.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  paiban::ReadResult read = paiban::json::read_report(text, "fuzz.json");
  if (!read.report) return 0;
  const paiban::Report& report = *read.report;
  // Style files are never read here: the only root is a folder that does not exist.
  paiban::styles::StyleFileAccess access;
  access.base_dir = "/nonexistent-fuzz-root";
  access.roots = {access.base_dir};
  std::vector<paiban::Diagnostic> diagnostics;
  paiban::styles::resolve_style(report.style.name, report.style.overrides, diagnostics, access);
  for (const paiban::Block& block : report.body) {
    if (const auto* table = std::get_if<paiban::Table>(&block)) {
      paiban::resolve_table_grid(*table);
    }
  }
  const std::string json = paiban::json::write_report(report);
  if (!paiban::json::read_report(json, "round-trip.json").report) std::abort();
  return 0;
}
