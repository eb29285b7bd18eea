// Fuzz target: style sheets. The input is written as a sheet file in a private folder and
// resolved; it may "extends" a built-in style or itself, never a file outside that folder.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "styles/style.h"

namespace {

// A private folder for the sheet, removed at exit.
struct SheetDir {
  SheetDir()
      : path(std::filesystem::temp_directory_path() /
             ("paiban-fuzz-style-" + std::to_string(::getpid()))) {
    std::filesystem::create_directories(path);
  }
  ~SheetDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::filesystem::path path;
};

const std::filesystem::path& sheet_dir() {
  static const SheetDir dir;
  return dir.path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::filesystem::path path = sheet_dir() / "sheet.json";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  std::vector<paiban::Diagnostic> diagnostics;
  paiban::styles::StyleFileAccess access;
  access.roots = {sheet_dir()};
  const paiban::styles::Style style =
      paiban::styles::resolve_style(path.string(), {}, diagnostics, access);
  // A resolved style is always usable: its dump reads back as a sheet.
  (void)paiban::styles::dump_style(style);
  return 0;
}
