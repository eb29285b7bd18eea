// Layout entry point: a report and its resolved style → the device-independent page model.
// Layout reads only its arguments (fonts come through the font source passed in); it never fails
// on odd input — it clamps and reports diagnostics.
#pragma once

#include <vector>

#include "fonts/font_source.h"
#include "layout/page_model.h"
#include "paiban/diagnostics.h"
#include "paiban/model.h"
#include "styles/style.h"

namespace paiban::layout {

PageModel layout_document(const Report& report, const styles::Style& style,
                          fonts::FontSource& fonts, std::vector<Diagnostic>& diagnostics);

}  // namespace paiban::layout
