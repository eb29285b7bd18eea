// The pipeline: model → styles → layout → page model → PDF, and model → styles → DOCX.
#pragma once

#include <string>

#include "paiban/paiban.h"

namespace paiban::detail {

RenderResult render(const Report& report, const RenderOptions& options);

std::string describe_fonts(const std::string& style_name, std::vector<Diagnostic>& diagnostics);

}  // namespace paiban::detail
