// word/document.xml: the body (ECMA-376 Part 1 §17.2–17.4) and its section properties (§17.6).
#include <algorithm>
#include <cmath>
#include <variant>

#include "docx/column_widths.h"
#include "docx/ooxml.h"
#include "docx/parts.h"
#include "numbering.h"
#include "table_grid.h"

namespace paiban::docx::detail {

namespace {

const char* valign_value(VAlign v) {
  switch (v) {
    case VAlign::kTop:
      return "top";
    case VAlign::kBottom:
      return "bottom";
    default:
      return "center";  // kMiddle, and kInherit as the PDF's table layout does
  }
}

class BodyWriter {
 public:
  BodyWriter(const Report& report, const styles::Style& style, const DocxOptions& options,
             const PackagePlan& plan, std::vector<Diagnostic>& diagnostics, pugi::xml_node body)
      : report_(report),
        style_(style),
        options_(options),
        plan_(plan),
        diagnostics_(diagnostics),
        body_(body),
        page_(page_geometry(style)) {}

  void write() {
    if (report_.show_title) write_title();
    for (size_t b = 0; b < report_.body.size(); ++b) {
      const std::string where = "/body/" + std::to_string(b);
      const Block& block = report_.body[b];
      if (const auto* h = std::get_if<Heading>(&block)) {
        write_heading(*h);
      } else if (const auto* p = std::get_if<Paragraph>(&block)) {
        write_paragraph(*p);
      } else if (const auto* t = std::get_if<Table>(&block)) {
        write_table(*t, where);
        // Word joins two tables with nothing between them, and a body should not end in a
        // table: a table without a note gets a paragraph after it in both cases.
        const bool next_is_table =
            b + 1 < report_.body.size() && std::holds_alternative<Table>(report_.body[b + 1]);
        if (t->note.empty() && (next_is_table || b + 1 == report_.body.size())) {
          write_filler_paragraph(next_is_table ? 0 : 20);
        }
      } else if (std::holds_alternative<PageBreak>(block)) {
        // As in the PDF: no break before anything was written, and none right after another
        // (either would print a blank page).
        const bool nothing_before = !report_.show_title && b == 0;
        const bool after_break = b > 0 && std::holds_alternative<PageBreak>(report_.body[b - 1]);
        if (!nothing_before && !after_break) write_page_break();
      } else if (const auto* s = std::get_if<Signature>(&block)) {
        write_signature(*s);
      } else if (const auto* sp = std::get_if<Spacer>(&block)) {
        write_spacer(*sp);
      }
    }
    // A body needs a paragraph for Word to open it (an empty report still gives a document).
    if (!body_.first_child()) write_filler_paragraph(0);
    write_section();
  }

 private:
  pugi::xml_node new_paragraph(const ParaFormat& format) {
    pugi::xml_node p = add(body_, "w:p");
    pugi::xml_node ppr = add(p, "w:pPr");
    write_para_format(ppr, format);
    if (!ppr.first_child()) p.remove_child(ppr);
    return p;
  }

  static RunFormat hint_only(std::string_view text) {
    RunFormat f;
    f.east_asian_hint = needs_east_asian_hint(text);
    return f;
  }

  void write_runs(pugi::xml_node p, const std::vector<Run>& runs, const styles::TextStyle& base) {
    for (const Run& r : runs) add_text_run(p, style_, run_overrides(r, base), r.text);
  }

  // The title group (metadata.title, its forced line breaks as w:br, then the subtitle) is one
  // unit: space only after its last paragraph, as the PDF sets it.
  void write_title() {
    const Metadata& m = report_.metadata;
    const bool subtitle = !m.subtitle.empty();
    if (!m.title.empty()) {
      ParaFormat pf;
      pf.style_id = "Title";
      if (subtitle) {
        pf.after_twips = 0;
        pf.keep_next = true;
      }
      add_text_run(new_paragraph(pf), style_, hint_only(m.title), m.title);
    }
    if (subtitle) {
      ParaFormat pf;
      pf.style_id = "Subtitle";
      if (!m.title.empty()) pf.before_twips = 0;
      add_text_run(new_paragraph(pf), style_, hint_only(m.subtitle), m.subtitle);
    }
  }

  void write_heading(const Heading& h) {
    const int level = std::clamp(h.level, 1, 4);
    const styles::TextStyle& ts = styles::heading_style(style_, level);
    const std::string number = headings_.next(h);
    if (!h.run_in_body) {
      ParaFormat pf;
      pf.style_id = "Heading" + std::to_string(level);
      pugi::xml_node p = new_paragraph(pf);
      add_text_run(p, style_, hint_only(number), number);
      write_runs(p, h.runs, ts);
      return;
    }
    // A run-in heading ("（一）存在问题。正文……"): one body paragraph, the heading's runs carrying
    // the heading style as run properties. The paragraph keeps the heading's outline level so
    // that Word's navigation pane still lists it (with its body text).
    const Paragraph& body = *h.run_in_body;
    ParaFormat pf;
    pf.outline_level = level - 1;
    pf.indent = para_format(ts, style_).indent;
    apply_paragraph_options(body, pf);
    pugi::xml_node p = new_paragraph(pf);
    RunFormat heading_format = full_format(ts);
    heading_format.east_asian_hint = needs_east_asian_hint(number);
    add_text_run(p, style_, heading_format, number);
    for (const Run& r : h.runs) {
      RunFormat f = full_format(ts);
      const RunFormat o = run_overrides(r, ts);
      if (o.role) f.role = o.role;
      if (o.bold) f.bold = o.bold;
      if (o.italic) f.italic = o.italic;
      if (o.size_pt) f.size_pt = o.size_pt;
      f.underline = o.underline;
      f.east_asian_hint = o.east_asian_hint;
      add_text_run(p, style_, f, r.text);
    }
    write_runs(p, body.runs, style_.body);
  }

  // Paragraph::align and Paragraph::first_line_indent over the style; centred and right-aligned
  // paragraphs lose the first-line indent (as in the PDF).
  static void apply_paragraph_options(const Paragraph& p, ParaFormat& pf) {
    if (p.align != HAlign::kInherit) pf.jc = jc_value(p.align);
    const bool no_indent = (p.first_line_indent.has_value() && !*p.first_line_indent) ||
                           p.align == HAlign::kCenter || p.align == HAlign::kRight;
    if (no_indent) pf.indent = ParaFormat::Indent{};
  }

  void write_paragraph(const Paragraph& para) {
    ParaFormat pf;  // Normal, the default paragraph style
    apply_paragraph_options(para, pf);
    write_runs(new_paragraph(pf), para.runs, style_.body);
  }

  // GB/T 9704-2012 §7.3.5.2 (unsealed documents): the organisation right-indented two
  // characters; the date on the next line with its first character two characters right of the
  // organisation's first; a date longer than that is right-indented two characters and the
  // organisation moves left to keep the two-character step. The PDF measures the shaped text;
  // here the widths are estimated with text_width_em, and the paragraphs are right-aligned with the
  // resulting right indents (w:rightChars, and w:right in twips for applications without
  // character units). One blank body line separates the signature from
  // the text above.
  void write_signature(const Signature& s) {
    const styles::TextStyle& ts = style_.signature;
    const double wo = text_width_em(s.organisation, style_.autospace);
    const double wd = text_width_em(s.date, style_.autospace);
    double org_start = wo;          // from the right boundary (two characters in from the margin)
    double date_end = wo - 2 - wd;  // the date's right end, from the same boundary
    if (date_end < 0) {
      date_end = 0;
      org_start = std::max(wo, wd + 2);
    }
    const double org_end = org_start - wo;
    auto line = [&](const std::string& text, double right_em, bool first, bool keep_next) {
      ParaFormat pf;
      pf.style_id = "Signature";
      pf.jc = "right";
      pf.keep_next = keep_next;
      ParaFormat::Indent ind;
      ind.right_chars = static_cast<int>(std::lround(right_em * 100));
      ind.right = static_cast<int>(std::lround(right_em * char_twips(style_, ts)));
      pf.indent = ind;
      if (first) {
        pf.before_twips = line_pitch_twips(line_pitch_pt(style_.body)) +
                          std::max(to_twips(ts.space_before_pt), 0);
      }
      add_text_run(new_paragraph(pf), style_, hint_only(text), text);
    };
    const bool org = !s.organisation.empty();
    const bool date = !s.date.empty();
    if (org) line(s.organisation, 2 + org_end, true, date);
    if (date) line(s.date, org ? 2 + date_end : 2, !org, false);
  }

  // A spacer: empty paragraphs of exact height, one per body line and one for the remainder.
  void write_spacer(const Spacer& sp) {
    const double pitch = line_pitch_pt(style_.body);
    double height = pitch;
    const std::string& h = sp.height;
    if (h.size() > 4 && h.compare(h.size() - 4, 4, "line") == 0) {
      // A bad count is reported by the reader and the layout; one line is used.
      height = parse_decimal(std::string_view(h).substr(0, h.size() - 4)).value_or(1) * pitch;
    } else if (auto v = styles::parse_length_pt(h, style_.body.size_pt)) {
      height = *v;
    }
    long long total = std::clamp<long long>(std::llround(height * 20), 0, 20LL * 20 * 842 * 10);
    const long long step = line_pitch_twips(pitch);
    while (total > 0) {
      const long long part = std::min(total, step);
      write_filler_paragraph(static_cast<int>(part));
      total -= part;
    }
  }

  // An empty paragraph; with `exact_twips` > 0 its height is exactly that.
  void write_filler_paragraph(int exact_twips) {
    ParaFormat pf;
    if (exact_twips > 0) {
      pf.before_twips = 0;
      pf.after_twips = 0;
      pf.line = exact_twips;
      pf.line_exact = true;
    }
    new_paragraph(pf);
  }

  // A page break: w:br w:type="page" in a paragraph one point high, so that the paragraph mark
  // that follows the break takes (almost) no room at the top of the new page.
  void write_page_break() {
    write_filler_paragraph(20);
    pugi::xml_node p = body_.last_child();
    set_attr(add(add(p, "w:r"), "w:br"), "w:type", "page");
  }

  std::vector<int> column_widths(const Table& t, int cols, size_t index, const std::string& where) {
    if (index < options_.table_column_widths_twips.size()) {
      const std::vector<int>& given = options_.table_column_widths_twips[index];
      if (!given.empty()) {
        const bool ok = static_cast<int>(given.size()) == cols &&
                        std::all_of(given.begin(), given.end(), [](int w) { return w > 0; });
        if (ok) return given;
        Diagnostic d;
        d.severity = Severity::kWarning;
        d.pointer = where;
        d.message = "the table layout gave " + std::to_string(given.size()) +
                    " column widths for a table of " + std::to_string(cols) +
                    " columns (or a width ≤ 0); the DOCX derives them from the column specs";
        diagnostics_.push_back(d);
      }
    }
    return derive_column_widths(t, cols, style_, page_.text_width, where, diagnostics_);
  }

  void write_cell(pugi::xml_node tr, const Table& t, const GridCell& gc, bool origin,
                  const std::vector<int>& widths, bool keep_next) {
    pugi::xml_node tc = add(tr, "w:tc");
    pugi::xml_node tcpr = add(tc, "w:tcPr");
    long long width = 0;
    for (int c = gc.col; c < gc.col + gc.colspan; ++c) width += widths[static_cast<size_t>(c)];
    pugi::xml_node tcw = add(tcpr, "w:tcW");
    set_attr(tcw, "w:w", width);
    set_attr(tcw, "w:type", "dxa");
    if (gc.colspan > 1) add_val(tcpr, "w:gridSpan", gc.colspan);
    // A rowspan: the origin cell restarts a vertical merge, the cell below it in every covered
    // row continues it (same grid column, same w:gridSpan).
    if (!origin) {
      add_val(tcpr, "w:vMerge", "continue");
    } else if (gc.rowspan > 1) {
      add_val(tcpr, "w:vMerge", "restart");
    }
    add_val(tcpr, "w:vAlign",
            valign_value(gc.cell != nullptr ? gc.cell->valign : VAlign::kInherit));

    const bool header = gc.kind == CellKind::kHeader;
    const styles::TextStyle& ts = header ? style_.table_header : style_.table_cell;
    ParaFormat pf;
    pf.style_id = header ? "TableHeader" : "TableText";
    pf.jc = jc_value(styles::cell_alignment(t, gc, style_));
    pf.keep_next = keep_next;
    if (table_scale_ != 1.0) {
      pf.line = line_pitch_twips(line_pitch_pt(ts) * table_scale_);
      pf.line_exact = true;
    }
    // Table text has no first-line indent, whatever the style says (as in the PDF).
    if (ts.first_line_indent_em > 0) pf.indent = ParaFormat::Indent{};
    if (!origin || gc.cell == nullptr || gc.cell->paragraphs.empty()) {
      pugi::xml_node p = add(tc, "w:p");
      write_para_format(add(p, "w:pPr"), pf);
      return;
    }
    for (const Paragraph& para : gc.cell->paragraphs) {
      ParaFormat ppf = pf;
      if (para.align != HAlign::kInherit) ppf.jc = jc_value(para.align);
      pugi::xml_node p = add(tc, "w:p");
      write_para_format(add(p, "w:pPr"), ppf);
      for (const Run& r : para.runs) {
        RunFormat f = run_overrides(r, ts);
        // The PDF's table layout may have set this table's text smaller to fit the text width:
        // the DOCX follows it, so both wrap their labels alike.
        if (table_scale_ != 1.0) f.size_pt = f.size_pt.value_or(ts.size_pt) * table_scale_;
        add_text_run(p, style_, f, r.text);
      }
    }
  }

  void write_border(pugi::xml_node borders, const char* side, double width_pt) {
    pugi::xml_node b = add(borders, side);
    set_attr(b, "w:val", "single");
    // w:sz in eighths of a point; Word accepts 2 … 96.
    set_attr(b, "w:sz", std::clamp(to_eighth_points(width_pt), 2, 96));
    set_attr(b, "w:space", 0);
    set_attr(b, "w:color", "000000");
  }

  void write_table(const Table& t, const std::string& where) {
    const size_t index = table_index_++;
    table_scale_ = index < options_.table_font_scales.size() ? options_.table_font_scales[index]
                                                             : 1.0;
    TableGridOptions grid_options;
    grid_options.fill_holes = true;  // WordprocessingML needs a w:tc at every grid position
    grid_options.columns_from_cells = true;
    grid_options.diagnostics = &diagnostics_;
    grid_options.where = where;
    const TableGrid g = resolve_table_grid(t, grid_options);
    if (!t.caption.empty()) {
      ParaFormat pf;
      pf.style_id = "Caption";
      add_text_run(new_paragraph(pf), style_, hint_only(t.caption), t.caption);
    }
    if (g.rows > 0 && g.cols > 0) {
      write_grid(t, g, column_widths(t, g.cols, index, where));
    } else {
      Diagnostic d;
      d.severity = Severity::kWarning;
      d.pointer = where;
      d.message = "the table has no rows or no columns; the DOCX has only its caption and note";
      diagnostics_.push_back(d);
    }
    if (!t.note.empty()) {
      ParaFormat pf;
      pf.style_id = "TableNote";
      add_text_run(new_paragraph(pf), style_, hint_only(t.note), t.note);
    }
  }

  void write_grid(const Table& t, const TableGrid& g, const std::vector<int>& widths) {
    const styles::TableStyle& ts = style_.table;
    pugi::xml_node tbl = add(body_, "w:tbl");
    pugi::xml_node tblpr = add(tbl, "w:tblPr");
    long long total = 0;
    for (int w : widths) total += w;
    pugi::xml_node tblw = add(tblpr, "w:tblW");
    set_attr(tblw, "w:w", total);
    set_attr(tblw, "w:type", "dxa");
    add_val(tblpr, "w:jc", "center");
    // Rules: every cell edge single; the outer frame at frame_width_pt, inner rules at
    // rule_width_pt.
    pugi::xml_node borders = add(tblpr, "w:tblBorders");
    write_border(borders, "w:top", ts.frame_width_pt);
    write_border(borders, "w:left", ts.frame_width_pt);
    write_border(borders, "w:bottom", ts.frame_width_pt);
    write_border(borders, "w:right", ts.frame_width_pt);
    write_border(borders, "w:insideH", ts.rule_width_pt);
    write_border(borders, "w:insideV", ts.rule_width_pt);
    // Fixed layout: Word keeps the grid as given instead of autofitting to the content.
    set_attr(add(tblpr, "w:tblLayout"), "w:type", "fixed");
    pugi::xml_node mar = add(tblpr, "w:tblCellMar");
    const int pad_v = std::max(to_twips(ts.cell_padding_v_pt), 0);
    const int pad_h = std::max(to_twips(ts.cell_padding_h_pt), 0);
    for (const auto& [side, value] : {std::pair{"w:top", pad_v}, std::pair{"w:left", pad_h},
                                      std::pair{"w:bottom", pad_v}, std::pair{"w:right", pad_h}}) {
      pugi::xml_node m = add(mar, side);
      set_attr(m, "w:w", value);
      set_attr(m, "w:type", "dxa");
    }
    pugi::xml_node grid = add(tbl, "w:tblGrid");
    for (int w : widths) set_attr(add(grid, "w:gridCol"), "w:w", w);

    // Rows that a rowspan crosses into the next row are kept with it (w:keepNext on their
    // paragraphs), so a merged group moves to the next page whole when it fits on one; the header
    // rows are kept with the first body row.
    const int header = std::clamp(t.header_rows, 0, g.rows);
    std::vector<bool> joined(static_cast<size_t>(g.rows), false);
    if (table_index_ - 1 < options_.table_row_keep_next.size() &&
        options_.table_row_keep_next[table_index_ - 1].size() == static_cast<size_t>(g.rows)) {
      // paiban's table layout decided which rowspan groups are worth keeping whole.
      joined = options_.table_row_keep_next[table_index_ - 1];
    } else if (ts.keep_rowspan_together) {
      for (const GridCell& gc : g.cells) {
        for (int r = gc.row; r < gc.row + gc.rowspan - 1; ++r)
          joined[static_cast<size_t>(r)] = true;
      }
    }
    // A note stays with the table's last row.
    const bool keep_last = !t.note.empty();
    for (int r = 0; r < g.rows; ++r) {
      pugi::xml_node tr = add(tbl, "w:tr");
      pugi::xml_node trpr = add(tr, "w:trPr");
      add(trpr, "w:cantSplit");
      // Header rows repeat at the top of every page the table runs onto.
      if (r < header && ts.repeat_header) add(trpr, "w:tblHeader");
      const bool keep = r + 1 < g.rows ? joined[static_cast<size_t>(r)] || r < header : keep_last;
      for (int c = 0; c < g.cols;) {
        const GridCell& gc = g.cells[static_cast<size_t>(g.at(r, c))];
        write_cell(tr, t, gc, gc.row == r, widths, keep);
        c = gc.col + gc.colspan;
      }
    }
  }

  void write_section() {
    pugi::xml_node sect = add(body_, "w:sectPr");
    if (plan_.footers) {
      pugi::xml_node ref = add(sect, "w:footerReference");
      set_attr(ref, "w:type", "default");  // odd pages (every page without even/odd footers)
      set_attr(ref, "r:id", kFooterDefaultRelId);
      if (plan_.even_odd) {
        pugi::xml_node even = add(sect, "w:footerReference");
        set_attr(even, "w:type", "even");
        set_attr(even, "r:id", kFooterEvenRelId);
      }
    }
    pugi::xml_node size = add(sect, "w:pgSz");
    set_attr(size, "w:w", page_.width);
    set_attr(size, "w:h", page_.height);
    if (page_.width > page_.height) set_attr(size, "w:orient", "landscape");
    pugi::xml_node mar = add(sect, "w:pgMar");
    set_attr(mar, "w:top", page_.margin_top);
    set_attr(mar, "w:right", page_.margin_right);
    set_attr(mar, "w:bottom", page_.margin_bottom);
    set_attr(mar, "w:left", page_.margin_left);
    set_attr(mar, "w:header", std::min(851, page_.margin_top));  // 15 mm; there is no header
    set_attr(mar, "w:footer", page_.footer_distance);
    set_attr(mar, "w:gutter", 0);
    write_document_grid(sect);
  }

  // GB/T 9704 "每面排22行，每行排28个字": a document grid of lines and characters. w:linePitch
  // is the body's line pitch in twips; w:charSpace is (character pitch − body size) × 4096 in pt
  // (ECMA-376 §17.6.5), rounded down so that grid_chars characters fit the text width.
  void write_document_grid(pugi::xml_node sect) {
    const styles::PageStyle& ps = style_.page;
    if (ps.grid_lines <= 0 && ps.grid_chars <= 0) return;
    int line_pitch = line_pitch_twips(style_.body.line_pitch_pt);
    if (style_.body.line_pitch_pt <= 0) {
      line_pitch = ps.grid_lines > 0 ? page_.text_height / ps.grid_lines
                                     : to_twips(line_pitch_pt(style_.body));
    }
    pugi::xml_node grid = add(sect, "w:docGrid");
    set_attr(grid, "w:type", ps.grid_chars > 0 ? "linesAndChars" : "lines");
    set_attr(grid, "w:linePitch", std::max(line_pitch, 1));
    if (ps.grid_chars > 0) {
      const double pitch_pt = page_.text_width / 20.0 / ps.grid_chars;
      const double delta = (pitch_pt - style_.body.size_pt) * 4096;
      set_attr(grid, "w:charSpace", static_cast<long long>(std::floor(delta)));
    }
  }

  const Report& report_;
  const styles::Style& style_;
  const DocxOptions& options_;
  const PackagePlan& plan_;
  std::vector<Diagnostic>& diagnostics_;
  pugi::xml_node body_;
  PageGeometry page_;
  HeadingCounter headings_;  // numbers are text, counted as the PDF counts them
  size_t table_index_ = 0;
  double table_scale_ = 1.0;
};

}  // namespace

std::string document_part(const Report& report, const styles::Style& style,
                          const DocxOptions& options, const PackagePlan& plan,
                          std::vector<Diagnostic>& diagnostics) {
  pugi::xml_document doc;
  start_part(doc);
  pugi::xml_node root = doc.append_child("w:document");
  root.append_attribute("xmlns:w") = kWordNs;
  root.append_attribute("xmlns:r") = kOfficeRelNs;
  BodyWriter(report, style, options, plan, diagnostics, add(root, "w:body")).write();
  return part_bytes(doc);
}

}  // namespace paiban::docx::detail
