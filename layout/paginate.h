// Pagination: places line boxes and table fragments into page-sized regions, one page per region.
#pragma once

#include <vector>

#include "layout/font_context.h"
#include "layout/page_model.h"
#include "layout/paragraph.h"
#include "styles/style.h"

namespace paiban::layout {

// A block of lines that flows as a unit (a paragraph, a heading, a title line group).
struct TextBlock {
  std::vector<Line> lines;
  LU x = 0;  // left edge of the lines relative to the type area
  LU space_before = 0;
  LU space_after = 0;
  bool keep_with_next = false;  // headings: never the last thing on a page
  bool keep_together = false;   // e.g. a signature
  int anchor_level = 0;         // > 0: a heading, bookmarked at this level
  std::string anchor_title;
  int structure = kArtifact;  // the block's element in PageModel::structure
};

class Paginator {
 public:
  Paginator(const styles::Style& style, PageModel& model);

  LU left() const { return left_; }
  LU top() const { return top_; }
  LU width() const { return width_; }
  LU bottom() const { return bottom_; }
  LU y() const { return y_; }
  LU remaining() const { return bottom_ - y_; }
  bool page_empty() const { return empty_; }
  Page& page() { return model_.pages.back(); }
  PageModel& model() { return model_; }

  // Pages from now on are landscape (GB/T 9704 §8: the portrait sheet turned, the same type
  // area turned with it, no character grid) or portrait again. The current page, when empty, is
  // turned at once; otherwise a new page starts.
  void set_landscape(bool landscape);
  bool landscape() const { return landscape_; }

  // Starts a new page; past limits::kMaxPages, the last page is reused instead (its region is
  // emptied) and over_page_limit() turns true, so that every caller's loop still ends.
  void new_page();
  bool over_page_limit() const { return over_page_limit_; }
  void advance(LU dy);  // move down; never past the page bottom
  // Moves to the next line of the character grid (no-op without a grid).
  void snap_to_grid();
  void mark_used() { empty_ = false; }

  // Places a text block; `next_min_height` is the least height the following block needs on the
  // same page (so that a heading is kept with it).
  void place_text(const TextBlock& block, LU next_min_height);
  // Where the last block place_text placed began: the page index and the top of its first line.
  size_t last_block_page() const { return last_block_page_; }
  LU last_block_top() const { return last_block_top_; }
  // The height a block needs at the top of a page before it may break (orphan control).
  static LU min_start_height(const TextBlock& block);

  // Adds a line's runs at (x, y) = its top-left corner, page coordinates, tagged with the
  // structure element `structure`.
  void emit_line(const Line& line, LU x, LU y, int structure = kArtifact);

 private:
  const styles::Style& style_;
  PageModel& model_;
  LU left_, top_, width_, bottom_, pitch_;
  LU y_ = 0;
  bool empty_ = true;
  bool over_page_limit_ = false;
  bool landscape_ = false;
  size_t last_block_page_ = 0;
  LU last_block_top_ = 0;
  void set_geometry();
};

}  // namespace paiban::layout
