// The pipeline: model → styles → layout → page model → PDF, and model → styles → DOCX.
#pragma once

#include "paiban/paiban.h"

namespace paiban::detail {

RenderResult render(const Report& report, const RenderOptions& options);

}  // namespace paiban::detail
