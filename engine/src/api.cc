// The public API: thin entry points over the internal layers.
#include <exception>
#include <memory>
#include <utility>

#if __has_include(<malloc.h>)
#include <malloc.h>  // mallopt (glibc)
#endif

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

struct Engine::Impl {
  std::unique_ptr<fonts::FontRegistry> fonts;  // null when a font folder could not be read
  std::vector<Diagnostic> diagnostics;         // why fonts is null
};

namespace {

// The engine's font source; null, with `diagnostics` saying why, when a folder cannot be read.
std::unique_ptr<fonts::FontRegistry> make_fonts(const EngineOptions& options,
                                                std::vector<Diagnostic>& diagnostics) {
  return detail::make_font_registry(options.font_dirs, options.system_fonts, diagnostics);
}

// An engine that cannot serve fonts (a folder could not be read, or it was moved from) answers
// every call with why: `diagnostics` is the engine's, null when it was moved from.
std::vector<Diagnostic> unusable(const std::vector<Diagnostic>* diagnostics) {
  if (diagnostics != nullptr && !diagnostics->empty()) return *diagnostics;
  Diagnostic d;
  d.message = "this engine has no fonts (it was moved from)";
  return {d};
}

// The process-wide engine of the free functions, and the only process-wide font source: the
// system's fonts are listed once per process (tens of milliseconds) and their faces shared by
// every render. Code below this layer never reaches for it; it gets the source as an argument
// (CONTRIBUTING.md).
const Engine& default_engine() {
  static const Engine engine;
  return engine;
}

}  // namespace

Engine::Engine() : Engine(EngineOptions{}) {}
Engine::Engine(const EngineOptions& options) : impl_(std::make_unique<Impl>()) {
  impl_->fonts = make_fonts(options, impl_->diagnostics);
}
Engine::~Engine() = default;
Engine::Engine(Engine&& other) noexcept = default;
Engine& Engine::operator=(Engine&& other) noexcept = default;

bool Engine::ok() const { return impl_ != nullptr && impl_->fonts != nullptr; }

const std::vector<Diagnostic>& Engine::diagnostics() const {
  static const std::vector<Diagnostic> kMovedFrom = unusable(nullptr);
  return impl_ != nullptr ? impl_->diagnostics : kMovedFrom;
}

RenderResult Engine::render(const Report& report, const RenderOptions& options) const {
  if (!ok()) return RenderResult{{}, {}, unusable(impl_ ? &impl_->diagnostics : nullptr)};
  return detail::render(report, options, *impl_->fonts);
}

std::vector<Diagnostic> Engine::check_report(const Report& report,
                                             const RenderOptions& options) const {
  if (!ok()) return unusable(impl_ ? &impl_->diagnostics : nullptr);
  return detail::check(report, options, *impl_->fonts);
}

DumpResult Engine::dump_stage(const Report& report, const RenderOptions& options,
                              std::string_view stage) const {
  if (!ok()) return DumpResult{{}, unusable(impl_ ? &impl_->diagnostics : nullptr)};
  return detail::dump(report, options, stage, *impl_->fonts);
}

std::string Engine::describe_fonts(const std::string& style,
                                   std::vector<Diagnostic>& diagnostics) const {
  RenderOptions options;
  options.style = style;
  return describe_fonts(options, diagnostics);
}

std::string Engine::describe_fonts(const RenderOptions& options,
                                   std::vector<Diagnostic>& diagnostics) const {
  if (!ok()) {
    for (Diagnostic& d : unusable(impl_ ? &impl_->diagnostics : nullptr)) {
      diagnostics.push_back(std::move(d));
    }
    return {};
  }
  return detail::describe_fonts(options, *impl_->fonts, diagnostics);
}

const char* version() { return PAIBAN_VERSION; }

bool prepare_process_heap() {
#if defined(__GLIBC__) && defined(M_TRIM_THRESHOLD) && !defined(__SANITIZE_ADDRESS__) && \
    !defined(__SANITIZE_THREAD__)
  // Both are process-wide settings of glibc's malloc (mallopt(3)); each returns 1 when taken.
  const bool mapped = mallopt(M_MMAP_THRESHOLD, 32 << 20) == 1;
  const bool trimmed = mallopt(M_TRIM_THRESHOLD, 256 << 20) == 1;
  return mapped && trimmed;
#else
  return false;
#endif
}

ReadResult read_report_json(std::string_view json_text, std::string_view source_name) {
  return json::read_report(json_text, source_name);
}

std::string write_report_json(const Report& report) { return json::write_report(report); }

RenderResult render(const Report& report, const RenderOptions& options) {
  return default_engine().render(report, options);
}

std::vector<Diagnostic> check_report(const Report& report, const RenderOptions& options) {
  return default_engine().check_report(report, options);
}

DumpResult dump_stage(const Report& report, const RenderOptions& options, std::string_view stage) {
  return default_engine().dump_stage(report, options, stage);
}

std::string describe_fonts(const std::string& style) {
  std::vector<Diagnostic> diagnostics;
  std::string fonts = default_engine().describe_fonts(style, diagnostics);
  std::string out;
  for (const Diagnostic& d : diagnostics) out += format_diagnostic(d) + '\n';
  return out + fonts;
}

std::string describe_fonts(const std::string& style, std::vector<Diagnostic>& diagnostics) {
  return default_engine().describe_fonts(style, diagnostics);
}

std::string describe_fonts(const RenderOptions& options, std::vector<Diagnostic>& diagnostics) {
  return default_engine().describe_fonts(options, diagnostics);
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
