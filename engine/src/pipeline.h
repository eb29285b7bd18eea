// The pipeline: report + style → resolve → table sizing → layout → page model → PDF, and
// resolved document + table sizes → DOCX.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fonts/font_source.h"
#include "paiban/types.h"

namespace paiban::detail {

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
