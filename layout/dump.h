// Stable text dumps of layout's stages (`paiban dump --stage widths|lines|pages`): one line per
// fact, lengths in pt with two decimals (locale independent), fonts by file name only, so that
// goldens made with the fonts checked in under tests/ compare across machines.
#pragma once

#include <string>

#include "layout/page_model.h"
#include "layout/table_sizing.h"
#include "resolve/resolved.h"

namespace paiban::layout {

// The table-sizing phase's decisions: per table, its block, column widths, font scale and the
// rows kept with the next.
std::string dump_table_sizes(const resolve::ResolvedDocument& doc, const SizedTables& tables);

// The text lines of each page as a reader sees them: runs sharing a baseline, left to right.
std::string dump_lines(const PageModel& model);

// The page model: pages, fonts, glyph runs, rules, rectangles, cell boxes and anchors.
std::string dump_pages(const PageModel& model);

}  // namespace paiban::layout
