// The pipeline: report + style → resolve → table sizing → layout → page model → PDF, and
// resolved document + table sizes → DOCX.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fonts/font_registry.h"
#include "fonts/font_source.h"
#include "paiban/types.h"

namespace paiban::detail {

// A font registry of `font_dirs` (before the system's fonts when `system_fonts`), or null with an
// error diagnostic when a folder cannot be read: the one rule for RenderOptions::font_dirs and
// EngineOptions.
std::unique_ptr<fonts::FontRegistry> make_font_registry(const std::vector<std::string>& font_dirs,
                                                        bool system_fonts,
                                                        std::vector<Diagnostic>& diagnostics);

// Renders with `fonts`; when options.font_dirs is not empty, with a registry of those folders
// before the system's fonts instead (a folder that cannot be read is an error diagnostic).
RenderResult render(const Report& report, const RenderOptions& options, fonts::FontSource& fonts);

// What render would report, without laying out pages or writing outputs.
std::vector<Diagnostic> check(const Report& report, const RenderOptions& options,
                              fonts::FontSource& fonts);

DumpResult dump(const Report& report, const RenderOptions& options, std::string_view stage,
                fonts::FontSource& fonts);

// Which file serves each role of options.style ("" = gbt9704) with options.font_dirs before
// `fonts`, and whether it is the office font (the chain's first family) or a stand-in.
std::string describe_fonts(const RenderOptions& options, fonts::FontSource& fonts,
                           std::vector<Diagnostic>& diagnostics);

}  // namespace paiban::detail
