// word/document.xml: the body (ECMA-376 Part 1 §17.2–17.4) and its section properties (§17.6).
#include <algorithm>
#include "paiban_assert.h"
#include <cmath>
#include <variant>

#include "docx/ooxml.h"
#include "docx/parts.h"
#include "table_grid.h"
#include "utf8.h"

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

const char* style_id(resolve::TextRole role) {
  switch (role) {
    case resolve::TextRole::kTitle:
      return "Title";
    case resolve::TextRole::kSubtitle:
      return "Subtitle";
    case resolve::TextRole::kBody:
      return "";  // Normal, the default paragraph style
    case resolve::TextRole::kHeading1:
      return "Heading1";
    case resolve::TextRole::kHeading2:
      return "Heading2";
    case resolve::TextRole::kHeading3:
      return "Heading3";
    case resolve::TextRole::kHeading4:
      return "Heading4";
    case resolve::TextRole::kSignature:
      return "Signature";
    case resolve::TextRole::kTableCell:
      return "TableText";
    case resolve::TextRole::kTableHeader:
      return "TableHeader";
    case resolve::TextRole::kCaption:
      return "Caption";
    case resolve::TextRole::kNote:
      return "TableNote";
  }
  return "";
}

class BodyWriter {
 public:
  BodyWriter(const resolve::ResolvedDocument& doc, const std::vector<resolve::TableSize>& tables,
             const PackagePlan& plan, std::vector<Diagnostic>& diagnostics, pugi::xml_node body)
      : doc_(doc),
        style_(doc.style),
        tables_(tables),
        plan_(plan),
        diagnostics_(diagnostics),
        body_(body),
        page_(page_geometry(doc.style)) {}

  void write() {
    const auto& blocks = doc_.blocks;
    for (size_t b = 0; b < blocks.size(); ++b) {
      std::visit(
          [&](const auto& block) {
            using T = std::decay_t<decltype(block)>;
            if constexpr (std::is_same_v<T, resolve::ResolvedTitle>) {
              write_title(block);
            } else if constexpr (std::is_same_v<T, resolve::ResolvedParagraph>) {
              write_paragraph(block);
            } else if constexpr (std::is_same_v<T, resolve::ResolvedTable>) {
              write_table(block, b);
              // Word joins two tables with nothing between them, and a body should not end in
              // a table: a table without a note gets a paragraph after it in both cases.
              const bool next_is_table =
                  b + 1 < blocks.size() &&
                  std::holds_alternative<resolve::ResolvedTable>(blocks[b + 1]);
              if (block.note.empty() && (next_is_table || b + 1 == blocks.size())) {
                write_filler_paragraph(next_is_table ? 0 : 20);
              }
            } else if constexpr (std::is_same_v<T, resolve::ResolvedPageBreak>) {
              write_page_break();
            } else if constexpr (std::is_same_v<T, resolve::ResolvedSignature>) {
              write_signature(block);
            } else if constexpr (std::is_same_v<T, resolve::ResolvedSpace>) {
              write_spacer(block);
            } else {
              static_assert(sizeof(T) == 0, "a resolved block type is not written");
            }
          },
          blocks[b]);
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

  // What a run sets itself, relative to its paragraph style.
  static RunFormat own_format(const resolve::ResolvedRun& r) {
    RunFormat f;
    if (r.own.role) f.role = r.role;
    f.bold = r.own.bold;
    f.italic = r.own.italic;
    f.underline = r.own.underline;
    if (r.own.size) f.size_pt = r.size_pt;
    f.east_asian_hint = needs_east_asian_hint(r.text);
    return f;
  }

  // A paragraph's runs from `from` on. The marks the PDF sets in half an em (adjacent marks under
  // quanjiao, …: half_width_marks over the whole paragraph, as layout adjusts it) go in runs of
  // their own that ask for the font's half-width forms.
  void write_runs(pugi::xml_node p, const resolve::ResolvedParagraph& para, size_t from = 0) {
    std::u32string text;
    std::vector<size_t> run_start;
    for (const resolve::ResolvedRun& r : para.runs) {
      run_start.push_back(text.size());
      text += to_code_points(r.text);
    }
    const std::vector<bool> half = half_width_marks(text, style_.punctuation);
    for (size_t i = 0; i < para.runs.size(); ++i) {
      const resolve::ResolvedRun& r = para.runs[i];
      if (i >= from) write_run(p, r, half, run_start[i]);
    }
  }

  // One resolved run, split where its characters switch between full and half width.
  void write_run(pugi::xml_node p, const resolve::ResolvedRun& r, const std::vector<bool>& half,
                 size_t first) {
    const RunFormat base = own_format(r);
    size_t k = first;
    std::string piece;
    bool piece_half = false;
    auto flush = [&] {
      if (piece.empty()) return;
      RunFormat f = base;
      if (piece_half) {
        f.role = r.role;
        f.half_width = true;
      }
      add_text_run(p, style_, f, piece);
      piece.clear();
    };
    for (size_t i = 0; i < r.text.size(); ++k) {
      const Utf8Char c = decode_utf8_at(r.text, i);
      const size_t len = std::max<size_t>(c.length, 1);
      const bool h = k < half.size() && half[k];
      if (h != piece_half) {
        flush();
        piece_half = h;
      }
      piece.append(r.text, i, len);
      i += len;
    }
    flush();
  }

  static std::u32string to_code_points(std::string_view s) {
    std::u32string out;
    for (size_t i = 0; i < s.size();) {
      const Utf8Char c = decode_utf8_at(s, i);
      out += c.code_point;
      i += std::max<size_t>(c.length, 1);
    }
    return out;
  }

  static std::string joined_text(const resolve::ResolvedParagraph& p) {
    std::string text;
    for (const resolve::ResolvedRun& r : p.runs) text += r.text;
    return text;
  }

  // The title group (the title's lines joined by w:br, then the subtitle) is one unit: space only
  // after its last paragraph, as the resolve phase set it.
  void write_title(const resolve::ResolvedTitle& t) {
    const bool subtitle = t.subtitle.has_value();
    if (!t.lines.empty()) {
      std::string text;
      for (size_t i = 0; i < t.lines.size(); ++i) {
        if (i > 0) text += '\n';
        text += joined_text(t.lines[i]);
      }
      ParaFormat pf;
      pf.style_id = "Title";
      if (subtitle) {
        pf.after_twips = 0;
        pf.keep_next = true;
      }
      add_text_run(new_paragraph(pf), style_, hint_only(text), text);
    }
    if (subtitle) {
      ParaFormat pf;
      pf.style_id = "Subtitle";
      if (!t.lines.empty()) pf.before_twips = 0;
      const std::string text = joined_text(*t.subtitle);
      add_text_run(new_paragraph(pf), style_, hint_only(text), text);
    }
  }

  // A heading, a body paragraph, or a run-in heading with its body text.
  void write_paragraph(const resolve::ResolvedParagraph& para) {
    ParaFormat pf;
    pf.style_id = style_id(para.role);
    if (para.run_in) {
      // A run-in heading: one body paragraph, the heading's runs carrying the heading style as
      // run properties. It keeps the heading's outline level so that Word's navigation pane
      // still lists it (with its body text).
      pf.outline_level = para.outline_level - 1;
    }
    if (para.align_overridden) pf.jc = jc_value(para.align);
    if (para.indent_overridden) {
      pf.indent = para.first_indent_em > 0
                      ? para_format(resolve::text_style(style_, para.run_in_heading), style_).indent
                      : ParaFormat::Indent{};
    }
    pugi::xml_node p = new_paragraph(pf);
    if (para.run_in) {
      for (size_t i = 0; i < para.heading_runs; ++i) {
        const resolve::ResolvedRun& r = para.runs[i];
        RunFormat f;
        f.role = r.role;
        f.bold = r.bold;
        f.italic = r.italic;
        f.size_pt = r.size_pt;
        f.underline = r.own.underline;
        f.east_asian_hint = needs_east_asian_hint(r.text);
        add_text_run(p, style_, f, r.text);
      }
      write_runs(p, para, para.heading_runs);
      return;
    }
    // A heading's number run carries only the East Asian hint: the heading style gives the rest.
    write_runs(p, para);
  }

  // GB/T 9704-2012 §7.3.5.2: each line right-aligned at the right indent the resolve phase
  // decided (w:rightChars, and w:right in twips for applications without character units); one
  // blank body line above.
  void write_signature(const resolve::ResolvedSignature& s) {
    const styles::TextStyle& ts = style_.signature;
    for (size_t i = 0; i < s.lines.size(); ++i) {
      const resolve::ResolvedSignature::Line& line = s.lines[i];
      ParaFormat pf;
      pf.style_id = "Signature";
      pf.jc = "right";
      pf.keep_next = i + 1 < s.lines.size();
      ParaFormat::Indent ind;
      ind.right_chars = static_cast<int>(std::lround(line.right_indent_em * 100));
      ind.right = static_cast<int>(std::lround(line.right_indent_em * char_twips(style_, ts)));
      pf.indent = ind;
      if (i == 0) {
        pf.before_twips = line_pitch_twips(styles::line_pitch_pt(style_.body)) +
                          std::max(to_twips(ts.space_before_pt), 0);
      }
      add_text_run(new_paragraph(pf), style_, hint_only(line.text), line.text);
    }
  }

  // A spacer: empty paragraphs of exact height, one per body line and one for the remainder.
  void write_spacer(const resolve::ResolvedSpace& sp) {
    long long total =
        std::clamp<long long>(std::llround(sp.height_pt * 20), 0, 20LL * 20 * 842 * 10);
    const long long step = line_pitch_twips(styles::line_pitch_pt(style_.body));
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

  // Layout units (1/64 pt) → twips (1/20 pt), rounded so that the sum of a table's columns
  // stays the table's width in twips.
  static std::vector<int> to_twips_widths(const std::vector<int32_t>& widths) {
    std::vector<int> out;
    int64_t acc_lu = 0;
    int acc_tw = 0;
    for (int32_t w : widths) {
      acc_lu += w;
      const int edge = static_cast<int>((acc_lu * 20 + 32) / 64);
      out.push_back(edge - acc_tw);
      acc_tw = edge;
    }
    return out;
  }

  const resolve::TableSize* size_for(size_t block) const {
    for (const resolve::TableSize& t : tables_) {
      if (t.block == block) return &t;
    }
    return nullptr;
  }

  void write_cell(pugi::xml_node tr, const resolve::ResolvedTable& t, size_t index, bool origin,
                  const std::vector<int>& widths, bool keep_next) {
    const GridCell& gc = t.grid.cells[index];
    const resolve::ResolvedCell& cell = t.cells[index];
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
    add_val(tcpr, "w:vAlign", valign_value(cell.valign));

    const bool header = gc.kind == CellKind::kHeader;
    const styles::TextStyle& ts = header ? style_.table_header : style_.table_cell;
    ParaFormat pf;
    pf.style_id = header ? "TableHeader" : "TableText";
    pf.jc = jc_value(cell.align);
    pf.keep_next = keep_next;
    if (table_scale_ != 1.0) {
      pf.line = line_pitch_twips(styles::line_pitch_pt(ts) * table_scale_);
      pf.line_exact = true;
    }
    // Table text has no first-line indent, whatever the style says (as in the PDF).
    if (ts.first_line_indent_em > 0) pf.indent = ParaFormat::Indent{};
    if (!origin || cell.paragraphs.empty()) {
      pugi::xml_node p = add(tc, "w:p");
      write_para_format(add(p, "w:pPr"), pf);
      return;
    }
    for (const resolve::ResolvedParagraph& para : cell.paragraphs) {
      ParaFormat ppf = pf;
      ppf.jc = jc_value(para.align);
      pugi::xml_node p = add(tc, "w:p");
      write_para_format(add(p, "w:pPr"), ppf);
      for (const resolve::ResolvedRun& r : para.runs) {
        RunFormat f = own_format(r);
        // The table-sizing phase may have set this table's text smaller to fit the text width:
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

  void write_table(const resolve::ResolvedTable& t, size_t block) {
    const resolve::TableSize* size = size_for(block);
    PAIBAN_ASSERT(size != nullptr, "the table-sizing phase sizes every table block");
    table_scale_ = size != nullptr ? size->font_scale : 1.0;
    const TableGrid& g = t.grid;
    if (!t.caption.empty()) {
      ParaFormat pf;
      pf.style_id = "Caption";
      add_text_run(new_paragraph(pf), style_, hint_only(t.caption), t.caption);
    }
    if (g.rows > 0 && g.cols > 0 && size != nullptr) {
      write_grid(t, *size, to_twips_widths(size->column_widths_lu));
    }
    if (!t.note.empty()) {
      ParaFormat pf;
      pf.style_id = "TableNote";
      add_text_run(new_paragraph(pf), style_, hint_only(t.note), t.note);
    }
  }

  void write_grid(const resolve::ResolvedTable& t, const resolve::TableSize& size,
                  const std::vector<int>& widths) {
    const TableGrid& g = t.grid;
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

    // The rows the table-sizing phase keeps together (rowspan groups short enough to move
    // whole) are kept with the next row (w:keepNext on their paragraphs); the header rows are
    // kept with the first body row.
    const int header = t.header_rows;
    std::vector<bool> joined = size.keep_with_next;
    joined.resize(static_cast<size_t>(g.rows), false);
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
        const auto index = static_cast<size_t>(g.at(r, c));
        const GridCell& gc = g.cells[index];
        write_cell(tr, t, index, gc.row == r, widths, keep);
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
                                     : to_twips(styles::line_pitch_pt(style_.body));
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

  const resolve::ResolvedDocument& doc_;
  const styles::Style& style_;
  const std::vector<resolve::TableSize>& tables_;
  const PackagePlan& plan_;
  std::vector<Diagnostic>& diagnostics_;
  pugi::xml_node body_;
  PageGeometry page_;
  double table_scale_ = 1.0;
};

}  // namespace

std::string document_part(const resolve::ResolvedDocument& doc,
                          const std::vector<resolve::TableSize>& tables, const PackagePlan& plan,
                          std::vector<Diagnostic>& diagnostics) {
  pugi::xml_document xml;
  start_part(xml);
  pugi::xml_node root = xml.append_child("w:document");
  root.append_attribute("xmlns:w") = kWordNs;
  root.append_attribute("xmlns:r") = kOfficeRelNs;
  BodyWriter(doc, tables, plan, diagnostics, add(root, "w:body")).write();
  return part_bytes(xml);
}

}  // namespace paiban::docx::detail
