// paiban public API: read a report, check it, render it to PDF and DOCX.
//
// Nothing here throws on bad input: problems come back as diagnostics. Every function is
// deterministic: the same input gives the same bytes (no clock, no locale).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "paiban/diagnostics.h"
#include "paiban/export.h"
#include "paiban/model.h"
#include "paiban/types.h"

namespace paiban {

// "0.1.0"
PAIBAN_API const char* version();

// For a process whose main work is rendering (a server, a batch tool, the CLI): sets glibc's
// allocator so that the memory one render frees serves the next, rather than going back to the
// system and being faulted in again. Blocks up to 32 MB come from the heap (M_MMAP_THRESHOLD)
// and the heap is trimmed only past 256 MB free (M_TRIM_THRESHOLD). It matters most for DOCX
// renders: they allocate nothing large enough to raise glibc's own thresholds, so by default the
// heap is given back after each one (the seed to DOCX in a Python loop: 160 page faults and
// 4.9 ms a render, after this none and 3.0 ms on a 2-core machine of the kind CI uses). Changes
// the whole process's allocator: the library never calls it on its own. Call it once, early;
// without glibc (or under a sanitizer's allocator) it does nothing and returns false.
PAIBAN_API bool prepare_process_heap();

struct EngineOptions {
  // Font files and folders (searched recursively) whose fonts take part before the system's: a
  // family found there is served from there.
  std::vector<std::string> font_dirs;
  // Whether the fonts fontconfig knows (the system's and the user's) take part.
  bool system_fonts = true;
};

// An engine owns a font source: fonts are listed once and every face is loaded once, then shared
// by every call on it. Create one per process (or per set of font folders) and reuse it.
//
// Thread safety: an engine may be shared by any number of threads; its member functions may run
// concurrently (the font source is internally locked, and every call keeps its own state).
//
// A font folder that cannot be read does not throw: the engine is created unusable, ok() is
// false, and every call returns the folder's error diagnostic.
class PAIBAN_API Engine {
 public:
  Engine();  // the system's fonts
  explicit Engine(const EngineOptions& options);
  ~Engine();
  Engine(Engine&& other) noexcept;
  Engine& operator=(Engine&& other) noexcept;
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // False when a font folder could not be read (diagnostics() says which).
  bool ok() const;
  // The problems found while creating the engine; empty when ok().
  const std::vector<Diagnostic>& diagnostics() const;

  // What the free functions of the same name do, with this engine's fonts.
  RenderResult render(const Report& report, const RenderOptions& options) const;
  std::vector<Diagnostic> check_report(const Report& report, const RenderOptions& options) const;
  DumpResult dump_stage(const Report& report, const RenderOptions& options,
                        std::string_view stage) const;
  std::string describe_fonts(const std::string& style, std::vector<Diagnostic>& diagnostics) const;
  // The same for the style and font folders of `options` (--font-path).
  std::string describe_fonts(const RenderOptions& options,
                             std::vector<Diagnostic>& diagnostics) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Reads a report from JSON text (UTF-8). `source_name` labels the diagnostics ("report.json").
PAIBAN_API ReadResult read_report_json(std::string_view json_text,
                                       std::string_view source_name = "");

// Writes a report as pretty-printed JSON with a stable key order; read_report_json reads it back.
PAIBAN_API std::string write_report_json(const Report& report);

// The free functions below that lay out text use one process-wide engine over the system's
// fonts (created on first use); an Engine of your own chooses the fonts.
PAIBAN_API RenderResult render(const Report& report, const RenderOptions& options);

// Everything render would reject, found without laying out pages or writing anything: the style
// (unknown name, bad override), the resolve phase, and table sizing (a table that cannot fit),
// with the same messages and JSON Pointers as render.
PAIBAN_API std::vector<Diagnostic> check_report(const Report& report,
                                               const RenderOptions& options);

// One stage of the pipeline as stable text (`paiban dump`): "resolved" (every block's final
// properties), "grid" (each table's resolved grid), "widths" (the table-sizing phase's decisions),
// "lines" (the laid-out lines, page by page), "pages" (the page model).
PAIBAN_API DumpResult dump_stage(const Report& report, const RenderOptions& options,
                                 std::string_view stage);

// Imports the plain-text form of an annual report (headings and paragraphs as lines, tables as
// tab-separated cells), or a 公文 in the labelled field form ("标题: …", "正文:" then its lines;
// the report then has `gongwen`). Warnings name the input line of everything that could not be
// placed.
PAIBAN_API ReadResult import_text_report(std::string_view text, std::string_view source_name = "");
// The same, streamed from the file `path` ("-" = standard input) line by line: at most 16 MiB
// (limits::kMaxImportBytes) is read, and the text is never held whole. When the file cannot be
// read — not found, not a regular file, too large — `io_error` says why (for a file too large,
// "path:LINE: too large", the line where the limit falls) and no report is returned; problems in
// the text itself are diagnostics, as with import_text_report.
PAIBAN_API ReadResult import_text_file(const std::string& path, std::string& io_error);

// Domain checks of a report's known table forms (Table::form): the cross-check rules
// (勾稽关系) and sums of the annual-report template. Each violation names the table, row and
// column labels and the numbers involved.
PAIBAN_API std::vector<Diagnostic> check_report_rules(const Report& report,
                                                      const CheckOptions& options);

// Which font file serves each role of a style on this machine, one line per role.
PAIBAN_API std::string describe_fonts(const std::string& style);
// The same, with the style's problems returned in `diagnostics` instead of the text.
PAIBAN_API std::string describe_fonts(const std::string& style,
                                      std::vector<Diagnostic>& diagnostics);
// The same for options.style with the fonts of options.font_dirs before the system's (as render
// sees them); each role says whether its face is the office font or a stand-in.
PAIBAN_API std::string describe_fonts(const RenderOptions& options,
                                      std::vector<Diagnostic>& diagnostics);

// Writes `bytes` to `path` atomically (temp file in the same folder, then rename). On failure the
// existing file is untouched and the returned message says why; empty on success.
PAIBAN_API std::string write_file_atomic(const std::string& path, std::string_view bytes);

}  // namespace paiban
