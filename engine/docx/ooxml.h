// Internal helpers of the DOCX writer: units, namespaces, XML building and the run/paragraph
// properties shared by document.xml, styles.xml and the footers. Not part of the public API.
#pragma once

#include <cmath>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "paiban/model.h"
#include "styles/style.h"
#include "value_syntax.h"

namespace paiban::docx::detail {

// Namespaces of ECMA-376 Part 1 (Transitional) and Part 2 (OPC).
inline constexpr char kWordNs[] = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
inline constexpr char kOfficeRelNs[] =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
inline constexpr char kPackageRelNs[] =
    "http://schemas.openxmlformats.org/package/2006/relationships";
inline constexpr char kContentTypesNs[] =
    "http://schemas.openxmlformats.org/package/2006/content-types";

// A plain decimal number ("2", "1.5", no sign, no exponent); nullopt otherwise. The model's one
// locale-independent parser (std::stod would follow the process locale).
using json::parse_decimal;

// Unit conversions; every value written to the XML is an integer, rounded half away from zero.
int to_twips(double pt);          // 1/20 pt: w:spacing, w:ind, w:pgMar, w:tcW …
int to_half_points(double pt);    // w:sz, w:szCs
int to_eighth_points(double pt);  // border widths (w:top/@w:sz …)
// An exact line pitch in twips, rounded down: 22 lines of 28.99 pt fill a 225 mm type area, and
// rounding 579.8 twips up would leave room for 21 lines only.
int line_pitch_twips(double pt);

// Page geometry in twips, derived from the resolved page style.
struct PageGeometry {
  int width = 0, height = 0;
  int margin_top = 0, margin_bottom = 0, margin_left = 0, margin_right = 0;
  int text_width = 0, text_height = 0;
  int footer_distance = 0;  // w:pgMar/@w:footer: from the paper's lower edge to the footer's
};
PageGeometry page_geometry(const styles::Style& style);

// The style's red (a 公文's masthead and rules) as w:color's "RRGGBB".
std::string red_hex(const styles::Style& style);

// Millimetres → twips, rounded.
inline int mm_to_twips(double mm) { return static_cast<int>(std::lround(mm * 72 / 25.4 * 20)); }

// A part: an XML document with the declaration <?xml version="1.0" encoding="UTF-8"
// standalone="yes"?>.
void start_part(pugi::xml_document& doc);
// Serialises without indentation (format_raw), UTF-8, no BOM.
std::string part_bytes(const pugi::xml_document& doc);

// Appends <name/>; with a value, <name w:val="value"/>.
pugi::xml_node add(pugi::xml_node parent, const char* name);
pugi::xml_node add_val(pugi::xml_node parent, const char* name, std::string_view value);
pugi::xml_node add_val(pugi::xml_node parent, const char* name, long long value);
void set_attr(pugi::xml_node node, const char* name, std::string_view value);
void set_attr(pugi::xml_node node, const char* name, long long value);

// Text fit for XML 1.0: drops the C0 controls other than tab, LF and CR (they cannot be written
// even escaped) and replaces malformed UTF-8 with U+FFFD.
std::string xml_text(std::string_view text);

// True when the text has a character outside ASCII: such runs get w:rFonts/@w:hint="eastAsia"
// so that Word sets East-Asian-ambiguous marks (“ ” ‘ ’ — … ·) with the Chinese font at full
// width, as GB/T 15834 wants (cjk-line-breaking.md).
bool needs_east_asian_hint(std::string_view text);

// ST_Jc value for an alignment; nullptr for kInherit.
const char* jc_value(HAlign align);

// Character formatting of a run or a style. Unset fields are not written (they inherit).
struct RunFormat {
  std::optional<FontRole> role;
  std::optional<bool> bold;
  std::optional<bool> italic;
  std::optional<bool> underline;
  std::optional<double> size_pt;
  std::optional<int> spacing_twips;  // w:spacing: added to every character's advance
  std::string color;                 // w:color, "RRGGBB"; empty = inherit (black)
  std::optional<int> scale_percent;  // w:w: horizontal scale of the glyphs (a 公文's mark)
  bool east_asian_hint = false;
  // The East Asian font with OpenType 'halt' (half-width alternates) switched on: the marks the
  // PDF sets in half an em (see half_width_marks). Needs `role`.
  bool half_width = false;
};

// The suffix that asks for a font's half-width punctuation ('halt'): LibreOffice reads OpenType
// features from a font name ("仿宋_GB2312:halt"); the font table gives such a name its plain
// name as w:altName, so Word and WPS set the office font (without the feature).
inline constexpr char kHalfWidthSuffix[] = ":halt";

// Which characters of a paragraph's text (one flag per code point) give up their blank half, as
// layout/adjust.cc sets them in the PDF under the style's `punctuation` scheme: quanjiao, of
// two adjacent marks the closing or stop mark (else the opening one); kaiming, every mark but
// 。？！; banjiao, every mark; plain, none. Marks: the full-width opening, closing and stop marks
// of layout/text_class.cc.
std::vector<bool> half_width_marks(const std::u32string& text, const std::string& scheme);

// GB/T 9704's character grid (28 characters of 16 pt in a 442 pt line) for text of the body size:
// the amount, in twips, rounded down and one twip more, by which each character is condensed so
// that grid_chars of them fit the text width; 0 when there is no character grid, for text of
// another size, or when the characters fit as they are.
//
// Word alone would do this through w:docGrid/@w:charSpace, but LibreOffice (7.x) sets every
// character of a grid whose pitch is below the font size in two grid cells, which halves the line.
// So no paragraph snaps to the character grid (w:snapToGrid off), the body-size styles are
// condensed instead (w:spacing), and the section's grid still tells Word "22 lines × 28
// characters": Word, WPS and LibreOffice all set 28 characters per line.
int grid_condense_twips(const styles::Style& style, const styles::TextStyle& ts);

// One character ("字") of a text style in twips: its size, less the grid condensation.
int char_twips(const styles::Style& style, const styles::TextStyle& ts);

// The complete formatting of a text style (for styles.xml and for run-in headings).
RunFormat full_format(const styles::TextStyle& ts);
// A run's formatting relative to the text style of its paragraph: only what the run changes.
// `base` is used to resolve relative sizes ("2em").
RunFormat run_overrides(const Run& run, const styles::TextStyle& base);

// Writes <w:rPr> children for `format` (w:rFonts, w:b, w:i, w:sz, w:szCs, w:u): the role's
// FontChain names go to w:eastAsia and w:ascii/w:hAnsi/w:cs.
void write_run_format(pugi::xml_node rpr, const styles::Style& style, const RunFormat& format);

// Appends a <w:r> with `text`: "\n" becomes <w:br/>, "\t" <w:tab/>; xml:space="preserve" when the
// text has leading or trailing spaces. Nothing is appended for empty text.
void add_text_run(pugi::xml_node paragraph, const styles::Style& style, const RunFormat& format,
                  std::string_view text);

// Paragraph formatting, written as <w:pPr> children in the order of CT_PPrBase.
struct ParaFormat {
  std::string style_id;  // w:pStyle
  bool keep_next = false;
  bool keep_lines = false;
  bool page_break_before = false;
  std::optional<bool> snap_to_grid;  // w:snapToGrid: off for text not of the body size
  std::optional<int> before_twips, after_twips;
  std::optional<int> line;  // with line_exact: twips; otherwise 240ths of a line (w:lineRule auto)
  bool line_exact = false;
  // w:ind; unset = inherit. Every attribute is written once set, so zeros override the style.
  struct Indent {
    int first_line = 0, first_line_chars = 0;  // twips, 1/100 character
    int left = 0, right = 0;                   // twips
    int right_chars = 0;                       // 1/100 character (0 = not written)
    // twips; > 0: a hanging indent (w:hanging, lines after the first start at `left` and the
    // first `hanging` before it), written instead of the first-line attributes.
    int hanging = 0;
  };
  // A paragraph border (w:pBdr): a rule above or below the paragraph (a 公文's red rule, the
  // 版记's rules).
  struct Border {
    const char* val = "single";  // ST_Border: "single", "thickThinSmallGap", …
    int size_eighths = 8;        // w:sz, eighths of a point
    int space_pt = 0;            // w:space, distance from the text in points (0–31)
    std::string color = "000000";
  };
  std::optional<Border> top_border, bottom_border;
  // Tab stops (w:tabs): alignment ("left", "right", "center") and position in twips.
  std::vector<std::pair<const char*, int>> tabs;

  std::optional<Indent> indent;
  const char* jc = nullptr;
  std::optional<int> outline_level;  // 0..8 (w:outlineLvl: Word's navigation pane, TOC)
};

// The paragraph formatting of a text style: spacing, exact or proportional line pitch, first-line
// indent in characters (w:firstLineChars) and twips, alignment, keep-with-next.
ParaFormat para_format(const styles::TextStyle& ts, const styles::Style& style);

void write_para_format(pugi::xml_node ppr, const ParaFormat& format);

}  // namespace paiban::docx::detail
