// The report object model: plain value types shared by every phase of paiban.
//
// The model knows nothing of JSON, fonts or PDF. Readers (engine/json) build it, the style layer
// resolves it, layout turns it into a page model, and the DOCX writer reads it directly.
// All strings are UTF-8. Lengths are given as strings with a unit ("12pt", "5mm", "2em", "20%",
// "1fr", or a Chinese size name such as "三号") and are resolved by the style layer.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "paiban/export.h"

namespace paiban {

// Font roles of Chinese official documents. kInherit takes the role from the enclosing style.
enum class FontRole { kInherit, kSong, kFang, kHei, kKai, kTitle };

enum class HAlign { kInherit, kLeft, kCenter, kRight, kJustify };
enum class VAlign { kInherit, kTop, kMiddle, kBottom };

// An inline run of text with uniform formatting. Optional fields inherit from the paragraph style.
struct Run {
  std::string text;
  std::optional<bool> bold;
  std::optional<bool> italic;
  std::optional<bool> underline;
  FontRole font = FontRole::kInherit;
  std::string size;  // empty = inherit; "16pt", "三号", "小四", …
};

struct Paragraph {
  std::vector<Run> runs;
  HAlign align = HAlign::kInherit;
  std::optional<bool> first_line_indent;  // nullopt = style decides (2 characters under gbt9704)
};

// How a heading gets its number.
enum class Numbering {
  kAuto,      // 一、 / （一） / 1. / （1） by level, counted per level
  kExplicit,  // the text in Heading::number is used as given (e.g. "(一)")
  kNone,      // no number
};

struct Heading {
  int level = 1;  // 1..4
  std::vector<Run> runs;
  Numbering numbering = Numbering::kAuto;
  std::string number;  // used when numbering == kExplicit, printed as is before the text
  // A run-in heading ("（一）存在问题。正文……") carries the paragraph that follows it on the same line.
  std::optional<Paragraph> run_in_body;
};

struct TableCell {
  std::vector<Paragraph> paragraphs;  // a cell given as plain "text" becomes one paragraph
  int rowspan = 1;
  int colspan = 1;
  HAlign align = HAlign::kInherit;
  VAlign valign = VAlign::kInherit;
  bool header = false;  // true for cells of header rows / row-header columns (set by the reader)
};

struct TableRow {
  std::vector<TableCell> cells;  // only the cells that start in this row, left to right
};

struct ColumnSpec {
  std::string width;  // "" or "auto" = automatic; "20mm", "48pt", "15%", "2fr"
  HAlign align = HAlign::kInherit;
};

struct Table {
  std::string caption;  // optional, set above the table
  std::string note;     // optional, set below the table
  std::vector<ColumnSpec> columns;  // one per grid column; its size is the grid width
  int header_rows = 0;              // leading rows repeated on every page
  int header_columns = 0;           // leading columns that hold row labels
  std::vector<TableRow> rows;
  // A known table form, e.g. "gov-annual-2021/table-3"; lets `paiban check` apply its rules.
  std::string form;
};

struct PageBreak {};

// 落款: issuing organisation and date, right-aligned at the end of a document.
struct Signature {
  std::string organisation;
  std::string date;  // as printed, e.g. "2024年1月20日"
};

struct Spacer {
  std::string height = "1line";  // a length or "Nline"
};

using Block = std::variant<Heading, Paragraph, Table, PageBreak, Signature, Spacer>;

struct Metadata {
  std::string title;     // may contain "\n" for an explicit line break in the printed title
  std::string subtitle;  // optional, printed under the title
  std::string organisation;
  std::string date;        // ISO 8601 date "YYYY-MM-DD" of issue (成文日期), used for PDF/DOCX metadata
  std::string doc_number;  // 文号, e.g. "国办公开办函〔2021〕30号"
  std::vector<std::string> keywords;
  std::string language = "zh-CN";
};

struct StyleRef {
  std::string name = "gbt9704";  // a built-in style name or a path to a style file
  // Per-document overrides, keyed by dotted property path ("body.size" → "小四").
  std::map<std::string, std::string> overrides;
};

// 公文 (GB/T 9704-2012): the kind picks the format (§10) and the direction of the document.
enum class GongwenKind {
  kNotice,   // 通知 (downward)
  kRequest,  // 请示 (upward: 签发人, 文号 on the left)
  kReport,   // 报告 (upward)
  kLetter,   // 函 (the letter format, §10.1)
  kMinutes,  // 纪要 (the minutes format, §10.3)
  kOrder,    // 命令（令） (the order format, §10.2)
};

// A seal (印章) printed over a signature: an image file (PNG with transparency, or JPEG), read
// relative to the report's folder under the same rules as every input file.
struct Seal {
  std::string image;              // path as written in the report
  std::string diameter = "42mm";  // printed width of the image (a length)
};

// 发文机关署名: one issuing authority's signature, with its seal when the document is sealed.
struct GongwenSignature {
  std::string name;
  std::optional<Seal> seal;
};

// An attachment (附件, §7.3.7): its own title and blocks, set on new pages after the main text.
struct Attachment {
  std::string title;
  std::vector<Block> body;
};

// 版记 (§7.4): the distribution notes at the foot of the last page.
struct GongwenRecord {
  std::string copies_to;   // 抄送, the names (the reader's text; "抄送：" is added)
  std::string printer;     // 印发机关
  std::string print_date;  // 印发日期 as printed, e.g. "2023年5月6日" ("印发" is added)
};

// Everything of a 公文 beyond the title (Metadata::title) and the body text (Report::body).
// Users give content, never geometry: the style and the standard place every element.
struct Gongwen {
  GongwenKind kind = GongwenKind::kNotice;
  // 版头 (§7.2)
  std::string copy_number;               // 份号, e.g. "000001"
  std::string classification;            // 密级, e.g. "机密"
  std::string secrecy_period;            // 保密期限, e.g. "1年" (printed "机密★1年")
  std::string urgency;                   // 紧急程度: "特急" or "加急"
  std::vector<std::string> authorities;  // 发文机关, the lead authority first
  std::string mark;        // 发文机关标志; empty = each name + "文件" (函: the name)
  std::string doc_number;  // 发文字号, e.g. "岚综管办〔2021〕29号"
  std::vector<std::string> signers;  // 签发人 (upward documents)
  // 主体 (§7.3)
  std::string addressees;  // 主送机关 (the closing "：" is added when missing)
  std::vector<std::string> attachment_note;  // 附件说明; empty = the attachments' titles
  std::vector<GongwenSignature> signatures;  // 发文机关署名; empty = the authorities, unsealed
  std::string date;                          // 成文日期 as printed, e.g. "2023年5月6日"
  std::string note;                          // 附注 (the parentheses are added when missing)
  std::vector<Attachment> attachments;
  // 纪要 (§10.3): the names after "出席：", "请假：", "列席："
  std::string present, absent, attending;
  // 版记 (§7.4); absent = no 版记
  std::optional<GongwenRecord> record;
};

struct Report {
  Metadata metadata;
  StyleRef style;
  bool show_title = true;  // print metadata.title (and subtitle) at the top of the first page
  std::vector<Block> body;
  std::optional<Gongwen> gongwen;  // set: the report is a 公文 (official document)
};

// Plain text of runs, concatenated.
PAIBAN_API std::string plain_text(const std::vector<Run>& runs);

}  // namespace paiban
