// The DOCX writer: the resolved document + the table sizes of the table-sizing phase → a
// WordprocessingML package (ECMA-376 / ISO/IEC 29500 Transitional). It decides no rule that the
// PDF's layout also needs: those come resolved.
//
// Word lays the text out itself: the writer never sees glyph positions. It maps every role of
// the resolved style to a named paragraph style, sets the page up as GB/T 9704 asks (A4, type
// area, 22 × 28 document grid, odd/even page-number footers), and writes tables with the exact
// grid the PDF uses (w:gridSpan / w:vMerge for merged cells, repeated header rows).
#pragma once

#include <string>
#include <vector>

#include "paiban/diagnostics.h"
#include "page/image.h"
#include "paiban/model.h"
#include "resolve/flow_facts.h"
#include "resolve/resolved.h"
#include "styles/style.h"

namespace paiban::docx {

struct DocxOptions {
  // Seconds since the Unix epoch (SOURCE_DATE_EPOCH): the package's creation and modification time
  // when Metadata::date is empty or invalid; 0 = 2000-01-01T00:00:00Z. Never the clock.
  long long source_date_epoch = 0;
  // What the PDF's layout decided that the DOCX repeats (resolve/flow_facts.h); null = none.
  const resolve::FlowFacts* flow = nullptr;
  // Images the page model decoded already (the seals, found by their bytes): a picture's pixel
  // size, its aspect ratio, is read from there rather than by decoding the image a second time
  // (a seal of 800 × 800 pixels took a fifth of a 公文's render). Null, or an image not there:
  // the writer decodes it.
  const std::vector<page::ImageResource>* decoded_images = nullptr;
};

// Writes the DOCX package of a resolved document whose tables the table-sizing phase sized
// (`tables`, one entry per table block: column widths, font scale, rows kept together) and
// returns its bytes. Problems come back as warnings in `diagnostics`; on failure (libzip or
// pugixml errors) the result is "" and an error diagnostic is appended. Deterministic: the same
// arguments give the same bytes.
std::string write_docx(const resolve::ResolvedDocument& doc,
                       const std::vector<resolve::TableSize>& tables, const DocxOptions& options,
                       std::vector<Diagnostic>& diagnostics);

}  // namespace paiban::docx
