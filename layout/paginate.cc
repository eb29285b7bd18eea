// Phase 7: pagination into page-sized regions, with keep-with-next for headings and widow and
// orphan control for paragraphs (no line of a paragraph alone at the foot or head of a page).
#include "layout/paginate.h"

#include <algorithm>

#include "paiban_limits.h"

namespace paiban::layout {

Paginator::Paginator(const styles::Style& style, PageModel& model)
    : style_(style), model_(model) {
  set_geometry();
  new_page();
}

void Paginator::set_geometry() {
  const styles::PageStyle& p = style_.page;
  if (landscape_) {
    // The portrait sheet turned a quarter counter-clockwise: its left (binding) margin is on
    // top, its bottom margin on the left.
    left_ = pt_to_lu(p.margin_bottom_pt);
    top_ = pt_to_lu(p.margin_left_pt);
    width_ = pt_to_lu(p.height_pt - p.margin_top_pt - p.margin_bottom_pt);
    bottom_ = pt_to_lu(p.width_pt - p.margin_right_pt);
    pitch_ = 0;
    return;
  }
  left_ = pt_to_lu(p.margin_left_pt);
  top_ = pt_to_lu(p.margin_top_pt);
  width_ = pt_to_lu(p.width_pt - p.margin_left_pt - p.margin_right_pt);
  bottom_ = pt_to_lu(p.height_pt - p.margin_bottom_pt);
  pitch_ = p.grid_lines > 0 ? (bottom_ - top_) / p.grid_lines : 0;
}

void Paginator::set_landscape(bool landscape) {
  if (landscape == landscape_) return;
  landscape_ = landscape;
  set_geometry();
  if (!empty_ || model_.pages.empty()) {
    new_page();
    return;
  }
  Page& page = model_.pages.back();
  page.width = pt_to_lu(landscape ? style_.page.height_pt : style_.page.width_pt);
  page.height = pt_to_lu(landscape ? style_.page.width_pt : style_.page.height_pt);
  page.orientation = page.width > page.height ? Orientation::kLandscape : Orientation::kPortrait;
  y_ = top_;
}

void Paginator::new_page() {
  // paiban_limits.h kMaxPages: a new page past the limit is not made. Placing goes on over an
  // emptied region of the last page (each block is placed in bounded time), and the document
  // phase stops at the end of the block with an error naming it.
  if (model_.pages.size() >= limits::kMaxPages) {
    over_page_limit_ = true;
    y_ = top_;
    empty_ = true;
    return;
  }
  Page page;
  page.width = pt_to_lu(landscape_ ? style_.page.height_pt : style_.page.width_pt);
  page.height = pt_to_lu(landscape_ ? style_.page.width_pt : style_.page.height_pt);
  page.orientation = page.width > page.height ? Orientation::kLandscape : Orientation::kPortrait;
  page.number = static_cast<int>(model_.pages.size()) + 1;
  // Pages that follow one another are alike (a long table's pages above all): room for as many
  // items as the page before, so that each list is allocated about once, not doubled up to a
  // power of two (issue #11: memory linear in rows, with no slack that grows with the pages).
  if (!model_.pages.empty()) {
    const Page& before = model_.pages.back();
    page.runs.reserve(before.runs.size());
    page.paths.reserve(before.paths.size());
    page.cells.reserve(before.cells.size());
  }
  model_.pages.push_back(std::move(page));
  y_ = top_;
  empty_ = true;
}

void Paginator::advance(LU dy) { y_ = std::min(bottom_, y_ + dy); }

void Paginator::snap_to_grid() {
  if (pitch_ <= 0) return;
  const LU offset = y_ - top_;
  const LU lines = (offset + pitch_ - 1) / pitch_;
  y_ = std::min(bottom_, top_ + lines * pitch_);
}

void Paginator::emit_line(const Line& line, LU x, LU y, int structure) {
  for (const GlyphRun& run : line.runs) {
    GlyphRun placed = run;
    placed.x += x;
    placed.y += y;
    placed.structure = structure;
    page().runs.push_back(std::move(placed));
  }
}

LU Paginator::min_start_height(const TextBlock& block) {
  if (block.lines.empty()) return 0;
  // Orphan control: a paragraph of two or more lines starts a page with at least two of them;
  // with widow control a paragraph of three cannot leave one behind either (2 + 1 and 1 + 2 are
  // both refused by place_text), so it starts a page only whole. A heading kept with it must
  // reserve that much, or the heading is left alone at the foot of the page.
  const size_t n = block.keep_together || block.lines.size() <= 3
                       ? block.lines.size()
                       : std::min<size_t>(2, block.lines.size());
  LU h = 0;
  for (size_t i = 0; i < n; ++i) h += block.lines[i].height;
  return h;
}

void Paginator::place_text(const TextBlock& block, LU next_min_height) {
  if (!empty_) advance(block.space_before);
  snap_to_grid();
  const size_t n = block.lines.size();
  LU total = 0;
  for (const Line& l : block.lines) total += l.height;

  // Keep with next: the whole block plus the start of the next one must fit, else a new page.
  LU needed = block.keep_with_next || block.keep_together ? total : min_start_height(block);
  if (block.keep_with_next) needed += next_min_height;
  if (!empty_ && y_ + needed > bottom_) new_page();

  bool anchored = false;
  size_t i = 0;
  while (i < n) {
    // How many of the remaining lines fit on this page?
    size_t fit = 0;
    LU h = 0;
    while (i + fit < n && y_ + h + block.lines[i + fit].height <= bottom_) {
      h += block.lines[i + fit].height;
      ++fit;
    }
    const size_t rest = n - i - fit;
    if (rest > 0 && !block.keep_together && !block.keep_with_next) {
      // Widow control: never carry a single last line over; take one more line with it when this
      // page keeps at least two.
      if (rest == 1 && fit >= 3) {
        --fit;
      } else if (rest == 1 && fit > 0 && i == 0) {
        fit = 0;
      }
      // Orphan control: never leave the first line alone at the foot of a page.
      if (i == 0 && fit == 1 && n > 1) fit = 0;
    }
    if (fit == 0) {
      if (empty_) {
        fit = 1;  // a line taller than a page: place it anyway (clamped), never loop
      } else {
        new_page();
        continue;
      }
    }
    for (size_t k = 0; k < fit; ++k) {
      const Line& line = block.lines[i + k];
      if (!anchored && block.anchor_level > 0) {
        page().anchors.push_back(Anchor{block.anchor_level, block.anchor_title, y_});
        anchored = true;
      }
      if (i + k == 0) {
        last_block_page_ = model_.pages.size() - 1;
        last_block_top_ = y_;
      }
      emit_line(line, left_ + block.x, y_, block.structure);
      y_ += line.height;
      empty_ = false;
    }
    i += fit;
    if (i < n) new_page();
  }
  advance(block.space_after);
}

}  // namespace paiban::layout
