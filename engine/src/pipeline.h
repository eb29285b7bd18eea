// The pipeline: model → styles → layout → page model → PDF, and model → styles → DOCX.
#pragma once

#include <string>

#include "fonts/font_source.h"
#include "paiban/types.h"

namespace paiban::detail {

// Renders with `fonts`; when options.font_dirs is not empty, with a registry of those folders
// before the system's fonts instead (a folder that cannot be read is an error diagnostic).
RenderResult render(const Report& report, const RenderOptions& options, fonts::FontSource& fonts);

std::string describe_fonts(const std::string& style_name, fonts::FontSource& fonts);

}  // namespace paiban::detail
