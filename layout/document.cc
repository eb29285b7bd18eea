// The document phase: blocks of the report → text blocks and tables → pages, then page numbers.
#include <algorithm>
#include <variant>

#include "layout/layout.h"
#include "layout/paginate.h"
#include "layout/table_layout.h"
#include "numbering.h"
#include "styles/length.h"

namespace paiban::layout {

namespace {

// Everything the document phase needs while walking the blocks.
class DocumentBuilder {
 public:
  DocumentBuilder(const Report& report, const styles::Style& style, FontContext& fonts,
                  PageModel& model, std::vector<Diagnostic>& diagnostics)
      : report_(report), style_(style), fonts_(fonts), model_(model), diagnostics_(diagnostics),
        pager_(style, model) {}

  void build() {
    std::vector<Item> items;
    if (report_.show_title) add_title(items);
    int table_index = 0;
    HeadingCounter headings;
    for (size_t b = 0; b < report_.body.size(); ++b) {
      const std::string where = "/body/" + std::to_string(b);
      const Block& block = report_.body[b];
      if (const auto* h = std::get_if<Heading>(&block)) {
        items.push_back(text_item(heading_block(*h, headings, where)));
      } else if (const auto* p = std::get_if<Paragraph>(&block)) {
        items.push_back(text_item(paragraph_block(*p, style_.body, where)));
      } else if (const auto* t = std::get_if<Table>(&block)) {
        Item item;
        item.kind = Item::kTable;
        item.table = measure_table(*t, table_index++, where, style_, fonts_, pager_.width(),
                                   diagnostics_);
        items.push_back(std::move(item));
      } else if (std::holds_alternative<PageBreak>(block)) {
        Item item;
        item.kind = Item::kPageBreak;
        items.push_back(std::move(item));
      } else if (const auto* s = std::get_if<Signature>(&block)) {
        items.push_back(text_item(signature_block(*s, where)));
      } else if (const auto* sp = std::get_if<Spacer>(&block)) {
        Item item;
        item.kind = Item::kSpace;
        item.space = spacer_height(*sp, where);
        items.push_back(std::move(item));
      }
    }
    model_.tables.resize(static_cast<size_t>(table_index));

    for (size_t k = 0; k < items.size(); ++k) {
      Item& item = items[k];
      switch (item.kind) {
        case Item::kText: {
          LU next = 0;
          if (k + 1 < items.size()) next = min_start_height(items[k + 1]);
          pager_.place_text(item.text, next);
          break;
        }
        case Item::kTable:
          pager_.snap_to_grid();
          place_table(*item.table, style_, pager_,
                      model_.tables[static_cast<size_t>(item.table->index)]);
          break;
        case Item::kPageBreak:
          // A break on a page that is still empty (two breaks in a row, or one right after a
          // table that ended a page) would print a blank page.
          if (!pager_.page_empty()) pager_.new_page();
          break;
        case Item::kSpace:
          pager_.advance(item.space);
          break;
      }
    }
    add_page_numbers();
  }

 private:
  struct Item {
    enum Kind { kText, kTable, kPageBreak, kSpace } kind = kText;
    TextBlock text;
    std::unique_ptr<TableLayout> table;
    LU space = 0;
  };

  static Item text_item(TextBlock block) {
    Item item;
    item.kind = Item::kText;
    item.text = std::move(block);
    return item;
  }

  LU min_start_height(const Item& item) {
    if (item.kind == Item::kText) return Paginator::min_start_height(item.text);
    if (item.kind == Item::kTable) {
      return table_min_start_height(*item.table);
    }
    return 0;
  }

  LU line_pitch(const styles::TextStyle& ts) const {
    if (ts.line_pitch_pt > 0) return pt_to_lu(ts.line_pitch_pt);
    return pt_to_lu(ts.size_pt * ts.line_spacing);
  }

  ParagraphSpec spec_for(const styles::TextStyle& ts, const std::string& where) const {
    ParagraphSpec spec;
    spec.width = pager_.width();
    spec.first_indent = pt_to_lu(ts.size_pt * ts.first_line_indent_em);
    spec.align = ts.align;
    spec.line_pitch = line_pitch(ts);
    if (style_.page.grid_chars > 0) {
      spec.grid_advance = pager_.width() / style_.page.grid_chars;
      spec.grid_size = pt_to_lu(style_.body.size_pt);
      if (ts.first_line_indent_em > 0 && pt_to_lu(ts.size_pt) == spec.grid_size) {
        spec.first_indent = static_cast<LU>(spec.grid_advance * ts.first_line_indent_em);
      }
    }
    spec.compress_punctuation = style_.punctuation != "plain";
    spec.autospace = style_.autospace;
    spec.where = where;
    return spec;
  }

  StyledSpan span_for(const Run& run, const styles::TextStyle& ts) {
    StyledSpan span;
    span.text = run.text;
    span.role = run.font == FontRole::kInherit ? ts.role : run.font;
    span.bold = run.bold.value_or(ts.bold);
    double size = ts.size_pt;
    if (!run.size.empty()) {
      if (auto v = styles::parse_length_pt(run.size, ts.size_pt)) size = *v;
    }
    span.size = pt_to_lu(size);
    return span;
  }

  TextBlock make_block(const ParagraphSpec& spec, const styles::TextStyle& ts) {
    TextBlock block;
    block.lines = layout_paragraph(spec, fonts_, diagnostics_);
    block.space_before = pt_to_lu(ts.space_before_pt);
    block.space_after = pt_to_lu(ts.space_after_pt);
    block.keep_with_next = ts.keep_with_next;
    return block;
  }

  // GB/T 9704-2012 §7.3.3: a title of several lines is shaped symmetrically. Find the narrowest
  // measure that keeps the number of lines, so the lines come out of about equal length, and
  // centre that measure.
  void balance(ParagraphSpec spec, TextBlock& block) {
    const size_t n = block.lines.size();
    if (n < 2) return;
    const LU full = spec.width;
    LU lo = full / static_cast<LU>(n), hi = full;
    std::vector<Diagnostic> scratch;
    while (hi - lo > pt_to_lu(1)) {
      const LU mid = lo + (hi - lo) / 2;
      spec.width = mid;
      if (layout_paragraph(spec, fonts_, scratch).size() <= n) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    spec.width = hi;
    block.lines = layout_paragraph(spec, fonts_, diagnostics_);
    block.x = (full - hi) / 2;
  }

  void add_title(std::vector<Item>& items) {
    const Metadata& m = report_.metadata;
    std::vector<std::pair<std::string, const styles::TextStyle*>> lines;
    size_t start = 0;
    while (start <= m.title.size() && !m.title.empty()) {
      size_t nl = m.title.find('\n', start);
      lines.emplace_back(m.title.substr(start, nl == std::string::npos ? nl : nl - start),
                         &style_.title);
      if (nl == std::string::npos) break;
      start = nl + 1;
    }
    if (!m.subtitle.empty()) lines.emplace_back(m.subtitle, &style_.subtitle);
    for (size_t i = 0; i < lines.size(); ++i) {
      const styles::TextStyle& ts = *lines[i].second;
      ParagraphSpec spec = spec_for(ts, "/metadata/title");
      Run run;
      run.text = lines[i].first;
      spec.spans.push_back(span_for(run, ts));
      TextBlock block = make_block(spec, ts);
      balance(spec, block);
      // The title group is one unit: space only after its last line.
      if (i > 0) block.space_before = 0;
      if (i + 1 < lines.size()) {
        block.space_after = 0;
        block.keep_with_next = true;
      }
      items.push_back(text_item(std::move(block)));
    }
  }

  TextBlock heading_block(const Heading& h, HeadingCounter& headings, const std::string& where) {
    const int level = std::clamp(h.level, 1, 4);
    const styles::TextStyle& ts = styles::heading_style(style_, level);
    const std::string number = headings.next(h);
    const styles::TextStyle& para = h.run_in_body ? style_.body : ts;
    ParagraphSpec spec = spec_for(para, where);
    if (h.run_in_body) spec.first_indent = spec_for(ts, where).first_indent;
    std::string title = number;
    if (!number.empty()) {
      Run n;
      n.text = number;
      spec.spans.push_back(span_for(n, ts));
    }
    for (const Run& r : h.runs) {
      spec.spans.push_back(span_for(r, ts));
      title += r.text;
    }
    if (h.run_in_body) {
      for (const Run& r : h.run_in_body->runs) spec.spans.push_back(span_for(r, style_.body));
    }
    TextBlock block = make_block(spec, ts);
    block.keep_with_next = !h.run_in_body && ts.keep_with_next;
    block.anchor_level = level;
    block.anchor_title = title;
    return block;
  }

  TextBlock paragraph_block(const Paragraph& p, const styles::TextStyle& ts,
                            const std::string& where) {
    ParagraphSpec spec = spec_for(ts, where);
    if (p.align != HAlign::kInherit) spec.align = p.align;
    if (p.first_line_indent.has_value() && !*p.first_line_indent) spec.first_indent = 0;
    if (p.align == HAlign::kCenter || p.align == HAlign::kRight) spec.first_indent = 0;
    for (const Run& r : p.runs) spec.spans.push_back(span_for(r, ts));
    return make_block(spec, ts);
  }

  // GB/T 9704-2012 §7.3.5.2 (unsealed): the organisation right-indented two characters; the date
  // on the next line, its first character two characters right of the organisation's; when the
  // date is longer, it is right-indented two characters and the organisation moves left.
  TextBlock signature_block(const Signature& s, const std::string& where) {
    const styles::TextStyle& ts = style_.signature;
    ParagraphSpec spec = spec_for(ts, where);
    spec.first_indent = 0;
    spec.align = HAlign::kLeft;
    const LU em = spec.grid_advance > 0 && pt_to_lu(ts.size_pt) == spec.grid_size
                      ? spec.grid_advance
                      : pt_to_lu(ts.size_pt);
    auto lay = [&](const std::string& text) {
      ParagraphSpec one = spec;
      Run run;
      run.text = text;
      one.spans.push_back(span_for(run, ts));
      return layout_paragraph(one, fonts_, diagnostics_);
    };
    std::vector<Line> org = s.organisation.empty() ? std::vector<Line>{} : lay(s.organisation);
    std::vector<Line> date = s.date.empty() ? std::vector<Line>{} : lay(s.date);
    const LU right = pager_.width() - 2 * em;
    const LU wo = org.empty() ? 0 : org.front().width;
    const LU wd = date.empty() ? 0 : date.front().width;
    LU org_x = right - wo;
    LU date_x = org_x + 2 * em;
    if (date_x + wd > right) {
      date_x = right - wd;
      org_x = std::min(org_x, date_x - 2 * em);
    }
    TextBlock block;
    auto shift = [](Line line, LU dx) {
      for (GlyphRun& r : line.runs) r.x += dx;
      return line;
    };
    for (const Line& l : org) block.lines.push_back(shift(l, std::max<LU>(0, org_x)));
    for (const Line& l : date) block.lines.push_back(shift(l, std::max<LU>(0, date_x)));
    // One blank line between the body and the signature.
    block.space_before = line_pitch(style_.body) + pt_to_lu(ts.space_before_pt);
    block.keep_together = true;
    return block;
  }

  LU spacer_height(const Spacer& s, const std::string& where) {
    const std::string& h = s.height;
    const LU pitch = line_pitch(style_.body);
    if (h.size() > 4 && h.compare(h.size() - 4, 4, "line") == 0) {
      try {
        // Bounded like an em count (kMaxRelativeLength), so "99999999999999999999line" warns as
        // "1000000000mm" does instead of overflowing the layout unit.
        const double lines = std::stod(h.substr(0, h.size() - 4));
        if (lines >= 0 && lines <= styles::detail::kMaxRelativeLength) {
          return static_cast<LU>(lines * pitch);
        }
      } catch (...) {
      }
    } else if (h == "line") {
      return pitch;
    } else if (auto v = styles::parse_length_pt(h, style_.body.size_pt)) {
      return pt_to_lu(*v);
    }
    Diagnostic d;
    d.severity = Severity::kWarning;
    d.pointer = where + "/height";
    d.message = "expected a length or \"Nline\", got \"" + h + "\"; one line is used";
    diagnostics_.push_back(d);
    return pitch;
  }

  // Page numbers (GB/T 9704-2012 §7.5): 4号 half-width digits with a dash on each side, 7 mm
  // below the type area; odd pages right, even pages left, one character in from the edge.
  void add_page_numbers() {
    const styles::PageStyle& ps = style_.page;
    if (ps.page_number == styles::PageNumberPosition::kNone) return;
    const styles::TextStyle& ts = style_.page_number;
    for (Page& page : model_.pages) {
      std::string text = ps.page_number_format;
      const size_t at = text.find("{}");
      const std::string n = std::to_string(page.number);
      if (at != std::string::npos) text.replace(at, 2, n); else text += n;
      ParagraphSpec spec;
      spec.width = pager_.width();
      spec.align = HAlign::kLeft;
      spec.autospace = false;
      spec.line_pitch = pt_to_lu(ts.size_pt * 1.2);
      spec.where = "/style/page_number";
      Run run;
      run.text = text;
      spec.spans.push_back(span_for(run, ts));
      std::vector<Line> lines = layout_paragraph(spec, fonts_, diagnostics_);
      if (lines.empty()) continue;
      const Line& line = lines.front();
      const LU indent = pt_to_lu(ts.size_pt * ps.page_number_indent_em);
      LU x = pager_.left() + (pager_.width() - line.width) / 2;
      if (ps.page_number == styles::PageNumberPosition::kOuter) {
        x = page.number % 2 == 1 ? pager_.left() + pager_.width() - indent - line.width
                                 : pager_.left() + indent;
      }
      // The number's em box starts 7 mm below the type area (its centre line a little lower).
      const LU y = pager_.bottom() + pt_to_lu(ps.page_number_below_pt) - line.baseline +
                   pt_to_lu(ts.size_pt * 0.88);
      for (const GlyphRun& r : line.runs) {
        GlyphRun placed = r;
        placed.x += x;
        placed.y += y;
        page.runs.push_back(std::move(placed));
      }
    }
  }

  const Report& report_;
  const styles::Style& style_;
  FontContext& fonts_;
  PageModel& model_;
  std::vector<Diagnostic>& diagnostics_;
  Paginator pager_;
};

}  // namespace

PageModel layout_document(const Report& report, const styles::Style& style,
                          fonts::FontRegistry& registry, std::vector<Diagnostic>& diagnostics) {
  PageModel model;
  const Metadata& m = report.metadata;
  model.info.title = m.title;
  std::replace(model.info.title.begin(), model.info.title.end(), '\n', ' ');
  model.info.subject = m.subtitle;
  model.info.author = m.organisation;
  for (const std::string& k : m.keywords) {
    if (!model.info.keywords.empty()) model.info.keywords += ", ";
    model.info.keywords += k;
  }
  model.info.language = m.language;
  model.info.date = m.date;
  FontContext fonts(registry, style);
  DocumentBuilder builder(report, style, fonts, model, diagnostics);
  builder.build();
  model.fonts = fonts.resources();
  return model;
}

}  // namespace paiban::layout
