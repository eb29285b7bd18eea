// Every resource limit of paiban, in one place (as HarfBuzz keeps its limits in hb-limits.hh).
//
// Input beyond a limit is a user error reported as a diagnostic, never a crash or a hang: the
// reader checks these values before it allocates by them, so a hostile or broken file costs
// bounded time and memory. Raise a limit here only together with a test that shows the pipeline
// still copes with the larger input.
//
// Named paiban_limits.h, not limits.h: this folder is on the include path of every layer, and a
// file called limits.h here would shadow the C header <limits.h> (which <climits> includes).
#pragma once

#include <cstddef>
#include <cstdint>

namespace paiban::limits {

// Size of one JSON document, in bytes. A 200-page annual report is well under 10 MiB.
inline constexpr std::size_t kMaxInputBytes = 64u << 20;

// Nesting depth of JSON arrays and objects. The report format itself needs 11 levels
// (report → body → table → rows → row → cells → cell → paragraphs → paragraph → runs → run);
// the rest is headroom for mistakes that still deserve a precise message.
inline constexpr int kMaxJsonDepth = 64;

// Length of one string value (a run's text, a caption, …), in bytes of UTF-8.
inline constexpr std::size_t kMaxTextBytes = 1u << 20;

// Height of one spacer block, in pages of the type area: a taller spacer is cut (with a warning).
inline constexpr int kMaxSpacerPages = 10;

// Blocks in a report body.
inline constexpr std::size_t kMaxBlocks = 100000;

// Runs in one paragraph, heading or run-in text.
inline constexpr std::size_t kMaxRuns = 10000;

// Paragraphs in one table cell.
inline constexpr std::size_t kMaxCellParagraphs = 1000;

// Table grid: columns, rows, and rows × columns. The column limit is far beyond what fits on a
// page even at the smallest size; the grid-cell limit bounds the occupancy grid the reader builds.
inline constexpr int kMaxTableColumns = 200;
inline constexpr int kMaxTableRows = 100000;
inline constexpr std::int64_t kMaxTableGridCells = 1 << 22;

// rowspan and colspan. A span can never exceed the grid, so this is the row limit.
inline constexpr int kMaxSpan = kMaxTableRows;

// Pages of one laid-out document. A 200-page annual report is long; a 100,000-row table (the row
// limit) fills about 3,000 A4 pages. Layout refuses to start page kMaxPages + 1 and names the
// block that needed it, so a report that would paginate without end costs bounded time and memory.
inline constexpr std::size_t kMaxPages = 10000;

// Bytes of text in one paragraph, heading or run-in text, all its runs together (each run is also
// held to kMaxTextBytes). Line breaking works on a paragraph at a time; this bounds its arrays.
inline constexpr std::size_t kMaxParagraphBytes = 4u << 20;

// Keywords in the metadata.
inline constexpr std::size_t kMaxKeywords = 100;

// Names in one list of a 公文 (authorities, signers, signatures, attachments).
inline constexpr std::size_t kMaxGongwenNames = 100;

// An image file a report names (a seal): read whole, then decoded under kMaxImagePixels.
inline constexpr std::size_t kMaxImageFileBytes = 16u << 20;

// Style overrides in one report.
inline constexpr std::size_t kMaxStyleOverrides = 1000;

// Diagnostics kept from one read. A badly broken file (say, a table with a wrong column count)
// can produce one error per row; past this many, one final diagnostic says that more were cut.
inline constexpr std::size_t kMaxDiagnostics = 200;

// Pixels of one decoded image (width × height). A seal or a logo scanned at 600 dpi on a whole A4
// page is about 35 million; the decoded RGBA buffer of the limit is 256 MiB.
inline constexpr std::int64_t kMaxImagePixels = std::int64_t{64} << 20;

// Size of one plain-text archive given to `paiban import`. The JSON it becomes is about twice
// its size, and must stay under kMaxInputBytes so that paiban can read its own output.
inline constexpr std::size_t kMaxImportBytes = 16u << 20;

// Size of one style sheet file. A sheet is a few kilobytes (the built-ins are about 5 KB); a
// larger file is a mistake.
inline constexpr std::size_t kMaxStyleFileBytes = 1u << 20;

// Sheets in one "extends" chain, built-ins included.
inline constexpr std::size_t kMaxExtendsDepth = 16;

// Columns of a grid counted from its cells (tables built in code, which the reader's
// kMaxTableColumns does not check).
inline constexpr long long kMaxInferredColumns = 1 << 16;

// Value ranges of style properties and lengths. Anything outside is a user error, reported and
// skipped.
// The largest absolute length: 14400 pt = 200 in, the PDF page-size limit (ISO 32000-1 Annex C).
// It also keeps every length far inside the layout's fixed-point range.
inline constexpr double kMaxLengthPt = 14400;
// The largest em or line count (a spacer's "Nline" included).
inline constexpr double kMaxRelativeLength = 1000;
// Word's largest font size is 1638 pt; nothing in a document comes near 1000 pt.
inline constexpr double kMaxTextSizePt = 1000;
// A multiple of the size between baselines; Word allows 132 ("多倍行距").
inline constexpr double kMaxLineSpacing = 100;
// Lines or characters on the document grid; Word allows up to 100 characters and 48 lines on A4
// (docGrid), 200 leaves room for large pages.
inline constexpr int kMaxGrid = 200;

}  // namespace paiban::limits
