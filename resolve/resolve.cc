// The resolve phase: report + resolved style sheet → the resolved document (resolved.h). Every
// rule that the PDF's layout and the DOCX writer share is decided here, once.
#include <algorithm>
#include <charconv>
#include <initializer_list>
#include <string_view>
#include <cmath>
#include <regex>
#include <variant>

#include "numbering.h"
#include "paiban_limits.h"
#include "resolve/resolved.h"
#include "resolve/text_measure.h"

namespace paiban::resolve {

const styles::TextStyle& text_style(const styles::Style& style, TextRole role) {
  switch (role) {
    case TextRole::kTitle:
      return style.title;
    case TextRole::kSubtitle:
      return style.subtitle;
    case TextRole::kBody:
      return style.body;
    case TextRole::kHeading1:
      return style.heading[0];
    case TextRole::kHeading2:
      return style.heading[1];
    case TextRole::kHeading3:
      return style.heading[2];
    case TextRole::kHeading4:
      return style.heading[3];
    case TextRole::kSignature:
      return style.signature;
    case TextRole::kTableCell:
      return style.table_cell;
    case TextRole::kTableHeader:
      return style.table_header;
    case TextRole::kCaption:
      return style.caption;
    case TextRole::kNote:
      return style.note;
  }
  return style.body;
}

namespace {

TextRole heading_role(int level) {
  static constexpr TextRole kRoles[] = {TextRole::kHeading1, TextRole::kHeading2,
                                        TextRole::kHeading3, TextRole::kHeading4};
  return kRoles[std::clamp(level, 1, 4) - 1];
}

// A plain decimal ("2", "1.5"): locale independent, the whole text or nothing.
std::optional<double> decimal(std::string_view s) {
  double v = 0;
  if (s.empty() || s.front() == '+' || s.front() == '-') return std::nullopt;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, std::chars_format::fixed);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() > suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Consumes one of `tokens` at the front of `s`; false (s unchanged) when none is there.
bool consume_any(std::string_view& s, std::initializer_list<std::string_view> tokens) {
  for (std::string_view t : tokens) {
    if (s.starts_with(t)) {
      s.remove_prefix(t.size());
      return true;
    }
  }
  return false;
}

// Consumes one to three numerals (ASCII or full-width digits, or Chinese numerals when `han`).
bool consume_numerals(std::string_view& s, bool han) {
  static const std::initializer_list<std::string_view> kDigits = {
      "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "０", "１", "２", "３", "４", "５", "６",
      "７", "８", "９"};
  static const std::initializer_list<std::string_view> kHan = {
      "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "〇", "零"};
  int n = 0;
  while (n < 3 && (consume_any(s, kDigits) || (han && consume_any(s, kHan)))) ++n;
  return n > 0;
}

}  // namespace

size_t number_prefix_bytes(std::string_view text) {
  std::string_view s = text;
  bool ok = false;
  if (consume_any(s, {"（", "("})) {
    ok = consume_numerals(s, true) && consume_any(s, {"）", ")"});
  } else if (consume_numerals(s, false)) {
    // 「1.5」 is a number, not a label's numbering.
    ok = consume_any(s, {"．", ".", "、"}) && (s.empty() || s.front() < '0' || s.front() > '9');
  } else if (consume_numerals(s, true)) {
    ok = consume_any(s, {"、"});
  }
  if (!ok) return 0;
  while (consume_any(s, {" ", "\u3000"})) {
  }
  return text.size() - s.size();
}

namespace {

// A row label's number (number_prefix_bytes), or 0 when nothing follows it.
size_t label_number_bytes(std::string_view text) {
  const size_t n = number_prefix_bytes(text);
  return n < text.size() ? n : 0;
}

class Resolver {
 public:
  Resolver(const Report& report, ResolvedDocument& doc, std::vector<Diagnostic>& diagnostics,
           TextMeasure* measure, const std::map<std::string, std::string>* files)
      : report_(report),
        doc_(doc),
        style_(doc.style),
        diagnostics_(diagnostics),
        measure_(measure),
        files_(files) {}

  void run() {
    const Metadata& m = report_.metadata;
    doc_.metadata = m;
    doc_.info.title = m.title;
    std::replace(doc_.info.title.begin(), doc_.info.title.end(), '\n', ' ');
    doc_.info.subject = m.subtitle;
    doc_.info.author = m.organisation;
    for (const std::string& k : m.keywords) {
      if (!doc_.info.keywords.empty()) doc_.info.keywords += ", ";
      doc_.info.keywords += k;
    }
    doc_.info.language = m.language;
    doc_.info.date = m.date;
    const styles::PageStyle& ps = style_.page;
    doc_.text_width_pt = ps.width_pt - ps.margin_left_pt - ps.margin_right_pt;
    doc_.text_height_pt = ps.height_pt - ps.margin_top_pt - ps.margin_bottom_pt;

    if (report_.gongwen) {
      gongwen(*report_.gongwen);
      return;
    }
    if (report_.show_title) title();
    blocks(report_.body, "/body");
  }

 private:
  void blocks(const std::vector<Block>& body, const std::string& pointer) {
    for (size_t b = 0; b < body.size(); ++b) {
      const std::string where = pointer + "/" + std::to_string(b);
      std::visit(
          [&](const auto& block) {
            using T = std::decay_t<decltype(block)>;
            if constexpr (std::is_same_v<T, Heading>) {
              doc_.blocks.emplace_back(heading(block, where));
            } else if constexpr (std::is_same_v<T, Paragraph>) {
              doc_.blocks.emplace_back(paragraph(block, where));
            } else if constexpr (std::is_same_v<T, Table>) {
              doc_.blocks.emplace_back(table(block, tables_++, where));
            } else if constexpr (std::is_same_v<T, PageBreak>) {
              page_break(where);
            } else if constexpr (std::is_same_v<T, Signature>) {
              doc_.blocks.emplace_back(signature(block, where));
            } else if constexpr (std::is_same_v<T, Spacer>) {
              doc_.blocks.emplace_back(spacer(block, where));
            } else {
              static_assert(sizeof(T) == 0, "a block type is not resolved");
            }
          },
          body[b]);
    }
  }

  ResolvedRun run(const Run& r, const styles::TextStyle& base) const {
    ResolvedRun out;
    out.text = r.text;
    out.own.role = r.font != FontRole::kInherit;
    out.role = out.own.role ? r.font : base.role;
    out.bold = r.bold.value_or(base.bold);
    out.italic = r.italic.value_or(base.italic);
    out.underline = r.underline.value_or(false);
    out.own.bold = r.bold;
    out.own.italic = r.italic;
    out.own.underline = r.underline;
    out.size_pt = base.size_pt;
    if (!r.size.empty()) {
      // An unreadable size was reported by the reader; here it simply inherits.
      if (auto v = styles::parse_length_pt(r.size, base.size_pt); v && *v > 0) {
        out.size_pt = *v;
        out.own.size = true;
      }
    }
    return out;
  }

  // A run in the full format of a text style (a heading's number; a run-in heading's runs).
  static ResolvedRun styled_run(std::string text, const styles::TextStyle& ts) {
    ResolvedRun out;
    out.text = std::move(text);
    out.role = ts.role;
    out.size_pt = ts.size_pt;
    out.bold = ts.bold;
    out.italic = ts.italic;
    return out;
  }

  ResolvedParagraph base_paragraph(TextRole role, const std::string& where) const {
    const styles::TextStyle& ts = text_style(style_, role);
    ResolvedParagraph p;
    p.where = where;
    p.role = role;
    p.align = ts.align == HAlign::kInherit ? HAlign::kJustify : ts.align;
    p.first_indent_em = ts.first_line_indent_em;
    p.first_indent_size_pt = ts.size_pt;
    p.line_pitch_pt = styles::line_pitch_pt(ts);
    p.space_before_pt = ts.space_before_pt;
    p.space_after_pt = ts.space_after_pt;
    p.keep_with_next = ts.keep_with_next;
    return p;
  }

  // Paragraph::align and Paragraph::first_line_indent over the style; centred and right-aligned
  // paragraphs lose the first-line indent.
  static void apply_options(const Paragraph& para, ResolvedParagraph& p) {
    if (para.align != HAlign::kInherit) {
      p.align = para.align;
      p.align_overridden = true;
    }
    const bool no_indent = (para.first_line_indent.has_value() && !*para.first_line_indent) ||
                           para.align == HAlign::kCenter || para.align == HAlign::kRight;
    if (no_indent) {
      p.first_indent_em = 0;
      p.indent_overridden = true;
    }
  }

  void title() {
    const Metadata& m = report_.metadata;
    ResolvedTitle t;
    if (!m.title.empty()) {
      size_t start = 0;
      while (true) {
        const size_t nl = m.title.find('\n', start);
        const std::string line =
            m.title.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
        // A line too long for the type area is broken here, once, so that the DOCX breaks it
        // where the PDF does.
        std::vector<std::string> parts{line};
        if (measure_ != nullptr && !line.empty()) {
          parts = measure_->title_lines(line, style_.title);
          // Lines that do not give back the title's text exactly are not used: nothing is lost.
          std::string joined;
          for (const std::string& part : parts) joined += part;
          if (joined != line || parts.empty()) parts = {line};
        }
        for (const std::string& part : parts) {
          ResolvedParagraph p = base_paragraph(TextRole::kTitle, "/metadata/title");
          p.runs.push_back(styled_run(part, style_.title));
          t.lines.push_back(std::move(p));
        }
        if (nl == std::string::npos) break;
        start = nl + 1;
      }
    }
    if (!m.subtitle.empty()) {
      ResolvedParagraph p = base_paragraph(TextRole::kSubtitle, "/metadata/subtitle");
      p.runs.push_back(styled_run(m.subtitle, style_.subtitle));
      t.subtitle = std::move(p);
    }
    if (t.lines.empty() && !t.subtitle) return;
    // The title group is one unit: space only after its last paragraph, kept together.
    const size_t n = t.lines.size() + (t.subtitle ? 1 : 0);
    for (size_t i = 0; i < n; ++i) {
      ResolvedParagraph& p = i < t.lines.size() ? t.lines[i] : *t.subtitle;
      if (i > 0) p.space_before_pt = 0;
      if (i + 1 < n) {
        p.space_after_pt = 0;
        p.keep_with_next = true;
      }
    }
    doc_.blocks.emplace_back(std::move(t));
    emitted_ = true;
    last_was_break_ = false;
  }

  ResolvedParagraph heading(const Heading& h, const std::string& where) {
    const int level = std::clamp(h.level, 1, 4);
    const TextRole role = heading_role(level);
    const styles::TextStyle& ts = text_style(style_, role);
    const std::string number = headings_.next(h);
    ResolvedParagraph p = base_paragraph(h.run_in_body ? TextRole::kBody : role, where);
    p.outline_level = level;
    p.outline_title = number;
    if (!number.empty()) p.runs.push_back(styled_run(number, ts));
    for (const Run& r : h.runs) {
      p.outline_title += r.text;
      p.runs.push_back(run(r, ts));
    }
    if (h.run_in_body) {
      // 「（一）存在问题。正文……」: one body paragraph; the heading's runs carry the heading
      // style, the first-line indent is the heading's, and the heading keeps nothing with the
      // next block (it is part of the text).
      p.run_in = true;
      p.run_in_heading = role;
      p.heading_runs = p.runs.size();
      for (ResolvedRun& r : p.runs) r.own = full_own(r);
      p.first_indent_em = ts.first_line_indent_em;
      p.first_indent_size_pt = ts.size_pt;
      p.indent_overridden = true;
      p.keep_with_next = false;
      apply_options(*h.run_in_body, p);
      for (const Run& r : h.run_in_body->runs) p.runs.push_back(run(r, style_.body));
    }
    mark_emitted();
    return p;
  }

  static ResolvedRun::Own full_own(const ResolvedRun& r) {
    ResolvedRun::Own own;
    own.role = own.size = true;
    own.bold = r.bold;
    own.italic = r.italic;
    own.underline = r.own.underline;
    return own;
  }

  ResolvedParagraph paragraph(const Paragraph& para, const std::string& where) {
    ResolvedParagraph p = base_paragraph(TextRole::kBody, where);
    apply_options(para, p);
    for (const Run& r : para.runs) p.runs.push_back(run(r, style_.body));
    mark_emitted();
    return p;
  }

  ResolvedTable table(const Table& t, int index, const std::string& where) {
    ResolvedTable out;
    out.where = where;
    out.index = index;
    out.source = &t;
    TableGridOptions options;
    options.fill_holes = true;  // every grid position owned (WordprocessingML needs a w:tc)
    options.columns_from_cells = true;
    options.diagnostics = &diagnostics_;
    options.where = where;
    out.grid = resolve_table_grid(t, options);
    out.header_rows = std::clamp(t.header_rows, 0, out.grid.rows);
    out.caption = t.caption;
    out.note = t.note;
    for (int c = 0; c < out.grid.cols; ++c) {
      out.columns.push_back(column(c < static_cast<int>(t.columns.size())
                                       ? t.columns[static_cast<size_t>(c)].width
                                       : std::string(),
                                   where + "/columns/" + std::to_string(c) + "/width"));
    }
    for (const GridCell& gc : out.grid.cells) {
      ResolvedCell cell;
      const bool header = gc.kind == CellKind::kHeader;
      const TextRole role = header ? TextRole::kTableHeader : TextRole::kTableCell;
      const styles::TextStyle& ts = text_style(style_, role);
      cell.align = styles::cell_alignment(t, gc, style_);
      // The annual-report form (TableStyle::LabelLayout::kForm): a row label spanning rows is
      // centred on its group; a numbered one is set left, its lines hanging under the text after
      // its number; the report's own alignment (cell or column) always wins.
      bool numbered = false;
      if (gc.kind == CellKind::kLabel && gc.cell != nullptr &&
          style_.table.label_layout == styles::TableStyle::LabelLayout::kForm &&
          gc.cell->align == HAlign::kInherit &&
          !(static_cast<size_t>(gc.col) < t.columns.size() &&
            t.columns[static_cast<size_t>(gc.col)].align != HAlign::kInherit)) {
        const std::string first = gc.cell->paragraphs.empty() ||
                                          gc.cell->paragraphs.front().runs.empty()
                                      ? std::string()
                                      : gc.cell->paragraphs.front().runs.front().text;
        if (gc.rowspan > 1) {
          cell.align = HAlign::kCenter;
        } else if (label_number_bytes(first) > 0) {
          cell.align = HAlign::kLeft;
          numbered = true;
        }
      }
      if (gc.cell != nullptr) {
        cell.valign = gc.cell->valign == VAlign::kInherit ? VAlign::kMiddle : gc.cell->valign;
        const std::string cell_where = where + "/rows/" + std::to_string(gc.source_row) +
                                       "/cells/" + std::to_string(gc.source_index);
        for (const Paragraph& para : gc.cell->paragraphs) {
          ResolvedParagraph p = base_paragraph(role, cell_where);
          // Table text has no first-line indent, whatever the style says.
          p.first_indent_em = 0;
          p.space_before_pt = p.space_after_pt = 0;
          p.keep_with_next = false;
          p.align = para.align != HAlign::kInherit ? para.align : cell.align;
          for (const Run& r : para.runs) p.runs.push_back(run(r, ts));
          if (numbered && cell.paragraphs.empty() && p.align == HAlign::kLeft &&
              !p.runs.empty()) {
            p.number_bytes = label_number_bytes(p.runs.front().text);
            if (p.number_bytes > 0) {
              const std::string_view number =
                  std::string_view(p.runs.front().text).substr(0, p.number_bytes);
              p.hanging_em = measure_ != nullptr ? measure_->width_em(number, ts)
                                                 : text_width_em(number, style_.autospace);
            }
          }
          cell.paragraphs.push_back(std::move(p));
        }
      }
      out.cells.push_back(std::move(cell));
    }
    if (out.grid.rows == 0 || out.grid.cols == 0) {
      warn(where, "the table has no rows or no columns; only its caption and note are printed");
    }
    mark_emitted();
    return out;
  }

  // "" / "auto", "2fr", "15%", or a length ("20mm", "48pt"): the one parser of column widths.
  ResolvedColumn column(const std::string& w, const std::string& where) {
    ResolvedColumn c;
    if (w.empty() || w == "auto") return c;
    if (ends_with(w, "fr")) {
      if (auto v = decimal(std::string_view(w).substr(0, w.size() - 2)); v && *v > 0) {
        c.kind = ResolvedColumn::kFraction;
        c.value = *v;
        return c;
      }
    } else if (ends_with(w, "%")) {
      if (auto v = decimal(std::string_view(w).substr(0, w.size() - 1)); v && *v <= 100) {
        c.kind = ResolvedColumn::kPercent;
        c.value = *v;
        return c;
      }
    } else if (auto pt = styles::parse_length_pt(w, style_.table_cell.size_pt); pt && *pt > 0) {
      c.kind = ResolvedColumn::kFixed;
      c.value = *pt;
      return c;
    }
    warn(where, "expected a column width (\"auto\", \"2fr\", \"15%\" or a length), got \"" +
                    w.substr(0, 40) + "\"; the column is sized automatically");
    return c;
  }

  // GB/T 9704-2012 §7.3.5.2 (unsealed documents): the organisation right-indented two
  // characters; the date on the next line, its first character two characters right of the
  // organisation's first; a date longer than that is right-indented two characters and the
  // organisation moves left to keep the two-character step. Widths are measured in characters
  // of the signature's size (by the TextMeasure, else estimated), so both writers place the
  // lines alike.
  ResolvedSignature signature(const Signature& s, const std::string& where) {
    ResolvedSignature out;
    out.where = where;
    auto width = [&](const std::string& text) {
      if (text.empty()) return 0.0;
      return measure_ != nullptr ? measure_->width_em(text, style_.signature)
                                 : text_width_em(text, style_.autospace);
    };
    const double wo = width(s.organisation);
    const double wd = width(s.date);
    double org_start = wo;          // from the right boundary (two characters in from the margin)
    double date_end = wo - 2 - wd;  // the date's right end, from the same boundary
    if (date_end < 0) {
      date_end = 0;
      org_start = std::max(wo, wd + 2);
    }
    const double org_end = org_start - wo;
    const bool org = !s.organisation.empty();
    if (org) out.lines.push_back({s.organisation, 2 + org_end});
    if (!s.date.empty()) out.lines.push_back({s.date, org ? 2 + date_end : 2});
    // One blank body line between the body and the signature.
    out.space_before_pt = styles::line_pitch_pt(style_.body) +
                          std::max(style_.signature.space_before_pt, 0.0);
    mark_emitted();
    return out;
  }

  // ------------------------------------------------------------------------------------------
  // 公文 (GB/T 9704-2012): masthead, title, 主送, body, 附件说明, signature, 附注, minutes'
  // lists, attachments, 版记. Texts and roles are decided here; layout places them.

  double width_em(const std::string& text, const styles::TextStyle& ts) const {
    if (text.empty()) return 0;
    return measure_ != nullptr ? measure_->width_em(text, ts)
                               : text_width_em(text, style_.autospace);
  }

  // A paragraph of one or more runs in the body style, flush left, no first-line indent.
  ResolvedParagraph plain_line(const std::string& where,
                               std::vector<std::pair<std::string, FontRole>> parts) const {
    ResolvedParagraph p = base_paragraph(TextRole::kBody, where);
    p.align = HAlign::kLeft;
    p.align_overridden = true;
    p.first_indent_em = 0;
    p.indent_overridden = true;
    for (auto& [text, role] : parts) {
      ResolvedRun r = styled_run(text, style_.body);
      if (role != style_.body.role) {
        r.role = role;
        r.own.role = true;
      }
      p.runs.push_back(std::move(r));
    }
    return p;
  }

  void gongwen(const Gongwen& g) {
    ResolvedGongwen out;
    ResolvedMasthead& m = out.masthead;
    const std::string at = "/gongwen";
    switch (g.kind) {
      case GongwenKind::kLetter:
        m.format = GongwenFormat::kLetter;
        break;
      case GongwenKind::kOrder:
        m.format = GongwenFormat::kOrder;
        break;
      case GongwenKind::kMinutes:
        m.format = GongwenFormat::kMinutes;
        break;
      default:
        m.format = GongwenFormat::kDocument;
    }
    // §7.2.6: 请示 and 报告 go upward and carry 签发人.
    m.upward = g.kind == GongwenKind::kRequest || g.kind == GongwenKind::kReport;
    // §7.2.1–7.2.3: 份号 in 仿宋 digits, 密级 and 紧急程度 in 黑体, one a line in that order.
    if (!g.copy_number.empty()) {
      m.head.push_back(plain_line(at + "/copy_number", {{g.copy_number, style_.body.role}}));
    }
    if (!g.classification.empty()) {
      std::string text = g.classification;
      if (!g.secrecy_period.empty()) text += "★" + g.secrecy_period;
      m.head.push_back(plain_line(at + "/classification", {{text, FontRole::kHei}}));
    }
    if (!g.urgency.empty()) {
      m.head.push_back(plain_line(at + "/urgency", {{g.urgency, FontRole::kHei}}));
    }
    // §7.2.4 / §10: the mark. Joint documents stack the names with "文件" to their right; a
    // letter prints the name alone, minutes "××纪要", an order "××令".
    const std::vector<std::string>& names = g.authorities;
    if (!g.mark.empty()) {
      m.mark_names = {g.mark};
    } else if (m.format == GongwenFormat::kDocument) {
      m.mark_names = names;
      m.mark_suffix = "文件";
      if (names.size() == 1) {
        m.mark_names = {names[0] + "文件"};
        m.mark_suffix.clear();
      }
    } else {
      const char* suffix = m.format == GongwenFormat::kMinutes ? "纪要"
                           : m.format == GongwenFormat::kOrder ? "令"
                                                               : "";
      for (const std::string& n : names) m.mark_names.push_back(n + suffix);
    }
    if (m.mark_names.empty()) {
      warn(at + "/authorities", "a 公文 needs its issuing authority for the masthead; none given");
    }
    // §7.2.4: a mark wider than the type area is compressed horizontally to fit one line.
    styles::TextStyle mark_style = style_.title;
    mark_style.size_pt = m.mark_size_pt;
    double names_em = 0;
    for (const std::string& n : m.mark_names)
      names_em = std::max(names_em, width_em(n, mark_style));
    const double total_em =
        names_em + (m.mark_suffix.empty() ? 0 : 0.5 + width_em(m.mark_suffix, mark_style));
    const double avail_em = doc_.text_width_pt / m.mark_size_pt;
    if (total_em > avail_em) {
      m.mark_scale = std::clamp(static_cast<int>(avail_em / total_em * 1000), 1, 1000);
    }
    m.doc_number = g.doc_number;
    if (m.upward) {
      // §7.2.6: "签发人：" then the names, two a line, in authority order.
      for (size_t i = 0; i < g.signers.size(); i += 2) {
        std::vector<std::pair<std::string, FontRole>> parts;
        parts.emplace_back(i == 0 ? "签发人：" : "", style_.body.role);
        parts.emplace_back(g.signers[i], FontRole::kKai);
        if (i + 1 < g.signers.size()) parts.emplace_back("　" + g.signers[i + 1], FontRole::kKai);
        ResolvedParagraph p = plain_line(at + "/signers/" + std::to_string(i), std::move(parts));
        if (i > 0) p.left_indent_em = width_em("签发人：", style_.body);
        m.signer_lines.push_back(std::move(p));
      }
    }

    // 主体. §7.3.1: the title two lines below the rule (layout); §7.3.2: 主送 one line below it.
    // An order (§10.2) usually has none: its body follows the 令号 (show_title: false).
    if (report_.show_title) title();
    if (!g.addressees.empty()) {
      std::string text = g.addressees;
      if (!text.ends_with("：")) text += "：";
      ResolvedParagraph p = plain_line(at + "/addressees", {{text, style_.body.role}});
      p.align = HAlign::kJustify;
      doc_.blocks.emplace_back(std::move(p));
    }
    blocks(report_.body, "/body");
    attachment_note(g);
    signature(g);
    if (!g.note.empty()) {
      // §7.3.6: 附注 one line below the date, two characters in, in parentheses.
      std::string text = g.note;
      if (!text.starts_with("（")) text = "（" + text + "）";
      ResolvedParagraph p = base_paragraph(TextRole::kBody, at + "/note");
      p.runs.push_back(styled_run(text, style_.body));
      doc_.blocks.emplace_back(std::move(p));
    }
    minutes_lists(g);
    attachments(g);
    if (g.record) out.record = record(*g.record, m.format);
    doc_.gongwen = std::move(out);
    check_gongwen(g);
  }

  // What `paiban check` (and render) warns about in a 公文, each at its pointer.
  void check_gongwen(const Gongwen& g) {
    // §7.2.5: every kind but the minutes carries a 发文字号.
    if (g.doc_number.empty() && g.kind != GongwenKind::kMinutes) {
      warn("/gongwen", "the 公文 has no 发文字号 (\"doc_number\"); a " +
                           std::string(name_of_kind(g.kind)) + " carries one (GB/T 9704 §7.2.5)");
    }
    // §7.2.5: the year in hexagonal brackets 〔〕, not [] or （） or ().
    static const std::regex kWrongBrackets("(\\[|（|\\(|【)[0-9]{4}(\\]|）|\\)|】)");
    if (std::regex_search(g.doc_number, kWrongBrackets)) {
      warn("/gongwen/doc_number", "the year in the 发文字号 \"" + g.doc_number +
                                      "\" is in the wrong brackets; GB/T 9704 §7.2.5 writes 〔〕, "
                                      "e.g. 国办发〔2023〕12号");
    }
    // §7.3.5.4: 成文日期 in Arabic numerals, the year in full, no leading zeros: 2023年5月6日.
    if (!g.date.empty() && !is_standard_date(g.date)) {
      warn("/gongwen/date", "the 成文日期 \"" + g.date +
                                "\" is not in the standard form: write it like 2023年5月6日 "
                                "(Arabic numerals, no leading zeros; GB/T 9704 §7.3.5.4)");
    }
    // §7.4.3: the 版记 ends with the 印发机关 and the 印发日期 (the letter format has none).
    if (g.record && g.record->printer.empty() && g.kind != GongwenKind::kLetter) {
      warn("/gongwen/record", "the 版记 has no 印发机关 (\"printer\"; GB/T 9704 §7.4.3)");
    }
  }

  static std::string_view name_of_kind(GongwenKind kind) {
    switch (kind) {
      case GongwenKind::kNotice:
        return "通知";
      case GongwenKind::kRequest:
        return "请示";
      case GongwenKind::kReport:
        return "报告";
      case GongwenKind::kLetter:
        return "函";
      case GongwenKind::kMinutes:
        return "纪要";
      case GongwenKind::kOrder:
        return "命令";
    }
    return "公文";
  }

  // "2023年5月6日": a four-digit year, month 1–12 and day 1–31 without leading zeros.
  static bool is_standard_date(const std::string& date) {
    static const std::regex kDate("([0-9]{4})年([1-9][0-9]?)月([1-9][0-9]?)日");
    std::smatch m;
    if (!std::regex_match(date, m, kDate)) return false;
    const int month = std::stoi(m[2]);
    const int day = std::stoi(m[3]);
    return month <= 12 && day <= 31;
  }

  // §7.3.4: one blank line below the body, two characters in, "附件：" then the names; several
  // are numbered "1.××" with the next ones under the first; a wrapped name aligns with the first
  // character of its name (a hanging indent).
  void attachment_note(const Gongwen& g) {
    std::vector<std::string> names = g.attachment_note;
    const bool given = !names.empty();
    if (!given) {
      for (const Attachment& a : g.attachments) names.push_back(a.title);
    }
    const std::string label = "附件：";
    const double label_em = width_em(label, style_.body);
    for (size_t i = 0; i < names.size(); ++i) {
      const std::string number = names.size() > 1 ? std::to_string(i + 1) + "." : "";
      const std::string where = given ? "/gongwen/attachment_note/" + std::to_string(i)
                                      : "/gongwen/attachments/" + std::to_string(i) + "/title";
      ResolvedParagraph p = plain_line(where, {});
      p.align = HAlign::kJustify;
      const std::string prefix = (i == 0 ? label : std::string()) + number;
      p.runs.push_back(styled_run(prefix + names[i], style_.body));
      p.left_indent_em = 2 + label_em + width_em(number, style_.body);
      p.first_indent_em = -width_em(prefix, style_.body);
      p.indent_overridden = true;
      if (i == 0) p.space_before_pt = styles::line_pitch_pt(style_.body);
      doc_.blocks.emplace_back(std::move(p));
    }
  }

  void signature(const Gongwen& g) {
    std::vector<std::string> names;
    std::vector<ResolvedSeal> seals;
    bool sealed = false;
    for (size_t i = 0; i < g.signatures.size(); ++i) {
      const GongwenSignature& s = g.signatures[i];
      names.push_back(s.name);
      ResolvedSeal seal;
      if (s.seal) {
        seal.where = "/gongwen/signatures/" + std::to_string(i) + "/seal";
        seal.diameter_pt =
            styles::parse_length_pt(s.seal->diameter, style_.body.size_pt).value_or(0);
        if (seal.diameter_pt <= 0 || seal.diameter_pt > doc_.text_width_pt / 2) {
          warn(seal.where + "/diameter", "a seal as wide as " + s.seal->diameter +
                                             " does not fit beside the text; 42mm is used");
          seal.diameter_pt = 42 * 72 / 25.4;
        }
        if (files_ != nullptr) {
          if (auto it = files_->find(s.seal->image); it != files_->end()) seal.image = it->second;
        }
        sealed = sealed || !seal.image.empty();
      }
      seals.push_back(std::move(seal));
    }
    // Minutes carry no signature unless the report gives one (§10.3).
    if (names.empty() && g.kind != GongwenKind::kMinutes) names = g.authorities;
    if (names.empty() && g.date.empty()) return;
    if (!sealed) {
      // §7.3.5.2: the unsealed signature, names one under the other.
      Signature s;
      s.date = g.date;
      // Joint: the names one under the other, the date under the last.
      ResolvedSignature joint;
      for (size_t i = 0; i < std::max<size_t>(names.size(), 1); ++i) {
        s.organisation = i < names.size() ? names[i] : std::string();
        ResolvedSignature r = this->signature(s, "/gongwen/signatures");
        if (i == 0) joint.space_before_pt = r.space_before_pt;
        const bool last = i + 1 >= names.size();
        for (size_t k = 0; k < r.lines.size(); ++k) {
          if (k > 0 && !last) break;  // the date only after the last name
          joint.lines.push_back(r.lines[k]);
        }
      }
      joint.where = "/gongwen/signatures";
      doc_.blocks.emplace_back(std::move(joint));
      return;
    }
    ResolvedSealedSignature out;
    out.where = "/gongwen/signatures";
    out.names = std::move(names);
    seals.resize(out.names.size());
    out.seals = std::move(seals);
    out.date = g.date;
    out.date_right_em = 4;
    // §7.3.5.3: an order is signed by its signer's title and signature seal.
    out.signature_seal = g.kind == GongwenKind::kOrder;
    for (const std::string& n : out.names) out.name_widths_em.push_back(width_em(n, style_.body));
    out.date_width_em = width_em(out.date, style_.body);
    mark_emitted();
    doc_.blocks.emplace_back(std::move(out));
  }

  // §10.3: "出席：" in 黑体, the names in 仿宋, wrapped lines aligned after the colon; "请假："
  // and "列席：" the same way; one blank line before the first.
  void minutes_lists(const Gongwen& g) {
    const std::pair<const char*, const std::string*> lists[] = {
        {"出席：", &g.present}, {"请假：", &g.absent}, {"列席：", &g.attending}};
    const char* keys[] = {"present", "absent", "attending"};
    bool first = true;
    for (size_t i = 0; i < 3; ++i) {
      const auto& [label, names] = lists[i];
      if (names->empty()) continue;
      ResolvedParagraph p = plain_line(std::string("/gongwen/minutes/") + keys[i],
                                       {{label, FontRole::kHei}, {*names, style_.body.role}});
      p.align = HAlign::kJustify;
      const double label_em = width_em(label, style_.body);
      p.left_indent_em = 2 + label_em;
      p.first_indent_em = -label_em;
      if (first) p.space_before_pt = styles::line_pitch_pt(style_.body);
      first = false;
      doc_.blocks.emplace_back(std::move(p));
    }
  }

  // §7.3.7: each attachment on a new page; "附件" and its number in 3号黑体 flush left on line
  // 1, the title centred on line 3, then its blocks formatted like the body.
  void attachments(const Gongwen& g) {
    for (size_t i = 0; i < g.attachments.size(); ++i) {
      const Attachment& a = g.attachments[i];
      const std::string at = "/gongwen/attachments/" + std::to_string(i);
      doc_.blocks.emplace_back(ResolvedPageBreak{at});
      std::string label = "附件";
      if (g.attachments.size() > 1) label += std::to_string(i + 1);
      doc_.blocks.emplace_back(plain_line(at, {{label, FontRole::kHei}}));
      ResolvedTitle t;
      ResolvedParagraph p = base_paragraph(TextRole::kTitle, at + "/title");
      p.space_before_pt = styles::line_pitch_pt(style_.body);
      p.runs.push_back(styled_run(a.title, style_.title));
      t.lines.push_back(std::move(p));
      doc_.blocks.emplace_back(std::move(t));
      headings_ = HeadingCounter();
      blocks(a.body, at + "/body");
    }
  }

  // §7.4: 抄送 one character in from both sides, a full stop after the last name; 印发机关 one
  // character in from the left, the date and "印发" one in from the right; 4号仿宋.
  ResolvedRecord record(const GongwenRecord& r, GongwenFormat format) {
    ResolvedRecord out;
    out.where = "/gongwen/record";
    out.rules = format != GongwenFormat::kLetter;
    if (!r.copies_to.empty()) {
      std::string text = r.copies_to;
      if (!text.ends_with("。")) text += "。";
      ResolvedParagraph p =
          plain_line(out.where + "/copies_to", {{"抄送：" + text, style_.body.role}});
      p.align = HAlign::kJustify;
      for (ResolvedRun& run : p.runs) {
        run.size_pt = out.size_pt;
        run.own.size = true;
      }
      p.first_indent_size_pt = out.size_pt;
      const double label_em = 3;  // "抄送：", full-width characters
      p.left_indent_em = 1 + label_em;
      p.first_indent_em = -label_em;
      p.line_pitch_pt = styles::line_pitch_pt(style_.body);
      out.copies_to = std::move(p);
    }
    // §10.1 gives the letter's 版记 no 印发 line; one the report gives is printed all the same
    // (published letters carry it), without rules.
    out.printer = r.printer;
    if (!r.print_date.empty()) {
      out.print_date = r.print_date;
      if (!out.print_date.ends_with("印发")) out.print_date += "印发";
    }
    return out;
  }

  // "Nline" (N body lines) or a length. Limited to kMaxSpacerPages pages of the type area; a bad
  // value warns and gives one line.
  ResolvedSpace spacer(const Spacer& s, const std::string& where) {
    ResolvedSpace out;
    out.where = where;
    const std::string& h = s.height;
    const double pitch = styles::line_pitch_pt(style_.body);
    std::optional<double> height;
    if (h == "line") {
      height = pitch;
    } else if (ends_with(h, "line")) {
      if (auto n = decimal(std::string_view(h).substr(0, h.size() - 4))) height = *n * pitch;
    } else {
      height = styles::parse_length_pt(h, style_.body.size_pt);
    }
    if (!height || *height < 0) {
      warn(where + "/height", "expected a length or \"Nline\", got \"" + h.substr(0, 40) +
                                  "\"; one line is used");
      height = pitch;
    }
    const double limit = doc_.text_height_pt * limits::kMaxSpacerPages;
    if (*height > limit) {
      warn(where + "/height", "a spacer of " + h.substr(0, 40) + " is taller than " +
                                  std::to_string(limits::kMaxSpacerPages) +
                                  " pages; it is cut to that height");
      height = limit;
    }
    out.height_pt = *height;
    mark_emitted();
    return out;
  }

  // A break before anything was set, or right after another break, would print a blank page.
  void page_break(const std::string& where) {
    if (!emitted_ || last_was_break_) return;
    doc_.blocks.emplace_back(ResolvedPageBreak{where});
    last_was_break_ = true;
  }

  void mark_emitted() {
    emitted_ = true;
    last_was_break_ = false;
  }

  void warn(const std::string& where, std::string message) {
    Diagnostic d;
    d.severity = Severity::kWarning;
    d.pointer = where;
    d.message = std::move(message);
    diagnostics_.push_back(std::move(d));
  }

  const Report& report_;
  ResolvedDocument& doc_;
  const styles::Style& style_;
  std::vector<Diagnostic>& diagnostics_;
  TextMeasure* measure_;
  const std::map<std::string, std::string>* files_;
  HeadingCounter headings_;
  int tables_ = 0;
  bool emitted_ = false;
  bool last_was_break_ = false;
};

}  // namespace

ResolvedDocument resolve_document(const Report& report, styles::Style style,
                                  std::vector<Diagnostic>& diagnostics, TextMeasure* measure,
                                  const std::map<std::string, std::string>* files) {
  ResolvedDocument doc;
  doc.style = std::move(style);
  Resolver(report, doc, diagnostics, measure, files).run();
  return doc;
}

}  // namespace paiban::resolve
