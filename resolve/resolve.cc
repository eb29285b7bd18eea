// The resolve phase: report + resolved style sheet → the resolved document (resolved.h). Every
// rule that the PDF's layout and the DOCX writer share is decided here, once.
#include <algorithm>
#include <charconv>
#include <initializer_list>
#include <string_view>
#include <cmath>
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
           TextMeasure* measure)
      : report_(report), doc_(doc), style_(doc.style), diagnostics_(diagnostics),
        measure_(measure) {}

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

    if (report_.show_title) title();
    int tables = 0;
    for (size_t b = 0; b < report_.body.size(); ++b) {
      const std::string where = "/body/" + std::to_string(b);
      std::visit(
          [&](const auto& block) {
            using T = std::decay_t<decltype(block)>;
            if constexpr (std::is_same_v<T, Heading>) {
              doc_.blocks.emplace_back(heading(block, where));
            } else if constexpr (std::is_same_v<T, Paragraph>) {
              doc_.blocks.emplace_back(paragraph(block, where));
            } else if constexpr (std::is_same_v<T, Table>) {
              doc_.blocks.emplace_back(table(block, tables++, where));
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
          report_.body[b]);
    }
  }

 private:
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
  HeadingCounter headings_;
  bool emitted_ = false;
  bool last_was_break_ = false;
};

}  // namespace

ResolvedDocument resolve_document(const Report& report, styles::Style style,
                                  std::vector<Diagnostic>& diagnostics, TextMeasure* measure) {
  ResolvedDocument doc;
  doc.style = std::move(style);
  Resolver(report, doc, diagnostics, measure).run();
  return doc;
}

}  // namespace paiban::resolve
