// Table layout and pagination (see table_layout.h).
#include "layout/table_layout.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <set>
#include <tuple>

#include "layout/paragraph.h"
#include "layout/table_sizing.h"

namespace paiban::layout {

namespace {

LU sum(const std::vector<LU>& v, size_t from, size_t to) {
  LU s = 0;
  for (size_t i = from; i < to && i < v.size(); ++i) s += v[i];
  return s;
}

std::vector<Line> simple_lines(const std::string& text, const styles::TextStyle& ts,
                               const styles::Style& style, HAlign align, LU width,
                               FontContext& fonts, const std::string& where,
                               std::vector<Diagnostic>& diagnostics) {
  if (text.empty()) return {};
  ParagraphSpec spec;
  spec.width = width;
  spec.align = align;
  spec.line_pitch = pt_to_lu(styles::line_pitch_pt(ts));
  spec.autospace = style.autospace;
  spec.where = where;
  StyledSpan span;
  span.text = text;
  span.role = ts.role;
  span.bold = ts.bold;
  span.size = pt_to_lu(ts.size_pt);
  spec.spans.push_back(span);
  return layout_paragraph(spec, fonts, diagnostics);
}

}  // namespace

std::unique_ptr<TableLayout> measure_table(const resolve::ResolvedTable& table,
                                           const styles::Style& style, FontContext& fonts,
                                           LU text_width, std::vector<Diagnostic>& diagnostics) {
  auto L = std::make_unique<TableLayout>();
  L->table = &table;
  L->index = table.index;
  L->where = table.where;
  L->header_rows = table.header_rows;
  const std::string& where = table.where;
  const int index = table.index;
  L->grid = table.grid;
  const TableGrid& g = L->grid;
  L->pad_h = pt_to_lu(style.table.cell_padding_h_pt);
  L->pad_v = pt_to_lu(style.table.cell_padding_v_pt);
  L->rule = pt_to_lu(style.table.rule_width_pt);
  L->frame = pt_to_lu(style.table.frame_width_pt);

  std::vector<ColumnConstraint> constraints(static_cast<size_t>(g.cols));
  for (int c = 0; c < g.cols; ++c) {
    const resolve::ResolvedColumn& col = table.columns[static_cast<size_t>(c)];
    ColumnConstraint& cc = constraints[static_cast<size_t>(c)];
    switch (col.kind) {
      case resolve::ResolvedColumn::kAuto:
        break;
      case resolve::ResolvedColumn::kFraction:
        cc.fr = col.value;
        break;
      case resolve::ResolvedColumn::kPercent:
        cc.fixed = static_cast<LU>(col.value * text_width / 100);
        break;
      case resolve::ResolvedColumn::kFixed:
        cc.fixed = pt_to_lu(col.value);
        break;
    }
  }

  // Size the columns and choose the text size (table_sizing.h: choose_table_size).
  const TableSizeChoice choice =
      choose_table_size(table, style, fonts, constraints, text_width, L->pad_h, L->pad_v);
  if (!choice.fits) {
    const styles::PageStyle& ps = style.page;
    const double landscape_pt = ps.height_pt - ps.margin_top_pt - ps.margin_bottom_pt;
    const double room = style.table.landscape ? std::max(landscape_pt, lu_to_pt(text_width))
                                              : lu_to_pt(text_width);
    Diagnostic d;
    d.pointer = where;
    d.message = "table " + std::to_string(index + 1) + " does not fit the text width (" +
                std::to_string(static_cast<int>(room)) + " pt" +
                (style.table.landscape ? " on a landscape page" : "") +
                ") even at the minimum table font size of " +
                std::to_string(style.table.min_font_size_pt).substr(0, 4) +
                " pt: its columns need at least " +
                std::to_string(static_cast<int>(lu_to_pt(choice.min_total) + 0.5)) +
                " pt; give it fewer columns, shorter unbreakable values or a smaller "
                "table.min_font_size" +
                (style.table.landscape ? "" : ", or allow table.landscape");
    diagnostics.push_back(d);
  }
  ColumnWidths widths;
  widths.widths = choice.widths;
  const double scale = choice.scale;
  L->landscape = choice.landscape;
  L->column_widths = widths.widths;
  L->font_scale = scale;
  L->width = std::accumulate(L->column_widths.begin(), L->column_widths.end(), LU{0});
  L->column_x.assign(static_cast<size_t>(g.cols), 0);
  for (int c = 1; c < g.cols; ++c) {
    L->column_x[static_cast<size_t>(c)] =
        L->column_x[static_cast<size_t>(c - 1)] + L->column_widths[static_cast<size_t>(c - 1)];
  }

  // Lay out every cell in its box.
  L->cells.resize(g.cells.size());
  for (size_t i = 0; i < g.cells.size(); ++i) {
    const GridCell& gc = g.cells[i];
    LaidOutCell& cell = L->cells[i];
    cell.width = sum(L->column_widths, static_cast<size_t>(gc.col),
                     static_cast<size_t>(gc.col + gc.colspan));
    for (Line& line : layout_cell(table.cells[i], style, scale, cell.width - 2 * L->pad_h,
                                  fonts, diagnostics)) {
      cell.content_height += line.height;
      cell.lines.push_back(std::move(line));
    }
    cell.valign = table.cells[i].valign;
  }

  // Row heights: single-row cells first, then rowspans by increasing span, their deficit spread
  // evenly over the rows they span.
  const styles::TextStyle& ts = style.table_cell;
  const LU min_row = pt_to_lu(styles::line_pitch_pt(ts) * scale) + 2 * L->pad_v;
  L->row_heights.assign(static_cast<size_t>(g.rows), min_row);
  std::vector<size_t> order(g.cells.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return g.cells[a].rowspan < g.cells[b].rowspan;
  });
  for (size_t i : order) {
    const GridCell& gc = g.cells[i];
    const LU need = L->cells[i].content_height + 2 * L->pad_v;
    const auto r0 = static_cast<size_t>(gc.row);
    const auto r1 = static_cast<size_t>(gc.row + gc.rowspan);
    const LU have = sum(L->row_heights, r0, r1);
    if (need <= have) continue;
    const LU deficit = need - have;
    const LU each = deficit / gc.rowspan;
    for (size_t r = r0; r < r1; ++r) L->row_heights[r] += each;
    L->row_heights[r1 - 1] += deficit - each * gc.rowspan;
  }
  L->break_costs = break_costs(g);

  const styles::PageStyle& page = style.page;
  const LU body_height = pt_to_lu(page.height_pt - page.margin_top_pt - page.margin_bottom_pt);
  L->keep_with_next.assign(static_cast<size_t>(g.rows), false);
  if (style.table.keep_rowspan_together) {
    for (const GridCell& gc : g.cells) {
      if (gc.rowspan < 2) continue;
      const auto r0 = static_cast<size_t>(gc.row);
      const auto r1 = static_cast<size_t>(gc.row + gc.rowspan);
      if (sum(L->row_heights, r0, r1) > body_height / 3) continue;
      for (size_t r = r0; r + 1 < r1; ++r) L->keep_with_next[r] = true;
    }
  }

  L->caption = simple_lines(table.caption, style.caption, style, HAlign::kCenter, L->width, fonts,
                            where + "/caption", diagnostics);
  L->note = simple_lines(table.note, style.note, style, HAlign::kLeft, L->width, fonts,
                         where + "/note", diagnostics);
  if (!style.table.continuation_label.empty()) {
    L->continuation = simple_lines(style.table.continuation_label, style.note, style,
                                   HAlign::kLeft, L->width, fonts, where, diagnostics);
  }
  return L;
}

LU table_min_start_height(const TableLayout& L) {
  LU h = 0;
  for (const Line& l : L.caption) h += l.height;
  const int header = std::min(L.header_rows, L.grid.rows);
  for (int r = 0; r < header && r < L.grid.rows; ++r) h += L.row_heights[static_cast<size_t>(r)];
  if (header < L.grid.rows) h += L.row_heights[static_cast<size_t>(header)];
  return h;
}

namespace {

// Rule segments of one page, merged so that every segment is emitted once.
class RuleSet {
 public:
  void horizontal(LU y, LU x1, LU x2) { h_[y].emplace_back(x1, x2); }
  void vertical(LU x, LU y1, LU y2) { v_[x].emplace_back(y1, y2); }

  // Emits merged segments as black stroked paths (artifacts); those on the outer frame get the
  // frame width. Square caps extend each end by half the width, so a horizontal and a vertical
  // rule that end at the same point fill the corner instead of leaving a notch.
  void emit(Page& page, LU left, LU top, LU right, LU bottom, LU rule, LU frame) {
    for (auto& [y, spans] : h_) {
      for (auto [a, b] : merge(spans)) {
        const bool outer = y == top || y == bottom;
        page.paths.push_back(
            line_path(a, y, b, y, outer ? frame : rule, Color::black(), LineCap::kSquare));
      }
    }
    for (auto& [x, spans] : v_) {
      for (auto [a, b] : merge(spans)) {
        const bool outer = x == left || x == right;
        page.paths.push_back(
            line_path(x, a, x, b, outer ? frame : rule, Color::black(), LineCap::kSquare));
      }
    }
  }

 private:
  static std::vector<std::pair<LU, LU>> merge(std::vector<std::pair<LU, LU>> spans) {
    std::sort(spans.begin(), spans.end());
    std::vector<std::pair<LU, LU>> out;
    for (auto s : spans) {
      if (!out.empty() && s.first <= out.back().second) {
        out.back().second = std::max(out.back().second, s.second);
      } else {
        out.push_back(s);
      }
    }
    return out;
  }
  std::map<LU, std::vector<std::pair<LU, LU>>> h_, v_;
};

// One page's part of the table: rows [first, last), after the repeated header rows.
class TablePainter {
 public:
  // `cell_structure`: per grid cell, its element in the structure tree (or kArtifact).
  TablePainter(const TableLayout& L, Paginator& pager, std::vector<int> cell_structure)
      : L_(L), pager_(pager), cell_structure_(std::move(cell_structure)) {}

  // Draws grid rows [a, b) starting at y; cells that began above `a` are drawn again (their text
  // repeated, so a split rowspan keeps its label). `line_range` limits the lines of cells of a
  // row split across pages. Returns the bottom.
  LU draw_rows(int a, int b, LU y, bool repeated_header,
               const std::map<size_t, std::pair<size_t, size_t>>* line_range = nullptr,
               const std::vector<LU>* heights = nullptr) {
    const TableGrid& g = L_.grid;
    std::vector<LU> row_y(static_cast<size_t>(b - a) + 1, y);
    for (int r = a; r < b; ++r) {
      const LU h = heights != nullptr ? (*heights)[static_cast<size_t>(r - a)]
                                      : L_.row_heights[static_cast<size_t>(r)];
      row_y[static_cast<size_t>(r - a + 1)] = row_y[static_cast<size_t>(r - a)] + h;
    }
    const LU x0 = pager_.left();
    for (size_t i = 0; i < g.cells.size(); ++i) {
      const GridCell& gc = g.cells[i];
      const int r0 = std::max(a, gc.row);
      const int r1 = std::min(b, gc.row + gc.rowspan);
      if (r0 >= r1) continue;
      const LaidOutCell& cell = L_.cells[i];
      const LU bx = x0 + L_.column_x[static_cast<size_t>(gc.col)];
      const LU by = row_y[static_cast<size_t>(r0 - a)];
      const LU bh = row_y[static_cast<size_t>(r1 - a)] - by;
      CellBox box;
      box.table = L_.index;
      box.row = gc.row;
      box.col = gc.col;
      box.rowspan = gc.rowspan;
      box.colspan = gc.colspan;
      box.x = bx;
      box.y = by;
      box.w = cell.width;
      box.h = bh;
      box.header = gc.kind == CellKind::kHeader;
      box.repeated = repeated_header || gc.row < a;
      pager_.page().cells.push_back(box);
      rules_.horizontal(by, bx, bx + cell.width);
      rules_.horizontal(by + bh, bx, bx + cell.width);
      rules_.vertical(bx, by, by + bh);
      rules_.vertical(bx + cell.width, by, by + bh);
      top_ = std::min(top_, by);
      bottom_ = std::max(bottom_, by + bh);

      size_t l0 = 0, l1 = cell.lines.size();
      if (line_range != nullptr) {
        auto it = line_range->find(i);
        if (it != line_range->end()) std::tie(l0, l1) = it->second;
      }
      LU text_h = 0;
      for (size_t l = l0; l < l1; ++l) text_h += cell.lines[l].height;
      LU ty = by + L_.pad_v;
      const LU room = bh - 2 * L_.pad_v;
      VAlign valign = line_range != nullptr ? VAlign::kTop : cell.valign;
      if (valign == VAlign::kMiddle && room > text_h) ty += (room - text_h) / 2;
      if (valign == VAlign::kBottom && room > text_h) ty += room - text_h;
      // Text drawn again on a continuation page is a pagination artifact: the cell's content
      // is read once, where it first appears.
      const int structure = box.repeated ? kArtifact : cell_structure_[i];
      for (size_t l = l0; l < l1; ++l) {
        pager_.emit_line(cell.lines[l], bx + L_.pad_h, ty, structure);
        ty += cell.lines[l].height;
      }
    }
    pager_.mark_used();
    return row_y.back();
  }

  void finish() {
    if (top_ > bottom_) return;
    const LU left = pager_.left();
    rules_.emit(pager_.page(), left, top_, left + L_.width, bottom_, L_.rule, L_.frame);
    rules_ = RuleSet();
    top_ = kFar;
    bottom_ = -kFar;
  }

 private:
  static constexpr LU kFar = 1 << 30;
  const TableLayout& L_;
  Paginator& pager_;
  std::vector<int> cell_structure_;
  RuleSet rules_;
  LU top_ = kFar, bottom_ = -kFar;
};

}  // namespace

namespace {

// The table's parts under its element: the caption, header rows in a head group, the rest in a
// body group, each cell under the row it starts in, then the note.
struct TableStructure {
  int caption = kArtifact, note = kArtifact;
  std::vector<int> cells;  // per grid cell
};

TableStructure add_table_structure(const TableLayout& L, int table, int header_rows,
                                   PageModel& model) {
  const TableGrid& g = L.grid;
  TableStructure s;
  s.cells.assign(g.cells.size(), kArtifact);
  if (table < 0 || static_cast<size_t>(table) >= model.structure.size()) return s;
  if (!L.caption.empty()) s.caption = model.add_structure(StructRole::kCaption, table);
  const int head = header_rows > 0 ? model.add_structure(StructRole::kTableHead, table) : -1;
  const int body =
      header_rows < g.rows ? model.add_structure(StructRole::kTableBody, table) : -1;
  std::vector<int> rows(static_cast<size_t>(g.rows));
  for (int r = 0; r < g.rows; ++r) {
    rows[static_cast<size_t>(r)] =
        model.add_structure(StructRole::kTableRow, r < header_rows ? head : body);
  }
  for (size_t i = 0; i < g.cells.size(); ++i) {
    const GridCell& gc = g.cells[i];
    const int e = model.add_structure(StructRole::kTableCell, rows[static_cast<size_t>(gc.row)]);
    StructElement& cell = model.structure[static_cast<size_t>(e)];
    cell.row = gc.row;
    cell.col = gc.col;
    cell.rowspan = gc.rowspan;
    cell.colspan = gc.colspan;
    cell.header = gc.kind == CellKind::kHeader;
    s.cells[i] = e;
  }
  if (!L.note.empty()) s.note = model.add_structure(StructRole::kParagraph, table);
  return s;
}

}  // namespace

void place_table(const TableLayout& L, int structure_element, const styles::Style& style,
                 Paginator& pager) {
  const TableGrid& g = L.grid;
  const int header = std::clamp(L.header_rows, 0, g.rows);
  const bool repeat = style.table.repeat_header;
  LU header_h = 0;
  for (int r = 0; r < header; ++r) header_h += L.row_heights[static_cast<size_t>(r)];
  LU caption_h = 0;
  for (const Line& l : L.caption) caption_h += l.height;
  LU cont_h = 0;
  for (const Line& l : L.continuation) cont_h += l.height;

  const TableStructure structure =
      add_table_structure(L, structure_element, header, pager.model());
  // The caption stays with the header and the first body row.
  if (!pager.page_empty() && table_min_start_height(L) > pager.remaining()) pager.new_page();
  for (const Line& l : L.caption) {
    pager.emit_line(l, pager.left(), pager.y(), structure.caption);
    pager.advance(l.height);
  }

  // The heights of rows [a, b) on one page. A rowspan cell cut by a page break draws its whole
  // text in each of its fragments (so a split group keeps its label): when a fragment is shorter
  // than that text, its last row grows on this page.
  auto page_heights = [&](int a, int b) {
    std::vector<LU> h(L.row_heights.begin() + a, L.row_heights.begin() + b);
    for (size_t i = 0; i < g.cells.size(); ++i) {
      const GridCell& gc = g.cells[i];
      const int f0 = std::max(a, gc.row), f1 = std::min(b, gc.row + gc.rowspan);
      if (f0 >= f1 || (gc.row >= a && gc.row + gc.rowspan <= b)) continue;
      LU have = 0;
      for (int k = f0; k < f1; ++k) have += h[static_cast<size_t>(k - a)];
      const LU need = L.cells[i].content_height + 2 * L.pad_v;
      if (need > have) h[static_cast<size_t>(f1 - 1 - a)] += need - have;
    }
    return h;
  };
  auto total = [](const std::vector<LU>& h) {
    return std::accumulate(h.begin(), h.end(), LU{0});
  };

  TablePainter painter(L, pager, structure.cells);
  int r = 0;
  bool first_page = true;
  // Lines already placed of the cells of a row split across pages.
  std::map<size_t, size_t> split_done;
  while (r < g.rows) {
    LU y = pager.y();
    if (!first_page) {
      for (const Line& l : L.continuation) {
        pager.emit_line(l, pager.left(), y);
        y += l.height;
      }
      if (repeat && header > 0) y = painter.draw_rows(0, header, y, true);
    }
    const LU bottom = pager.bottom();
    // Rows that fit from r on, with the heights they take on this page.
    int o = r;
    while (o < g.rows && y + total(page_heights(r, o + 1)) <= bottom) ++o;
    if (o < g.rows && o <= header && first_page && !pager.page_empty()) {
      pager.new_page();  // not even the header and a first row fit: start the table afresh
      continue;
    }
    if (o == r) {
      // Row r is taller than what is left of a fresh page: split its cells line by line.
      const LU avail = bottom - y;
      std::map<size_t, std::pair<size_t, size_t>> ranges;
      bool more = false;
      LU piece = 0;
      for (size_t i = 0; i < g.cells.size(); ++i) {
        const GridCell& gc = g.cells[i];
        if (gc.row != r) continue;
        const LaidOutCell& cell = L.cells[i];
        size_t l0 = split_done[i], l1 = l0;
        LU used = 2 * L.pad_v;
        while (l1 < cell.lines.size() && used + cell.lines[l1].height <= avail) {
          used += cell.lines[l1].height;
          ++l1;
        }
        if (l1 == l0 && l1 < cell.lines.size()) {
          used += cell.lines[l1].height;  // always progress
          ++l1;
        }
        piece = std::max(piece, std::min(used, avail));
        ranges[i] = {l0, l1};
        split_done[i] = l1;
        if (l1 < cell.lines.size()) more = true;
      }
      const LU height = more ? avail : piece;
      const std::vector<LU> one{height};
      painter.draw_rows(r, r + 1, y, false, &ranges, &one);
      painter.finish();
      if (!more) {
        split_done.clear();
        ++r;
        pager.advance(y + height - pager.y());
        continue;
      }
      pager.new_page();
      first_page = false;
      continue;
    }
    int b = o;
    if (o < g.rows) {
      // Choose where to break: the fewest rowspans cut (a clean break keeps a group whole), the
      // latest such row — as long as what moves to the next page is at most a third of a page,
      // so keeping a group whole never leaves most of a page empty.
      const LU fresh = (bottom - pager.top() - header_h - cont_h) / 3;
      if (style.table.keep_rowspan_together) {
        int best = o;
        int best_cost = L.break_costs[static_cast<size_t>(o)];
        LU moved = L.row_heights[static_cast<size_t>(o)];
        for (int c = o - 1; c > std::max(r, header); --c) {
          moved += L.row_heights[static_cast<size_t>(c)];
          if (moved > fresh) break;
          if (L.break_costs[static_cast<size_t>(c)] < best_cost) {
            best = c;
            best_cost = L.break_costs[static_cast<size_t>(c)];
          }
        }
        b = best;
      }
    }
    // What was chosen must fit with its own cut cells (a shorter segment may cut more of them).
    std::vector<LU> heights = page_heights(r, b);
    while (b > r + 1 && y + total(heights) > bottom) heights = page_heights(r, --b);
    y = painter.draw_rows(r, b, y, false, nullptr, &heights);
    painter.finish();
    pager.advance(y - pager.y());
    r = b;
    if (r < g.rows) {
      pager.new_page();
      first_page = false;
    }
  }
  for (const Line& l : L.note) {
    pager.emit_line(l, pager.left(), pager.y(), structure.note);
    pager.advance(l.height);
  }
}

std::vector<int> break_costs(const TableGrid& grid) {
  std::vector<int> costs(static_cast<size_t>(grid.rows) + 1, 0);
  for (const GridCell& gc : grid.cells) {
    for (int r = gc.row + 1; r < gc.row + gc.rowspan; ++r) ++costs[static_cast<size_t>(r)];
  }
  return costs;
}

}  // namespace paiban::layout
