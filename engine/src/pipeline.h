// The pipeline: model → styles → layout → page model → PDF, and model → styles → DOCX.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "paiban/paiban.h"

namespace paiban::detail {

RenderResult render(const Report& report, const RenderOptions& options);

// What render would report, without laying out pages or writing outputs.
std::vector<Diagnostic> check(const Report& report, const RenderOptions& options);

DumpResult dump(const Report& report, const RenderOptions& options, std::string_view stage);

std::string describe_fonts(const std::string& style_name);

}  // namespace paiban::detail
