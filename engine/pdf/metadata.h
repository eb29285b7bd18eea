// Document metadata: the creation date (from the model or SOURCE_DATE_EPOCH, never the clock)
// and the XMP packet that mirrors the Info dictionary.
#pragma once

#include <string>
#include <vector>

#include "page/page_model.h"
#include "paiban/diagnostics.h"

namespace paiban::pdf {

// Creator and Producer of every document.
inline constexpr char kCreator[] = "paiban";

// The creation date in both notations. A model date "2023-03-15" stays a date without a time
// ("D:20230315", "2023-03-15": both formats allow it, and inventing midnight in some time zone
// would be wrong); an epoch gives a UTC time ("D:20000101000000Z", "2000-01-01T00:00:00Z").
struct DocumentDates {
  std::string pdf;
  std::string xmp;
};

// Uses `date` when it is a valid "YYYY-MM-DD"; else (with a warning when it was not empty) the
// epoch, 0 meaning 2000-01-01T00:00:00Z, clamped to the years 0001–9999.
DocumentDates resolve_dates(const std::string& date, long long source_date_epoch,
                            std::vector<Diagnostic>& diagnostics);

// The XMP metadata packet (uncompressed UTF-8, so tools that scan files for XMP find it):
// dc:title, dc:creator, dc:description, dc:language, pdf:Keywords, pdf:Producer,
// xmp:CreatorTool, xmp:CreateDate/ModifyDate/MetadataDate. Empty fields are left out.
std::string build_xmp(const page::DocumentInfo& info, const DocumentDates& dates);

}  // namespace paiban::pdf
