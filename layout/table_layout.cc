// Table layout and pagination (see table_layout.h).
#include "layout/table_layout.h"

#include <algorithm>
#include <numeric>
#include <set>
#include <span>
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
                                           LU text_width, std::vector<Diagnostic>& diagnostics,
                                           std::vector<resolve::CellLines>* facts) {
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
  TableSizeChoice choice =
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
    const size_t facts_from = facts != nullptr ? facts->size() : 0;
    const std::vector<ShapedParagraph>* shaped =
        i < choice.shaped.size() ? &choice.shaped[i] : nullptr;
    cell.lines = layout_cell(table.cells[i], style, scale, cell.width - 2 * L->pad_h, fonts,
                             diagnostics, facts, shaped);
    if (shaped != nullptr) std::vector<ShapedParagraph>().swap(choice.shaped[i]);
    for (size_t f = facts_from; facts != nullptr && f < facts->size(); ++f) {
      (*facts)[f].cell = static_cast<uint32_t>(i);
    }
    for (Line& line : cell.lines) {
      cell.content_height += line.height;
      // The cells stay in memory until the table is placed: no room left over from building
      // them (a glyph list grown one glyph at a time holds up to twice its glyphs).
      for (GlyphRun& run : line.runs) {
        run.glyphs.shrink_to_fit();
        run.text.shrink_to_fit();
      }
      line.runs.shrink_to_fit();
    }
    cell.lines.shrink_to_fit();
    cell.valign = table.cells[i].valign;
  }

  // Row heights (row_heights: single rows first, then spans by increasing span).
  const styles::TextStyle& ts = style.table_cell;
  std::vector<LU> cell_heights(g.cells.size());
  for (size_t i = 0; i < g.cells.size(); ++i) {
    cell_heights[i] = L->cells[i].content_height + 2 * L->pad_v;
  }
  L->row_heights =
      row_heights(g, cell_heights, pt_to_lu(styles::line_pitch_pt(ts) * scale) + 2 * L->pad_v);
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

// Rule segments of one page, merged so that every segment is emitted once. Segments are
// collected in two flat lists (a page's rules cost a few allocations, not one list per rule
// position) and sorted by position when emitted.
class RuleSet {
 public:
  void horizontal(LU y, LU x1, LU x2) { h_.push_back({y, x1, x2}); }
  void vertical(LU x, LU y1, LU y2) { v_.push_back({x, y1, y2}); }

  // Emits merged segments as black stroked paths (artifacts); those on the outer frame get the
  // frame width. Square caps extend each end by half the width, so a horizontal and a vertical
  // rule that end at the same point fill the corner instead of leaving a notch.
  void emit(Page& page, LU left, LU top, LU right, LU bottom, LU rule, LU frame) {
    for_each_merged(h_, [&](LU y, LU a, LU b) {
      const bool outer = y == top || y == bottom;
      page.paths.push_back(
          line_path(a, y, b, y, outer ? frame : rule, Color::black(), LineCap::kSquare));
    });
    for_each_merged(v_, [&](LU x, LU a, LU b) {
      const bool outer = x == left || x == right;
      page.paths.push_back(
          line_path(x, a, x, b, outer ? frame : rule, Color::black(), LineCap::kSquare));
    });
  }

 private:
  struct Segment {
    LU at, from, to;  // the rule's position across it, and its extent along it
    auto operator<=>(const Segment&) const = default;
  };

  // By position, then along it: overlapping or touching segments at one position merged.
  template <typename F>
  static void for_each_merged(std::vector<Segment>& segments, F&& emit) {
    std::sort(segments.begin(), segments.end());
    for (size_t i = 0; i < segments.size();) {
      const LU at = segments[i].at;
      LU from = segments[i].from, to = segments[i].to;
      for (++i; i < segments.size() && segments[i].at == at; ++i) {
        if (segments[i].from <= to) {
          to = std::max(to, segments[i].to);
        } else {
          emit(at, from, to);
          from = segments[i].from;
          to = segments[i].to;
        }
      }
      emit(at, from, to);
    }
  }
  std::vector<Segment> h_, v_;
};

// Per grid row, the cells that cover it, in reading order (compressed rows). Pagination reads
// only the rows it considers, so placing a table is linear in its rows: no candidate break ever
// rescans every cell of the table.
class RowCover {
 public:
  explicit RowCover(const TableGrid& g) {
    const auto rows = static_cast<size_t>(std::max(g.rows, 0));
    offsets_.assign(rows + 1, 0);
    for (const GridCell& gc : g.cells) {
      for (int r = std::max(gc.row, 0); r < gc.row + gc.rowspan && r < g.rows; ++r) {
        ++offsets_[static_cast<size_t>(r) + 1];
      }
    }
    for (size_t r = 0; r < rows; ++r) offsets_[r + 1] += offsets_[r];
    cells_.resize(offsets_[rows]);
    std::vector<size_t> fill(offsets_.begin(), offsets_.end() - 1);
    for (size_t i = 0; i < g.cells.size(); ++i) {
      const GridCell& gc = g.cells[i];
      for (int r = std::max(gc.row, 0); r < gc.row + gc.rowspan && r < g.rows; ++r) {
        cells_[fill[static_cast<size_t>(r)]++] = i;
      }
    }
  }
  std::span<const size_t> at(int r) const {
    const auto k = static_cast<size_t>(r);
    return {cells_.data() + offsets_[k], offsets_[k + 1] - offsets_[k]};
  }

 private:
  std::vector<size_t> offsets_;
  std::vector<size_t> cells_;
};

// Places a table's rows page by page. Every cell's text is drawn exactly once where it is read
// (its lines flow on through the fragments of a cell cut by page breaks) and drawn again only as
// a whole label on a continuation page, when it fits there; nothing is drawn outside the type
// area. When the repeated header rows and the next group do not fit, pagination degrades in a
// fixed order (layout/README.md): split the group (its label drawn again), then leave the header
// out on that page, then split the row line by line.
class TablePager {
 public:
  TablePager(const TableLayout& L, const styles::Style& style, Paginator& pager,
             std::vector<int> cell_structure)
      : L_(L),
        style_(style),
        pager_(pager),
        cell_structure_(std::move(cell_structure)),
        cover_(L.grid),
        rows_(L.grid.rows),
        header_(std::clamp(L.header_rows, 0, L.grid.rows)),
        next_line_(L.grid.cells.size(), 0),
        drawn_h_(L.grid.cells.size(), 0) {
    for (int r = 0; r < header_; ++r) header_h_ += L_.row_heights[static_cast<size_t>(r)];
    for (const Line& l : L_.continuation) cont_h_ += l.height;
    body_line_ = std::max<LU>(pt_to_lu(styles::line_pitch_pt(style.body)), 1);
    prefix_.assign(static_cast<size_t>(rows_) + 1, 0);
    for (int r = 0; r < rows_; ++r) {
      prefix_[static_cast<size_t>(r) + 1] = prefix_[static_cast<size_t>(r)] + row_h(r);
    }
    // The group kept together that each row belongs to (runs of keep_with_next).
    group_start_.assign(static_cast<size_t>(rows_), 0);
    for (int r = 0; r < rows_; ++r) {
      group_start_[static_cast<size_t>(r)] = r > 0 && kept(r - 1) ? group_start_[r - 1] : r;
    }
    group_end_.assign(static_cast<size_t>(rows_), 0);
    for (int r = rows_ - 1; r >= 0; --r) {
      group_end_[static_cast<size_t>(r)] = kept(r) && r + 1 < rows_ ? group_end_[r + 1] : r + 1;
    }
  }

  void run() {
    int r = 0;
    bool continuation = false;                    // the table has drawn on an earlier page
    bool others_on_page = !pager_.page_empty();   // something above the table on this page
    bool started_here = false;                    // the table has drawn on this page
    while (r < rows_) {
      LU y = pager_.y();
      const bool page_top = !started_here && !others_on_page;
      if (continuation && !started_here) {
        for (const Line& l : L_.continuation) {
          pager_.emit_line(l, pager_.left(), y);
          y += l.height;
        }
      }
      // Header rows are drawn again only on a continuation page, once they are complete.
      bool header_here = continuation && !started_here && style_.table.repeat_header &&
                         header_ > 0 && r >= header_ && resumed_row_ < 0;
      LU avail = pager_.bottom() - y - (header_here ? header_h_ : 0);
      std::vector<Candidate> cands;
      if (avail > 0) scan(r, avail, cands);
      if (header_here && cands.empty()) {
        // Degrade, second step: the header and the next rows do not fit even with the group
        // split; leave the header out on this page.
        header_here = false;
        avail = pager_.bottom() - y;
        scan(r, avail, cands);
      }
      if (!cands.empty()) {
        double cost = 0;
        const Candidate& c = choose(avail, cands, cost);
        // Under other text, the table starts on the next page instead when every break here
        // is all but forbidden (a short group split, header rows alone) and costs more than the
        // room it leaves.
        const double own = break_cost(c, avail);
        const double move_cost = static_cast<double>(avail) / static_cast<double>(body_line_) + 20;
        if (!continuation && !page_top && !started_here && c.b < rows_ &&
            ((own >= 1000 && own > move_cost) || (c.b <= header_ && header_ < rows_))) {
          new_page(others_on_page, started_here);
          continue;
        }
        if (header_here) y = draw_header(y);
        draw(r, c.b, y, pages_p_, c.extra, false);
        y += c.used;
        pager_.advance(y - pager_.y());
        started_here = true;
        r = c.b;
        if (r >= rows_) break;
        // Header rows alone at the top of the table's first page: the body row below them is
        // taller than the rest of the page, so it starts here, split line by line.
        if (r <= header_ && !continuation && page_top) continue;
        new_page(others_on_page, started_here);
        continuation = true;
        continue;
      }
      // Nothing fits. On a page that holds something else, start afresh; otherwise split row r
      // line by line (degrade, third step).
      if (!page_top && !(started_here && r <= header_ && !continuation)) {
        if (started_here) continuation = true;
        new_page(others_on_page, started_here);
        continue;
      }
      if (avail <= 2 * L_.pad_v && started_here) {
        new_page(others_on_page, started_here);
        continuation = true;
        continue;
      }
      const bool complete = split_row(r, y, std::max<LU>(avail, 0), /*force=*/page_top);
      started_here = true;
      if (complete) {
        resumed_row_ = -1;
        ++r;
        if (r < rows_ && pager_.remaining() > 0) continue;
      } else {
        resumed_row_ = r;
      }
      if (r < rows_) {
        new_page(others_on_page, started_here);
        continuation = true;
      }
    }
  }

 private:
  static constexpr LU kFar = 1 << 30;

  struct Candidate {
    int b = 0;      // the page ends before row b
    LU used = 0;    // height of the rows on this page, grown for labels cut at b
    LU extra = 0;   // what the last row grows so that cut labels fit
  };

  LU row_h(int r) const { return L_.row_heights[static_cast<size_t>(r)]; }
  bool kept(int r) const {
    return static_cast<size_t>(r) < L_.keep_with_next.size() &&
           L_.keep_with_next[static_cast<size_t>(r)];
  }
  const GridCell& gc(size_t i) const { return L_.grid.cells[i]; }
  int end_row(size_t i) const { return gc(i).row + gc(i).rowspan; }
  LU need_full(size_t i) const { return L_.cells[i].content_height + 2 * L_.pad_v; }
  bool finished(size_t i) const { return next_line_[i] >= L_.cells[i].lines.size(); }
  LU remaining_need(size_t i) const {
    return L_.cells[i].content_height - drawn_h_[i] + 2 * L_.pad_v;
  }
  // A cell whose text was completed on an earlier page: drawn again as a label.
  bool is_repeat(size_t i, int a) const { return gc(i).row < a && finished(i); }
  // Looking a page ahead, every cell that began before that page counts as complete.
  bool is_repeat(size_t i, int a, bool ahead) const {
    return ahead ? gc(i).row < a : is_repeat(i, a);
  }

  // The height a cell's fragment on a page starting at row a needs: its remaining lines (all of
  // them when the cell ends on this page; as many as the page holds when it continues), or its
  // whole label when drawn again — and nothing for a label taller than the page, which is then
  // not repeated.
  LU fragment_need(size_t i, int a, bool continues, LU avail, bool ahead) const {
    if (is_repeat(i, a, ahead)) {
      const LU n = need_full(i);
      return n <= avail ? n : 0;
    }
    const LU n = ahead ? need_full(i) : remaining_need(i);
    return continues ? std::min(n, avail) : n;
  }

  // A row's own height; a row split line by line continues with what its cells have left.
  LU base_height(int r, bool ahead) const {
    if (ahead || r != resumed_row_) return row_h(r);
    LU h = 2 * L_.pad_v;
    for (size_t i : cover_.at(r)) {
      if (end_row(i) == r + 1) h = std::max(h, remaining_need(i));
    }
    return h;
  }

  // The rows from a that fit in `avail`: their heights on this page (prefix sums in P, each
  // row grown so that the cells ending in it fit) and every boundary the page may end at.
  // Reads only the rows it considers and the cells covering them. `ahead`: for a page after
  // this one, from the row heights alone.
  void scan(int a, LU avail, std::vector<Candidate>& out) { scan(a, avail, out, pages_p_, false); }
  void scan(int a, LU avail, std::vector<Candidate>& out, std::vector<LU>& P, bool ahead) const {
    P.assign(1, 0);
    out.clear();
    for (int b = a; b < rows_; ++b) {
      LU hb = base_height(b, ahead);
      const LU before = P.back();
      for (size_t i : cover_.at(b)) {
        if (end_row(i) != b + 1) continue;
        const int f0 = std::max(a, gc(i).row);
        const LU have = before - P[static_cast<size_t>(f0 - a)] + hb;
        const LU need = fragment_need(i, a, false, avail, ahead);
        if (need > have) hb += need - have;
      }
      P.push_back(before + hb);
      if (P.back() > avail) break;
      LU extra = 0;
      if (b + 1 < rows_) {
        for (size_t i : cover_.at(b)) {
          if (end_row(i) <= b + 1) continue;
          const int f0 = std::max(a, gc(i).row);
          const LU have = P.back() - P[static_cast<size_t>(f0 - a)];
          extra = std::max(extra, fragment_need(i, a, true, avail, ahead) - have);
        }
      }
      if (P.back() + extra <= avail) out.push_back({b + 1, P.back() + extra, extra});
    }
  }

  // Break costs (issue #11, item 4), in body lines: the room left empty at the foot; a page
  // before a 续表 page ending more than 3 body lines above the foot when the next row (or short
  // group) would have fitted there; a group kept together split, a short one (up to 3 rows,
  // which would split 2+1) far more; labels repeated, and the height that cut labels add on
  // this page and the next (a repeated label taller than its rows stretches the last of them,
  // often a summary row such as 总计).
  double break_cost(const Candidate& c, LU avail) const {
    const int b = c.b;
    if (b >= rows_) return 0;
    const LU gap = avail - c.used;
    // Empty lines at the foot, squared: one page 7 lines short reads far worse than seven pages
    // one line short.
    const double gap_lines = static_cast<double>(gap) / static_cast<double>(body_line_);
    double cost = gap_lines * gap_lines;
    const int gs = group_start_[static_cast<size_t>(b)];
    const int ge = group_end_[static_cast<size_t>(b)];
    const bool inside_group = gs < b;
    // The next unit: the row, or the whole short group starting at b.
    LU next = row_h(b);
    if (!inside_group && ge - b <= 3) {
      next = prefix_[static_cast<size_t>(ge)] - prefix_[static_cast<size_t>(b)];
    }
    if (gap > 3 * body_line_ && next <= gap) cost += 1000;
    if (b <= header_) cost += 10000;  // header rows with no body row under them
    if (inside_group) {
      cost += ge - gs <= 3 ? 2000 : 100;
      if (b - gs == 1 || ge - b == 1) cost += 50;  // a single row of a group left alone
    }
    cost += 10.0 * L_.break_costs[static_cast<size_t>(b)];
    // The table's tail: a last continuation page of one or two rows reads as a table only when
    // they are whole groups (四、结转下年度继续办理, a row of its own). A piece torn from a group
    // (（七）总计 under its label 三、本年度办理结果 drawn again) is all but forbidden; the break
    // goes earlier, or the piece stays with its group.
    if (rows_ - b <= 2 && L_.break_costs[static_cast<size_t>(b)] > 0) cost += 1000;
    LU next_growth = 0;
    for (size_t i : cover_.at(b)) {
      if (gc(i).row >= b) continue;
      const int e = std::min(end_row(i), rows_);
      const LU have = prefix_[static_cast<size_t>(e)] - prefix_[static_cast<size_t>(b)];
      next_growth = std::max(next_growth, need_full(i) - have);
    }
    return cost + 3.0 * static_cast<double>(c.extra + std::max<LU>(next_growth, 0)) /
                      static_cast<double>(body_line_);
  }

  // The cheapest break of this page, counting the cheapest break of the page after it too: a
  // break that leaves the next page a group it cannot hold is paid for here (one page of
  // lookahead; each page's rows are read a bounded number of times, so still linear in rows).
  const Candidate& choose(LU avail, const std::vector<Candidate>& cands, double& best_cost) const {
    best_cost = 0;
    if (cands.back().b >= rows_) return cands.back();
    const Candidate* best = nullptr;
    std::vector<Candidate> next;
    std::vector<LU> P;
    for (const Candidate& c : cands) {
      double cost = break_cost(c, avail);
      if (cost < 1000) {
        const bool header = style_.table.repeat_header && header_ > 0 && c.b >= header_;
        const LU next_avail = pager_.bottom() - pager_.top() - cont_h_ - (header ? header_h_ : 0);
        scan(c.b, next_avail, next, P, true);
        double ahead = 0;
        if (!next.empty() && next.back().b < rows_) {
          ahead = break_cost(next.front(), next_avail);
          for (const Candidate& n : next) ahead = std::min(ahead, break_cost(n, next_avail));
        }
        cost += ahead;
      }
      if (best == nullptr || cost < best_cost) {
        best = &c;
        best_cost = cost;
      }
    }
    return *best;
  }

  void new_page(bool& others_on_page, bool& started_here) {
    finish();
    pager_.new_page();
    others_on_page = false;
    started_here = false;
  }

  // The header rows drawn again at y; returns their bottom.
  LU draw_header(LU y) {
    std::vector<LU> P(1, 0);
    for (int r = 0; r < header_; ++r) P.push_back(P.back() + row_h(r));
    draw(0, header_, y, P, 0, true);
    return y + header_h_;
  }

  // Draws rows [a, b) at y, row k's top at y + P[k - a], the last row grown by `extra`. Each
  // cell covering the rows is drawn once, as a fragment from its first row here.
  void draw(int a, int b, LU y, const std::vector<LU>& P, LU extra, bool header_repeat,
            bool force = false) {
    for (int row = a; row < b; ++row) {
      for (size_t i : cover_.at(row)) {
        if (row != std::max(a, gc(i).row)) continue;
        const int f1 = std::min(b, end_row(i));
        const LU top = y + P[static_cast<size_t>(row - a)];
        const LU h = P[static_cast<size_t>(f1 - a)] - P[static_cast<size_t>(row - a)] +
                     (f1 == b ? extra : 0);
        draw_cell(i, a, top, h, header_repeat, force);
      }
    }
    pager_.mark_used();
  }

  void draw_cell(size_t i, int a, LU by, LU bh, bool header_repeat, bool force) {
    const GridCell& g = gc(i);
    const LaidOutCell& cell = L_.cells[i];
    const LU bx = pager_.left() + L_.column_x[static_cast<size_t>(g.col)];
    CellBox box;
    box.table = L_.index;
    box.row = g.row;
    box.col = g.col;
    box.rowspan = g.rowspan;
    box.colspan = g.colspan;
    box.x = bx;
    box.y = by;
    box.w = cell.width;
    box.h = bh;
    box.header = g.kind == CellKind::kHeader;
    box.repeated = header_repeat || is_repeat(i, a);
    pager_.page().cells.push_back(box);
    rules_.horizontal(by, bx, bx + cell.width);
    rules_.horizontal(by + bh, bx, bx + cell.width);
    rules_.vertical(bx, by, by + bh);
    rules_.vertical(bx + cell.width, by, by + bh);
    top_ = std::min(top_, by);
    bottom_ = std::max(bottom_, by + bh);

    const LU room = bh - 2 * L_.pad_v;
    size_t l0 = 0, l1 = 0;
    LU text_h = 0;
    if (box.repeated) {
      // Drawn again only whole: a label cut short would misread.
      if (cell.content_height > room) return;
      l1 = cell.lines.size();
      text_h = cell.content_height;
    } else {
      l0 = l1 = next_line_[i];
      while (l1 < cell.lines.size() && text_h + cell.lines[l1].height <= room) {
        text_h += cell.lines[l1++].height;
      }
      if (l1 == l0 && l1 < cell.lines.size() && force) {
        text_h += cell.lines[l1++].height;  // a line taller than the type area: always progress
      }
      next_line_[i] = l1;
      drawn_h_[i] += text_h;
    }
    const bool whole = l0 == 0 && l1 == cell.lines.size();
    const VAlign valign = whole ? cell.valign : VAlign::kTop;
    LU ty = by + L_.pad_v;
    if (valign == VAlign::kMiddle && room > text_h) ty += (room - text_h) / 2;
    if (valign == VAlign::kBottom && room > text_h) ty += room - text_h;
    // Text drawn again on a continuation page is a pagination artifact: the cell's content is
    // read once, where it first appears.
    const int structure = box.repeated ? kArtifact : cell_structure_[i];
    for (size_t l = l0; l < l1; ++l) {
      pager_.emit_line(cell.lines[l], bx + L_.pad_h, ty, structure);
      ty += cell.lines[l].height;
    }
  }

  // Row r alone in `avail` at y, its cells split line by line (a row taller than the page, or
  // than what is left under the header rows). Returns whether the row is complete; the pager
  // has advanced under it.
  bool split_row(int r, LU y, LU avail, bool force) {
    const LU room = avail - 2 * L_.pad_v;
    bool complete = true;
    LU used = 2 * L_.pad_v;
    for (size_t i : cover_.at(r)) {
      if (is_repeat(i, r)) {
        if (need_full(i) <= avail) used = std::max(used, need_full(i));
        continue;
      }
      const LaidOutCell& cell = L_.cells[i];
      size_t l = next_line_[i];
      LU h = 0;
      while (l < cell.lines.size() && h + cell.lines[l].height <= room) h += cell.lines[l++].height;
      if (l == next_line_[i] && l < cell.lines.size() && force) h += cell.lines[l++].height;
      used = std::max(used, h + 2 * L_.pad_v);
      if (end_row(i) == r + 1 && l < cell.lines.size()) complete = false;
    }
    const LU height = complete ? std::min(std::max(used, 2 * L_.pad_v), avail) : avail;
    const std::vector<LU> P{0, std::max(height, used)};
    draw(r, r + 1, y, P, 0, false, force);
    pager_.advance(y + P.back() - pager_.y());
    return complete;
  }

  void finish() {
    if (top_ > bottom_) return;
    const LU left = pager_.left();
    rules_.emit(pager_.page(), left, top_, left + L_.width, bottom_, L_.rule, L_.frame);
    rules_ = RuleSet();
    top_ = kFar;
    bottom_ = -kFar;
  }

 public:
  ~TablePager() { finish(); }

 private:
  const TableLayout& L_;
  const styles::Style& style_;
  Paginator& pager_;
  std::vector<int> cell_structure_;
  RowCover cover_;
  int rows_, header_;
  LU header_h_ = 0, cont_h_ = 0, body_line_ = 1;
  std::vector<LU> prefix_;  // prefix sums of the row heights
  std::vector<int> group_start_, group_end_;
  std::vector<size_t> next_line_;  // per cell: its first line not yet drawn
  std::vector<LU> drawn_h_;        // per cell: the height of its lines drawn
  int resumed_row_ = -1;           // a row split line by line, continued on this page
  std::vector<LU> pages_p_;        // the last scan's row prefix sums
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
  // Room for every element of the table at once, and for each row's cells: a long table's tree
  // is allocated once, not doubled up element by element (issue #11: memory linear in rows).
  model.structure.reserve(model.structure.size() + static_cast<size_t>(g.rows) + g.cells.size() +
                          4);
  std::vector<size_t> row_cells(static_cast<size_t>(g.rows), 0);
  for (const GridCell& gc : g.cells) ++row_cells[static_cast<size_t>(gc.row)];
  if (!L.caption.empty()) s.caption = model.add_structure(StructRole::kCaption, table);
  const int head = header_rows > 0 ? model.add_structure(StructRole::kTableHead, table) : -1;
  const int body =
      header_rows < g.rows ? model.add_structure(StructRole::kTableBody, table) : -1;
  if (body >= 0) {
    model.structure[static_cast<size_t>(body)].children.reserve(
        static_cast<size_t>(g.rows - std::max(header_rows, 0)));
  }
  std::vector<int> rows(static_cast<size_t>(g.rows));
  for (int r = 0; r < g.rows; ++r) {
    rows[static_cast<size_t>(r)] =
        model.add_structure(StructRole::kTableRow, r < header_rows ? head : body);
    model.structure[static_cast<size_t>(rows[static_cast<size_t>(r)])].children.reserve(
        row_cells[static_cast<size_t>(r)]);
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
  const int header = std::clamp(L.header_rows, 0, L.grid.rows);
  const TableStructure structure =
      add_table_structure(L, structure_element, header, pager.model());
  // The caption stays with the header and the first body row.
  if (!pager.page_empty() && table_min_start_height(L) > pager.remaining()) pager.new_page();
  for (const Line& l : L.caption) {
    pager.emit_line(l, pager.left(), pager.y(), structure.caption);
    pager.advance(l.height);
  }
  {
    TablePager rows(L, style, pager, structure.cells);
    rows.run();
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
