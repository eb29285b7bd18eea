// Imports the plain-text form of an annual report (政府信息公开工作年度报告) into the report model.
//
// The text form (see engine/import/README.md): an optional first line
// "# source: URL"; the title (one to three short lines); blocks separated by blank lines;
// headings recognised by their numbers (一、 （一） 1. （1）); paragraphs, possibly hard-wrapped;
// tables as tab-separated lines; a signature (organisation and date) at the end.
// A text whose first line of text is a labelled field ("发文机关: …", "标题: …") is a 公文 in the
// field form instead (gongwen_fields.h): it becomes a report with `gongwen`.
#pragma once

#include <string>
#include <string_view>

#include "paiban/types.h"

namespace paiban::import {

// Never throws. Invalid UTF-8 or an input without any text is an error (no report); everything
// else yields a report, with a warning (Severity::kWarning, line = the input line) for each piece
// of text that could not be placed where it belongs.
ReadResult import_text(std::string_view text, std::string_view source_name);

// The same, streamed from the file `path` ("-" = standard input): read in bounded chunks, one line
// at a time, never more than limits::kMaxImportBytes, and never the whole text in memory at once.
// When the file cannot be read (not found, not a regular file, too large) `io_error` says why —
// for a file too large, at which line the limit falls — and no report is returned.
ReadResult import_file(const std::string& path, std::string_view source_name,
                       std::string& io_error);

}  // namespace paiban::import
