// The resolved document: a report and its style sheet with every decision that both writers share
// made once. Layout (→ page model → PDF) and the DOCX writer read only this (and the table sizes of
// table_sizes.h); neither goes back to the report or re-decides a rule.
//
// Units: points (pt) unless a name says otherwise; em values are multiples of the text size.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "paiban/diagnostics.h"
#include "paiban/model.h"
#include "resolve/flow_facts.h"
#include "styles/style.h"
#include "table_grid.h"

namespace paiban::resolve {

// Which text style of the sheet a paragraph is set in (the DOCX writer names its paragraph style
// after it; layout takes the style's font, size and leading).
enum class TextRole {
  kTitle,
  kSubtitle,
  kBody,
  kHeading1,
  kHeading2,
  kHeading3,
  kHeading4,
  kSignature,
  kTableCell,
  kTableHeader,
  kCaption,
  kNote,
};

// A run of text with its final character formatting.
struct ResolvedRun {
  std::string text;
  FontRole role = FontRole::kFang;  // never kInherit
  double size_pt = 16;              // > 0
  bool bold = false;
  bool italic = false;
  bool underline = false;
  // What the run sets itself rather than taking from its paragraph's text style: the DOCX writes
  // only these as run properties (the rest comes from the paragraph style).
  struct Own {
    bool role = false, size = false;
    std::optional<bool> bold, italic, underline;
  } own;
};

struct ResolvedParagraph {
  std::string where;  // JSON Pointer of the block it comes from
  TextRole role = TextRole::kBody;
  HAlign align = HAlign::kJustify;  // never kInherit
  bool align_overridden = false;    // the report sets it (not the style)
  // First-line indent in multiples of the style's size (0 for centred and right-aligned text and
  // where the report turns it off).
  double first_indent_em = 0;
  double first_indent_size_pt = 16;  // the size the em refers to (a run-in heading's own)
  // Whether first_indent_em differs from the style's own (the DOCX then writes it).
  bool indent_overridden = false;
  double line_pitch_pt = 0;  // baseline to baseline (styles::line_pitch_pt)
  double space_before_pt = 0;
  double space_after_pt = 0;
  bool keep_with_next = false;
  // 1..4 for headings (bookmarks, the DOCX outline level); 0 otherwise.
  int outline_level = 0;
  std::string outline_title;  // the heading's number and text, for bookmarks
  // A run-in heading (「（一）存在问题。正文……」): the heading's runs (number first) carry the
  // heading style as run properties in a paragraph of the body style.
  bool run_in = false;
  // Left indent of every line, in multiples of first_indent_size_pt; first_indent_em is then
  // relative to it and may be negative (a hanging indent: 附件说明, 出席：, GB/T 9704 §7.3.4).
  double left_indent_em = 0;
  TextRole run_in_heading = TextRole::kHeading1;
  size_t heading_runs = 0;  // the first `heading_runs` runs are the run-in heading's
  std::vector<ResolvedRun> runs;  // a heading's number is its first run
  // A numbered row label set like a form (styles::TableStyle::LabelLayout::kForm): the first
  // `number_bytes` bytes of the first run are its number (「1. 」, 「（二）」) and every line
  // after the first hangs under the text after it, `hanging_em` (the number's width in
  // characters of the run's size) in from the left. 0 = no hanging indent.
  size_t number_bytes = 0;
  double hanging_em = 0;
};

// The title group: the title's lines (split at the report's "\n"), each balanced (GB/T 9704
// §7.3.3), then the subtitle. Space comes only after the group's last paragraph, and the group
// keeps together.
struct ResolvedTitle {
  std::vector<ResolvedParagraph> lines;
  std::optional<ResolvedParagraph> subtitle;
};

// A column's width as the report gives it, parsed once.
struct ResolvedColumn {
  enum Kind { kAuto, kFixed, kPercent, kFraction } kind = kAuto;
  double value = 0;  // kFixed: pt; kPercent: % of the text width; kFraction: weight
};

struct ResolvedCell {
  // Parallel to the grid cell; fillers (GridCell::cell == nullptr) have no paragraphs.
  std::vector<ResolvedParagraph> paragraphs;
  HAlign align = HAlign::kJustify;  // styles::cell_alignment: the one rule for both writers
  VAlign valign = VAlign::kMiddle;  // never kInherit
};

struct ResolvedTable {
  std::string where;
  int index = 0;  // 0-based, in body order (for messages: "table 3")
  const Table* source = nullptr;
  TableGrid grid;                    // resolved once (fillers at every uncovered position)
  std::vector<ResolvedCell> cells;   // parallel to grid.cells
  std::vector<ResolvedColumn> columns;  // one per grid column
  int header_rows = 0;                  // clamped to the grid
  std::string caption, note;
};

// GB/T 9704-2012 §7.3.5.2 (unsealed): each line right-aligned at its own right indent.
struct ResolvedSignature {
  std::string where;
  struct Line {
    std::string text;
    double right_indent_em = 2;  // from the right edge of the type area, in characters
  };
  std::vector<Line> lines;
  double space_before_pt = 0;  // one blank body line plus the style's space before
};

struct ResolvedSpace {
  std::string where;
  double height_pt = 0;
};

struct ResolvedPageBreak {
  std::string where;
};

// A seal image (印章) as the pipeline read it: its bytes (PNG or JPEG) and printed diameter.
struct ResolvedSeal {
  std::string where;  // JSON Pointer of the seal
  std::string image;  // the file's bytes; empty when the report gives no seal for this name
  double diameter_pt = 0;
};

// GB/T 9704-2012 §7.3.5.1, sealed: the date `date_right_em` characters in from the right; each
// authority's name centred over its seal; a single name centred over the date; joint names side
// by side in authority order, the last over the date; each seal centred over its name (and the
// date), its top within one line of the text above. Layout decides the positions; both writers
// take the texts from here.
struct ResolvedSealedSignature {
  std::string where;
  std::vector<std::string> names;   // in authority order
  std::vector<ResolvedSeal> seals;  // parallel to names
  std::string date;
  double date_right_em = 4;  // characters of the body size from the type area's right edge
  std::vector<double> name_widths_em;  // parallel to names, in characters of the body size
  double date_width_em = 0;
  double space_before_pt = 0;  // room for the seal above the names
  // §7.3.5.3 (命令, the order format): the signer's title (names[0]) beside the signature seal
  // (签名章, seals[0]), two empty lines below the body: the seal date_right_em characters in
  // from the right, the title two characters to its left, centred on the seal; the date one
  // line below, date_right_em characters in from the right.
  bool signature_seal = false;
};

using ResolvedBlock =
    std::variant<ResolvedTitle, ResolvedParagraph, ResolvedTable, ResolvedSignature, ResolvedSpace,
                 ResolvedPageBreak, ResolvedSealedSignature>;

// The format a 公文 kind takes (GB/T 9704-2012 §10).
enum class GongwenFormat { kDocument, kLetter, kOrder, kMinutes };

// 版头 (§7.2): texts in their roles; layout places them to the standard, the DOCX writer as
// paragraphs. The red is doc.style.red.
struct ResolvedMasthead {
  GongwenFormat format = GongwenFormat::kDocument;
  bool upward = false;  // 上行文: 签发人 on the right, 文号 on the left of the last signer line
  // 份号, 密级★保密期限, 紧急程度, one a line, flush left (§7.2.1–7.2.3).
  std::vector<ResolvedParagraph> head;
  // The mark (§7.2.4): one line per authority; `suffix` ("文件") to the right of them, centred
  // on them; empty for a mark given whole or a letter.
  std::vector<std::string> mark_names;
  std::string mark_suffix;
  double mark_size_pt = 42;  // before horizontal compression to the type area's width
  // Horizontal scale of the mark in 1/1000, < 1000 when the names (and the suffix, half a
  // character away) are wider than the type area at mark_size_pt: both writers compress by it.
  int mark_scale = 1000;
  std::string doc_number;  // 发文字号 (§7.2.5)
  // 签发人 (§7.2.6): "签发人：" in 仿宋 then the names in 楷体, two names a line.
  std::vector<ResolvedParagraph> signer_lines;
  double rule_width_pt = 1.0;  // the red rule's thickness (practice: 0.5–1 mm)
};

// 版记 (§7.4): 抄送 and 印发 lines between thick and thin rules at the foot of the last page
// (the letter format: no rules, no 印发 line, §10.1).
struct ResolvedRecord {
  std::string where;
  std::optional<ResolvedParagraph> copies_to;  // "抄送：…。" indented one character both sides
  std::string printer;                         // 印发机关, one character in from the left
  std::string print_date;                      // "…印发", one character in from the right
  bool rules = true;
  double thick_pt = 0.992;  // 0.35 mm
  double thin_pt = 0.709;   // 0.25 mm
  double size_pt = 14;      // 4号
};

struct ResolvedGongwen {
  ResolvedMasthead masthead;
  std::optional<ResolvedRecord> record;
};

struct DocumentInfo {
  std::string title, subject, author, keywords, language = "zh-CN";
  std::string date;  // "YYYY-MM-DD", or empty (then the render options' epoch is used)
};

struct ResolvedDocument {
  styles::Style style;
  DocumentInfo info;
  Metadata metadata;  // as given (the DOCX package properties)
  std::vector<ResolvedBlock> blocks;
  // Set for a 公文: the masthead before the first block, the 版记 after the last.
  std::optional<ResolvedGongwen> gongwen;
  // Text width and height of the type area, pt.
  double text_width_pt = 0;
  double text_height_pt = 0;
};

// What the table-sizing phase decides for one table (layout/table_sizing.h), read by layout and
// the DOCX writer alike.
// A cell paragraph whose lines a word processor, filling the cell's measure greedily, would break
// elsewhere than the PDF: lines balanced at a narrower measure (no one-character line, issue #11),
// a line ended early (no 孤字, a character pushed rather than a mark squeezed, a number kept with
// its unit). Table sizing records what the PDF decided; the DOCX writer repeats it as indents
// (the measure) and character spacing (the lines ended early), nothing forced.
struct CellLines {
  uint32_t cell = 0;       // index into the table's grid cells (and ResolvedTable::cells)
  uint32_t paragraph = 0;  // index into the cell's paragraphs
  // Taken off the cell's content width on the left and the right (1/64 pt, >= 0): the measure at
  // which a greedy fill gives the PDF's lines (left, right or both by the paragraph's alignment).
  int32_t indent_left_lu = 0, indent_right_lu = 0;
  // The lines still ended early at that measure, bytes in the paragraph's text (its runs joined),
  // the room per character as FlowFacts::spread has it (`block` = the table's block).
  std::vector<SpreadLine> spread;
};

struct TableSize {
  size_t block = 0;                          // index into ResolvedDocument::blocks
  std::vector<int32_t> column_widths_lu;     // 1/64 pt; sums to the table width
  double font_scale = 1.0;                   // text sizes relative to the style's
  std::vector<bool> keep_with_next;          // per grid row: kept on the page of the next row
  // Set on landscape pages (GB/T 9704 §8): too wide for the portrait type area at the style's
  // smallest table size; its widths then sum to the landscape type area's width.
  bool landscape = false;
  // The cell paragraphs whose line breaks a word processor needs told (CellLines), by cell, then
  // by paragraph; only paragraphs of two lines or more.
  std::vector<CellLines> cell_lines;
};

// Measures text for the rules that depend on its width (the signature, GB/T 9704 §7.3.5.2): the
// width of one line of `text` set in text style `ts`, in characters of the style's size (on the
// character grid, grid cells). Layout implements it by shaping with the document's fonts, so the
// PDF places the lines exactly and the DOCX gets the same indents; without one, resolve estimates
// widths from the characters alone (text_measure.h).
class TextMeasure {
 public:
  virtual ~TextMeasure() = default;
  virtual double width_em(std::string_view text, const styles::TextStyle& ts) = 0;
  // The lines one line of a title breaks into at the type area's width (GB/T 9704 §7.3.3:
  // between words, balanced), as text; one element when it fits one line. Both writers then
  // print the same lines: the PDF as centred lines, the DOCX with w:br between them.
  virtual std::vector<std::string> title_lines(std::string_view text,
                                               const styles::TextStyle& ts) = 0;
};

// The bytes of a label's leading number and the spaces after it — the numbering of GB/T 9704
// §7.3.3 that table forms use (「一、」 「（一）」 「(一)」 「1.」 「1、」 「（1）」) — or 0 when
// `text` does not start with one. A line holding only a number (「（三）」) is not a one-character
// line.
size_t number_prefix_bytes(std::string_view text);

// Resolves a report against a resolved style sheet. Problems of the input that render would
// reject are errors here (appended to `diagnostics`), with their JSON Pointers.
// `files` holds the bytes of the files the report names (seal images), keyed by the path as
// written; the caller read them under the input-file rules and reported what it could not read.
ResolvedDocument resolve_document(const Report& report, styles::Style style,
                                  std::vector<Diagnostic>& diagnostics,
                                  TextMeasure* measure = nullptr,
                                  const std::map<std::string, std::string>* files = nullptr);

// The style of a text role.
const styles::TextStyle& text_style(const styles::Style& style, TextRole role);

// A stable text dump of the resolved document (`paiban dump --stage resolved`) and of the table
// grids (`--stage grid`).
std::string dump_resolved(const ResolvedDocument& doc);
std::string dump_grids(const ResolvedDocument& doc);

}  // namespace paiban::resolve
