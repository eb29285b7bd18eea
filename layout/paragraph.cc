// Phase 5: line filling. First fit, as Word and WPS do (so DOCX and PDF break alike): fill a
// line, and when a cluster does not fit, either squeeze (挤进: give back blank halves of marks,
// when the cluster that overflows may not start a line) or push (推出: break at the last
// opportunity and justify).
#include <algorithm>

#include "layout/paragraph.h"

namespace paiban::layout {

namespace {

// Builds the line box for clusters [begin, end) starting at x0, with the extra space per
// cluster (justification) and autospace before each cluster.
Line make_line(const ShapedParagraph& p, size_t begin, size_t end, LU x0,
               const std::vector<LU>& space_before, const std::vector<LU>& extra_after,
               LU height, LU max_size) {
  Line line;
  line.height = height;
  // Centre the em box of the largest size in the line pitch; the ideographic em box sits
  // 0.88 em above and 0.12 em below the baseline (CJK fonts' design convention).
  line.baseline = (height - max_size) / 2 + max_size * 88 / 100;
  LU x = x0;
  const std::vector<Cluster>& cs = p.clusters;
  for (size_t k = begin; k < end; ++k) {
    const Cluster& c = cs[k];
    if (k > begin) x += space_before[k];
    GlyphRun* run = line.runs.empty() ? nullptr : &line.runs.back();
    const bool same = run != nullptr && run->font == c.font && run->size == c.size &&
                      run->synthetic_bold == c.synthetic_bold;
    if (same) {
      // Continue the run: the previous glyph's advance absorbs the space before this cluster.
      LU run_end = run->x;
      for (const Glyph& g : run->glyphs) run_end += g.advance;
      run->glyphs.back().advance += x - run_end;
    } else {
      GlyphRun r;
      r.font = c.font;
      r.size = c.size;
      r.x = x;
      r.y = line.baseline;
      r.synthetic_bold = c.synthetic_bold;
      line.runs.push_back(std::move(r));
      run = &line.runs.back();
    }
    for (const Glyph& g : c.glyphs) run->glyphs.push_back(g);
    run->glyphs.back().advance += extra_after[k];
    x += c.width + extra_after[k];
  }
  line.width = x - x0;
  if (begin < end) line.text = p.text.substr(cs[begin].begin, cs[end - 1].end - cs[begin].begin);
  return line;
}

}  // namespace

std::vector<Line> layout_paragraph(const ParagraphSpec& spec, FontContext& fonts,
                                   std::vector<Diagnostic>& diagnostics) {
  ShapedParagraph p = itemize_and_shape(spec, fonts, diagnostics);
  find_break_opportunities(p);
  adjust_widths(spec, p);
  std::vector<Cluster>& cs = p.clusters;
  const size_t n = cs.size();

  LU max_size = 0;
  for (const StyledSpan& s : spec.spans) max_size = std::max(max_size, s.size);
  if (max_size == 0) max_size = pt_to_lu(12);
  const LU height = spec.line_pitch > 0 ? spec.line_pitch : max_size * 6 / 5;

  std::vector<LU> space(n, 0);
  for (size_t i = 1; i < n; ++i) space[i] = autospace_before(spec, cs, i);

  std::vector<Line> lines;
  size_t i = 0;
  bool first = true;
  while (true) {
    while (i < n && cs[i].cls == CharClass::kSpace) ++i;  // a line never starts with a space
    if (i >= n) break;
    const LU indent = first ? spec.first_indent : 0;
    const LU avail = std::max<LU>(spec.width - indent, 1);

    // Fill: take clusters while they fit; spaces hang (a trailing space never overflows).
    LU w = 0;
    size_t j = i;
    while (j < n) {
      const LU add = cs[j].width + (j > i ? space[j] : 0);
      if (cs[j].cls != CharClass::kSpace && j > i && w + add > avail) break;
      w += add;
      ++j;
    }

    size_t end = j;
    LU squeeze = 0;  // how much the line must give back
    if (j < n && !cs[j].break_before) {
      // The overflowing cluster may not start a line (避头). Squeeze it in when the marks of
      // the line can give back enough (at most their blank halves), else push back.
      size_t k = j;
      LU w2 = w;
      while (k < n && (k == j || !cs[k].break_before)) {
        w2 += cs[k].width + space[k];
        ++k;
      }
      LU capacity = 0;
      for (size_t m = i; m < k; ++m) capacity += line_end_trim(cs[m]);
      if (k - j <= 2 && w2 - avail <= capacity) {
        end = k;
        squeeze = w2 - avail;
      } else {
        size_t b = j;
        while (b > i + 1 && !cs[b].break_before) --b;
        // No opportunity on the whole line (a very long Latin word): break where it overflows.
        end = cs[b].break_before && b > i ? b : j;
      }
    }

    // Trailing spaces hang outside the line.
    size_t e = end;
    while (e > i + 1 && cs[e - 1].cls == CharClass::kSpace) --e;

    if (squeeze > 0) {
      // The line-end mark gives up its blank half first, then the marks inside the line.
      LU give = std::min(squeeze, line_end_trim(cs[e - 1]));
      cs[e - 1].glyphs.back().advance -= give;
      cs[e - 1].width -= give;
      squeeze -= give;
      for (size_t m = e - 1; squeeze > 0 && m-- > i;) {
        if (!is_compressible_punct(cs[m].cls)) continue;
        give = std::min(squeeze, line_end_trim(cs[m]));
        cs[m].glyphs.back().advance -= give;
        cs[m].width -= give;
        squeeze -= give;
      }
    }

    LU natural = 0;
    for (size_t m = i; m < e; ++m) natural += cs[m].width + (m > i ? space[m] : 0);
    const LU extra = avail - natural;
    const bool last = end >= n;
    std::vector<LU> after(n, 0);
    LU offset = 0;
    const HAlign align = spec.align == HAlign::kInherit ? HAlign::kJustify : spec.align;
    if (extra > 0) {
      if (align == HAlign::kJustify && !last) {
        after = justify(cs, i, e, extra);
      } else if (align == HAlign::kCenter) {
        offset = extra / 2;
      } else if (align == HAlign::kRight) {
        offset = extra;
      }
    }
    lines.push_back(make_line(p, i, e, indent + offset, space, after, height, max_size));
    i = end;
    first = false;
  }
  if (lines.empty()) {
    // An empty paragraph still takes a line (a blank line in the source is kept).
    Line blank;
    blank.height = height;
    blank.baseline = (height - max_size) / 2 + max_size * 88 / 100;
    lines.push_back(blank);
  }
  return lines;
}

}  // namespace paiban::layout
