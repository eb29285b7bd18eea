// The 公文 phase (GB/T 9704-2012): the parts of an official document that are placed rather than
// flowed — the masthead (版头) on page 1, the sealed signature, the 版记 at the foot of the last
// page — and which pages carry no page number. The document phase calls it; texts and roles come
// from the resolved document (resolve decided them), positions are decided here.
#pragma once

#include <functional>
#include <set>
#include <vector>

#include "layout/font_context.h"
#include "layout/paginate.h"
#include "layout/paragraph.h"
#include "paiban/diagnostics.h"
#include "resolve/resolved.h"

namespace paiban::layout {

class GongwenLayout {
 public:
  // `spec_for` builds the paragraph spec of a resolved paragraph as the document phase does
  // (grid, typography), so that masthead lines are set like the body.
  using SpecFor = std::function<ParagraphSpec(const resolve::ResolvedParagraph&)>;

  GongwenLayout(const resolve::ResolvedDocument& doc, FontContext& fonts, Paginator& pager,
                SpecFor spec_for, std::vector<Diagnostic>& diagnostics);

  // 版头 on the first page (§7.2, §10): the head lines, the red mark, 发文字号 and 签发人, the red
  // rule (the letter format's double rules); leaves the paginator where the title starts.
  void place_masthead();

  // §7.3.5.1: the names, the date and the seals; when they do not fit below the last body line,
  // the last lines of the page are drawn closer together (§7.3.5.5), and when that is not
  // enough the last two lines go with the signature to the next page: it never stands alone.
  void place_signature(const resolve::ResolvedSealedSignature& s);
  // §7.3.5.3 (命令): the signer's title beside the signature seal, the date below.
  void place_signature_seal(const resolve::ResolvedSealedSignature& s);

  // §7.4: the 版记 on the last page, which is even (a page is added when needed), its last rule
  // on the type area's foot; the letter format's at the foot of the type area, without rules.
  void place_record();

  // §7.5: whether page `index` (0-based) carries a number: not a blank page, not the 版记 page,
  // not the first page of a letter.
  bool numbered(size_t index) const { return unnumbered_.count(index) == 0; }

  // What place_record decided, for the DOCX writer (resolve::GongwenPages): whether a 版记 was
  // placed, on which page, whether it stands alone there, after how many blank pages, and the
  // structure element of its lines (to tell them from the text on the same page).
  bool record_placed() const { return record_placed_; }
  size_t record_page() const { return record_page_; }
  bool record_alone() const { return record_alone_; }
  size_t blank_pages() const { return blank_pages_; }
  // What the title's place is measured from in the DOCX (resolve::GongwenHead): the top of the
  // 发文字号 line (of the last 签发人 line), or the letter's double rule's foot. Page 1.
  LU title_anchor() const { return title_anchor_; }
  // §7.3.5.5: the structure elements of the lines tighten_last_lines drew closer, and by how
  // much each line's pitch was cut (0: none).
  const std::vector<int>& closer_structures() const { return closer_structures_; }
  LU closer_step() const { return closer_step_; }
  int record_structure() const { return record_structure_; }

 private:
  Line line_of(const resolve::ResolvedParagraph& p, LU width);
  Line text_line(const std::string& text, FontRole role, LU size, bool bold, LU width);
  // Ink extents of a line's glyphs, from the baseline: above (positive up) and below.
  LU ink_top(const Line& line) const;
  LU ink_bottom(const Line& line) const;
  LU ink_extent(const Line& line, bool above) const;
  void emit(const Line& line, LU x, LU y, const page::Color& color, int structure);
  void emit_mark(Line line, LU x, LU baseline_y, int32_t scale, int structure);
  // Draws the page's lines whose top is at or below `from` closer together, by `gain` in all,
  // so that what follows gets that much more room (§7.3.5.5). Returns the room gained.
  LU tighten_last_lines(LU from, LU gain);
  // Moves the page's last `count` text lines to the top of a new page; returns where the text
  // continues there.
  LU carry_last_lines(size_t count);

  const resolve::ResolvedDocument& doc_;
  const styles::Style& style_;
  FontContext& fonts_;
  Paginator& pager_;
  SpecFor spec_for_;
  std::vector<Diagnostic>& diagnostics_;
  page::Color red_;
  LU pitch_;  // the body's line pitch
  LU em_;     // one character of the body on the grid
  std::set<size_t> unnumbered_;
  bool record_placed_ = false;
  size_t record_page_ = 0;
  bool record_alone_ = false;
  size_t blank_pages_ = 0;
  LU title_anchor_ = 0;
  std::vector<int> closer_structures_;
  LU closer_step_ = 0;
  int record_structure_ = -1;
};

}  // namespace paiban::layout
