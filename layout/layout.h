// Layout entry point: a resolved document and its sized tables → the device-independent page
// model. Layout reads only its arguments (fonts come through the font source passed in); it never fails
// on odd input — it clamps and reports diagnostics.
#pragma once

#include <vector>

#include "fonts/font_source.h"
#include "layout/font_context.h"
#include "layout/page_model.h"
#include "layout/table_sizing.h"
#include "resolve/flow_facts.h"
#include "resolve/resolved.h"
#include "paiban/diagnostics.h"
#include "paiban/model.h"
#include "styles/style.h"

namespace paiban::layout {

// Lays out a resolved document whose tables `size_tables` sized, with the fonts of `fonts`
// (whose resources become the page model's fonts). When `flow` is given, it receives what the DOCX
// writer repeats of this layout's decisions (resolve/flow_facts.h).
PageModel layout_document(const resolve::ResolvedDocument& doc, const SizedTables& tables,
                          FontContext& fonts, std::vector<Diagnostic>& diagnostics,
                          resolve::FlowFacts* flow = nullptr);

// Builds what ICU makes once per process for Chinese line and word breaking (the line breaker's
// rules, the dictionary engine titles use): a cold render's first paragraph and first title pay
// for it otherwise. Thread-safe (ICU's caches are); never throws.
void warm_up_text_breaking() noexcept;

}  // namespace paiban::layout
