// The PDF writer: page model → PDF bytes.
//
// Reads only the page model and the font files it names, loaded through the FontSource passed in
// and subset by the fonts layer; it never shapes or lays out (it does not link the shaper). PoDoFo
// serves as the object writer only: fonts (Type0, Identity-H, subset CFF or TrueType programs, /W,
// ToUnicode), content streams, outlines and metadata are built here, following
// docs/pdf-fonts-recipe.md.
#pragma once

#include <string>
#include <vector>

#include "fonts/font_source.h"
#include "page/page_model.h"
#include "paiban/diagnostics.h"

namespace paiban::pdf {

struct PdfOptions {
  // Seconds since the Unix epoch used for the creation date when the model has no date
  // (SOURCE_DATE_EPOCH); 0 means 2000-01-01T00:00:00Z. The writer never reads the clock.
  long long source_date_epoch = 0;
  // Write the model's structure tree (when it has one) as a tagged PDF: marked content with
  // MCIDs, /StructTreeRoot, /ParentTree, /MarkInfo. About a quarter more bytes for a report.
  bool tagged = true;
  // Threads the writer may use (the calling thread among them; 0 and 1: the calling thread
  // alone) to subset the fonts and compress the page streams at once. The bytes do not depend
  // on it.
  unsigned threads = 1;
};

// Returns the PDF file bytes. Deterministic: the same model and options give the same bytes.
// `font_source` loads the faces the model's font resources name (by path and index).
// On failure (a font file that cannot be read, a font index out of range, a PoDoFo error) returns
// "" and appends an error diagnostic; never throws. Problems that do not stop the document
// (an unreadable date, a .notdef glyph that was skipped) become warnings.
std::string write_pdf(const page::PageModel& model, const PdfOptions& options,
                      fonts::FontSource& font_source, std::vector<Diagnostic>& diagnostics);

}  // namespace paiban::pdf
