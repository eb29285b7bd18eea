// The public API: thin entry points over the internal layers.
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "fonts/font_registry.h"
#include "importer.h"
#include "json_io.h"
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
  return detail::describe_fonts(style, default_fonts());
}

ReadResult import_text_report(std::string_view text, std::string_view source_name) {
  return import::import_text(text, source_name);
}

std::vector<Diagnostic> check_report_rules(const Report& report, const CheckOptions& options) {
  return import::check_rules(report, options);
}

std::string write_file_atomic(const std::string& path, std::string_view bytes) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  fs::path dir = target.parent_path();
  if (dir.empty()) dir = ".";
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return "folder " + dir.string() + " does not exist";
  if (fs::is_directory(target, ec)) return path + " is a folder";
  // A temp file beside the target, so that rename() stays on one file system.
  std::string tmp_template = (dir / ("." + target.filename().string() + ".XXXXXX")).string();
  int fd = mkstemp(tmp_template.data());
  if (fd < 0) return "cannot create a temporary file in " + dir.string() + ": " +
                     std::generic_category().message(errno);
  // mkstemp creates the file 0600; give it the permissions an ordinary new file would have.
  fchmod(fd, 0644);
  FILE* f = fdopen(fd, "wb");
  if (f == nullptr) {
    close(fd);
    unlink(tmp_template.c_str());
    return "cannot open a temporary file in " + dir.string();
  }
  bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  ok = (std::fflush(f) == 0) && ok;
  ok = (fsync(fileno(f)) == 0) && ok;
  ok = (std::fclose(f) == 0) && ok;
  if (!ok || std::rename(tmp_template.c_str(), path.c_str()) != 0) {
    std::string why = std::generic_category().message(errno);
    unlink(tmp_template.c_str());
    return "cannot write " + path + ": " + why;
  }
  return {};
}

}  // namespace paiban
