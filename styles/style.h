// Resolved styles: every property a phase needs, in points, with nothing left to inherit.
//
// A style sheet (styles/builtin/*.json or a user file) is read into a Style; a report's
// StyleRef picks the sheet and overrides properties by dotted path ("body.size": "小四").
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "paiban/diagnostics.h"
#include "paiban/model.h"
#include "table_grid.h"

namespace paiban::styles {

// Font-family names to try for a role, in order: the office font first (the face serving the
// first family is "the office font"; any later one is a stand-in that `paiban fonts` and render
// name as such), then free faces of the same design (FandolFang for 仿宋), then other stand-ins.
struct FontChain {
  std::vector<std::string> families;
  // Families for Latin letters, digits and ASCII punctuation (fonts::is_latin_char), consulted
  // before `families` for those characters (Times New Roman practice); empty = `families`.
  std::vector<std::string> latin;
  // The role's designs are heavy already (小标宋): bold never emboldens a face synthetically;
  // a family's real bold face is still used when it has one.
  bool heavy = false;
  std::string docx_east_asia;  // the name written to w:rFonts/@w:eastAsia (e.g. "仿宋_GB2312")
  // The name written to w:rFonts/@w:ascii and @w:hAnsi; defaults to latin's first family, so that
  // Word and the PDF name the same face.
  std::string docx_ascii;
};

struct TextStyle {
  FontRole role = FontRole::kFang;
  double size_pt = 16;
  bool bold = false;
  bool italic = false;
  HAlign align = HAlign::kJustify;
  // Line pitch: exact distance between baselines in pt when > 0, else size × line_spacing.
  double line_pitch_pt = 0;
  double line_spacing = 1.5;
  double first_line_indent_em = 0;  // in multiples of size_pt (2 = 两字)
  double space_before_pt = 0;
  double space_after_pt = 0;
  bool keep_with_next = false;
};

enum class PageNumberPosition { kNone, kCenter, kOuter /* odd right, even left */ };

struct PageStyle {
  double width_pt = 595.276;  // A4
  double height_pt = 841.89;
  double margin_top_pt = 104.882;    // 37 mm
  double margin_bottom_pt = 99.213;  // 35 mm
  double margin_left_pt = 79.370;    // 28 mm
  double margin_right_pt = 73.701;   // 26 mm
  int grid_lines = 0;                // lines per page on the character grid (0 = no grid)
  int grid_chars = 0;                // characters per body line on the grid (0 = no grid)
  PageNumberPosition page_number = PageNumberPosition::kOuter;
  std::string page_number_format = "— {} —";  // {} is replaced by the number
  double page_number_indent_em = 1;           // from the outer edge of the type area
  double page_number_below_pt = 19.843;       // 7 mm from the type area's lower edge to the number
};

struct TableStyle {
  double cell_padding_h_pt = 2.835;  // 1 mm
  double cell_padding_v_pt = 1.417;  // 0.5 mm
  double rule_width_pt = 0.5;
  double frame_width_pt = 1.0;  // outer frame
  // The range the table-sizing phase chooses each table's text size from (GB/T 9704 §8 leaves
  // it open; real reports use 10.5–14 pt): from table_cell.size_pt down to this.
  double min_font_size_pt = 10.5;
  HAlign label_align = HAlign::kCenter;
  // How row labels are set. kForm, the annual-report form: a numbered label (「1. 属于国家秘密」,
  // 「（二）部分公开」) left-aligned with its continuation lines hanging under the text after the
  // number, a label spanning rows centred, other labels per label_align. kAlign: every label per
  // label_align.
  enum class LabelLayout { kForm, kAlign } label_layout = LabelLayout::kForm;
  // GB/T 9704 §8: a table too wide for the portrait type area at min_font_size is set on
  // landscape pages; false: such a table is an error.
  bool landscape = true;
  HAlign number_align = HAlign::kCenter;
  bool repeat_header = true;
  bool keep_rowspan_together = true;        // move a rowspan group that fits on one page as a whole
  std::string continuation_label = "续表";  // empty = none
};

// An RGB colour, components in [0, 1].
struct RgbColor {
  double r = 0, g = 0, b = 0;
  friend bool operator==(const RgbColor&, const RgbColor&) = default;
};

struct Style {
  std::string name;
  PageStyle page;
  TextStyle title;
  TextStyle subtitle;
  TextStyle body;
  TextStyle heading[4];  // levels 1..4
  TextStyle table_cell;
  TextStyle table_header;
  TextStyle caption;
  TextStyle note;
  TextStyle signature;
  TextStyle page_number;
  TableStyle table;
  std::map<FontRole, FontChain> fonts;  // a chain for every role but kInherit
  // Punctuation width scheme: "quanjiao" (default for official documents), "banjiao", "kaiming",
  // "plain".
  std::string punctuation = "quanjiao";
  bool autospace = true;          // ¼ em between Han and Latin/digits
  std::string kinsoku = "basic";  // "none", "basic", "gb", "strict" (cjk-line-breaking.md)
  // The red of a 公文's masthead, rules and 版记 rules (GB/T 9704 §7.2.4, §7.2.7): the one place
  // both writers take it from (a CMYK or spot red would replace this property).
  RgbColor red{1, 0, 0};
  // 挤进: a line-end mark may give back its blank half to keep one more character on the line
  // (clreq §3.1.6 permits it). Word, WPS and LibreOffice never do this without hanging the mark
  // past the margin, so a DOCX cannot reproduce those lines: off, the line pushes a character
  // down (推出) as the word processors do.
  bool line_end_squeeze = false;
};

// Chinese size names (号) and units to points: "三号" → 16, "小四" → 12, "12pt", "5mm", "1cm",
// "0.5in", "2em" (relative to em_pt), a bare number = pt. nullopt when not a length.
std::optional<double> parse_length_pt(const std::string& text, double em_pt = 16);

// The names of the built-in styles ("gbt9704", "report").
std::vector<std::string> builtin_style_names();

// Resolves a style: `name_or_path` is a built-in name or a style file (JSON); then the overrides
// are applied by dotted path. Problems are appended to `diagnostics` (pointer = "/style/…");
// the result is always usable (unknown overrides are skipped after an error is reported).
//
// Style files are read only from allowed folders (issue #15: a report must not make paiban read
// /etc/passwd or block on /proc/kmsg): a relative name resolves against `access.base_dir`, and the
// file, after following links, must lie inside one of `access.roots`. With no roots, the folder of
// the first style file named (`name_or_path` itself, chosen by the caller) is the only root.
// Only regular files up to limits::kMaxStyleFileBytes are read.
struct StyleFileAccess {
  std::filesystem::path base_dir;             // "" = the current folder
  std::vector<std::filesystem::path> roots;   // folders whose files may be read
};
Style resolve_style(const std::string& name_or_path,
                    const std::map<std::string, std::string>& overrides,
                    std::vector<Diagnostic>& diagnostics, const StyleFileAccess& access = {});

// The horizontal alignment of a table cell, the one rule the PDF layout and the DOCX writer share:
// the cell's own alignment; else header cells centred; else the column's alignment; else row
// labels per TableStyle::label_align, numbers per number_align, other text per the cell text
// style (justified when it inherits).
HAlign cell_alignment(const Table& table, const GridCell& cell, const Style& style);

// The line pitch of a text style in pt, baseline to baseline: line_pitch_pt when set, else
// size × line_spacing. The one rule for the PDF's layout and the DOCX writer.
double line_pitch_pt(const TextStyle& ts);

// The text style of a heading level (1..4, clamped).
const TextStyle& heading_style(const Style& style, int level);

// A resolved style written as a style sheet (JSON) that gives every property, lengths in pt:
// what `paiban dump` prints, and a sheet that resolves to the same Style.
std::string dump_style(const Style& style);

}  // namespace paiban::styles
