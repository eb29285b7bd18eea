// Phase 5: line filling. First fit, as Word and WPS do (so DOCX and PDF break alike): fill a
// line, and when a cluster does not fit, either squeeze (挤进: the line-end mark gives back its
// blank half, when the cluster that overflows may not start a line and the style's
// line_end_squeeze allows it) or push (推出: break at the last opportunity and justify). Marks
// inside the line are never squeezed (even punctuation, clreq §3.1.6: only marks in sequence and
// marks at a line edge are compressed). A Han–Latin space may shrink from ¼ to ⅕ em before a
// character is pushed (clreq §3.2). Then no 孤字: a paragraph's last line never holds a single
// character. A justified line that ends before a greedy fill's end records the room it spreads
// (Line::spread_per_char): word processors fill greedily, and the DOCX repeats the break with it.
#include <algorithm>
#include <cstdint>
#include <string_view>

#include "layout/paragraph.h"

namespace paiban::layout {

namespace {

// Builds the line box for clusters [begin, end) starting at x0, with the extra space after
// each cluster of the line (justification, indexed from `begin`; empty: none) and autospace
// before each cluster.
Line make_line(const ShapedParagraph& p, size_t begin, size_t end, LU x0,
               const std::vector<LU>& space_before, const std::vector<LU>& extra_after,
               LU height, LU max_size) {
  Line line;
  line.height = height;
  // Centre the em box of the largest size in the line pitch; the ideographic em box sits
  // 0.88 em above and 0.12 em below the baseline (CJK fonts' design convention).
  line.baseline = (height - max_size) / 2 + max_size * 88 / 100;
  LU x = x0;
  LU run_end = 0;  // where the last run's glyphs end, kept as they are added
  const std::vector<Cluster>& cs = p.clusters;
  for (size_t k = begin; k < end; ++k) {
    const Cluster& c = cs[k];
    if (k > begin) x += space_before[k];
    GlyphRun* run = line.runs.empty() ? nullptr : &line.runs.back();
    const bool same = run != nullptr && run->font == c.font && run->size == c.size &&
                      run->synthetic_bold == c.synthetic_bold;
    if (same) {
      // Continue the run: the previous glyph's advance absorbs the space before this cluster.
      run->glyphs.back().advance += x - run_end;
      run_end = x;
    } else {
      GlyphRun r;
      r.font = c.font;
      r.size = c.size;
      r.x = x;
      r.y = line.baseline;
      r.synthetic_bold = c.synthetic_bold;
      // At most the rest of the line's text: one allocation, not one per doubling.
      r.text.reserve(cs[end - 1].end - c.begin);
      line.runs.push_back(std::move(r));
      run = &line.runs.back();
      run_end = x;
    }
    // The cluster's source text goes with its first glyph, held once in the run.
    const std::string_view cluster_text = std::string_view(p.text).substr(c.begin, c.end - c.begin);
    for (size_t j = 0; j < c.glyphs.size(); ++j) {
      run->add_glyph(c.glyphs[j], j == 0 ? cluster_text : std::string_view());
      run_end += c.glyphs[j].advance;
    }
    const LU extra = extra_after.empty() ? 0 : extra_after[k - begin];
    run->glyphs.back().advance += extra;
    run_end += extra;
    x += c.width + extra;
  }
  line.width = x - x0;
  if (begin < end) {
    line.text_begin = cs[begin].begin;
    line.text = p.text.substr(cs[begin].begin, cs[end - 1].end - cs[begin].begin);
  }
  return line;
}

}  // namespace

namespace {

// One line of the paragraph: clusters [begin, end), of which [begin, shown) are drawn (trailing
// spaces hang), how much its line-end mark gives back, and whether it ends before the cluster a
// greedy fill would stop at (a push, or the 孤字 rule's earlier break).
struct LineBreak {
  size_t begin = 0, end = 0, shown = 0;
  LU squeeze = 0;
  bool early = false;
};

// Characters that count for 孤字: punctuation and spaces do not.
bool counts_as_character(const Cluster& c) {
  return c.cls != CharClass::kSpace && !is_compressible_punct(c.cls) &&
         c.cls != CharClass::kMiddle && c.cls != CharClass::kDashEllipsis &&
         !is_no_start(c.cp);
}

class LineFiller {
 public:
  // `space`: the autospace before each cluster; `shrink`: how much of it a line may give back.
  LineFiller(const ParagraphSpec& spec, const std::vector<Cluster>& cs,
             const std::vector<LU>& space, const std::vector<LU>& shrink)
      : spec_(spec), cs_(cs), space_(space), shrink_(shrink) {}

  // Fills the paragraph from cluster `i` (on the first line when `first`), breaking every line
  // first fit; `limit` (when > i) caps the first line's end at that opportunity.
  void fill_from(size_t i, bool first, std::vector<LineBreak>& out, size_t limit = 0) const {
    const size_t n = cs_.size();
    while (true) {
      while (i < n && cs_[i].cls == CharClass::kSpace) ++i;  // never start with a space
      if (i >= n) return;
      LineBreak lb = limit > i ? LineBreak{i, limit, limit, 0, true} : break_line(i, first);
      limit = 0;
      size_t e = lb.end;
      while (e > i + 1 && cs_[e - 1].cls == CharClass::kSpace) --e;  // trailing spaces hang
      lb.shown = e;
      out.push_back(lb);
      i = lb.end;
      first = false;
    }
  }

  LU avail(bool first) const {
    return std::max<LU>(spec_.width - (first ? spec_.first_indent : 0), 1);
  }

  LU natural(size_t begin, size_t end) const {
    LU w = 0;
    for (size_t m = begin; m < end; ++m) w += cs_[m].width + (m > begin ? space_[m] : 0);
    return w;
  }

 private:
  LineBreak break_line(size_t i, bool first) const {
    const size_t n = cs_.size();
    const LU avail = this->avail(first);
    // Fill: take clusters while they fit, each Han–Latin space at its least (it shrinks only
    // when the line needs it, see layout_paragraph); spaces hang (a trailing space never
    // overflows).
    LU w = 0;
    size_t j = i;
    while (j < n) {
      const LU add = cs_[j].width + (j > i ? space_[j] - shrink_[j] : 0);
      if (cs_[j].cls != CharClass::kSpace && j > i && w + add > avail) break;
      w += add;
      ++j;
    }
    LineBreak lb{i, j, j, 0};
    if (j < n && !cs_[j].break_before) {
      // The overflowing cluster may not start a line (避头). Squeeze it in when the mark that
      // then ends the line can give back enough (its blank half); else push back.
      // Only a group of at most two clusters can be squeezed in, so the scan stops at three: a
      // paragraph without opportunities must not be rescanned to its end for every line.
      size_t k = j;
      LU w2 = w;
      while (k < n && k < j + 3 && (k == j || !cs_[k].break_before)) {
        w2 += cs_[k].width + space_[k] - shrink_[k];
        ++k;
      }
      size_t last = k;
      while (last > j + 1 && cs_[last - 1].cls == CharClass::kSpace) --last;
      LU capacity = spec_.line_end_squeeze ? line_end_trim(spec_, cs_[last - 1]) : 0;
      if (!spec_.even_punctuation) {
        // Control only: every mark of the line may give back its blank half.
        capacity = 0;
        for (size_t m = i; m < k; ++m) capacity += line_end_trim(spec_, cs_[m]);
      }
      if (k - j <= 2 && w2 - avail <= capacity) {
        lb.end = k;
        lb.squeeze = std::max<LU>(w2 - avail, 0);
      } else {
        size_t b = j;
        while (b > i + 1 && !cs_[b].break_before) --b;
        // No opportunity on the whole line (a very long Latin word): break where it overflows.
        lb.end = cs_[b].break_before && b > i ? b : j;
        lb.early = lb.end < j;
      }
    }
    return lb;
  }

  const ParagraphSpec& spec_;
  const std::vector<Cluster>& cs_;
  const std::vector<LU>& space_;
  const std::vector<LU>& shrink_;
};

// A line wider than its measure gives the overflow back from its Han–Latin spaces (clreq §3.2),
// in proportion to what each may give; returns how much was given.
LU shrink_autospace(size_t begin, size_t end, LU overflow, const std::vector<LU>& shrink,
                    std::vector<LU>& space) {
  int64_t total = 0;
  for (size_t m = begin + 1; m < end; ++m) total += shrink[m];
  if (total == 0 || overflow <= 0) return 0;
  const int64_t take = std::min<int64_t>(overflow, total);
  int64_t given = 0, seen = 0;
  for (size_t m = begin + 1; m < end; ++m) {
    if (shrink[m] == 0) continue;
    seen += shrink[m];
    // Cumulative rounding: the gaps together give exactly `take`.
    const int64_t upto = take * seen / total;
    space[m] -= static_cast<LU>(upto - given);
    given = upto;
  }
  return static_cast<LU>(take);
}

// The room a justified line that ended early spreads, per character of the line, for the DOCX
// (Line::spread_per_char): rounded down, so that a word processor that gives each character this
// much more spacing still holds the whole line (it sets the characters at least as tightly as the
// PDF: the grid's condensed advance, ⅕ em between Han and Latin) while the room left is less
// than the next character needs. Where a source space stands between Han and Latin, layout adds
// no autospace (the space does the job) but a word processor may add some beside the space
// (LibreOffice 7.4: about 0.1 em after Han): an eighth of an em less room for each. A line
// without a Han character is left alone: word processors break between Latin words as layout
// does, and letter-spacing them would only look worse.
LU spread_per_char(const ShapedParagraph& p, size_t begin, size_t end, LU extra) {
  const std::vector<Cluster>& cs = p.clusters;
  bool han = false;
  for (size_t m = begin; m < end && !han; ++m) han = is_cjk(cs[m].cls);
  if (!han) return 0;
  auto latin = [](const Cluster& c) {
    return c.cls == CharClass::kLatin || c.cls == CharClass::kDigit;
  };
  for (size_t m = begin + 1; m + 1 < end; ++m) {
    const Cluster& a = cs[m - 1];
    const Cluster& b = cs[m + 1];
    if (cs[m].cls != CharClass::kSpace) continue;
    if (a.cls == CharClass::kHan && latin(b)) extra -= a.size / 8;
    if (latin(a) && b.cls == CharClass::kHan) extra -= b.size / 8;
  }
  if (extra <= 0) return 0;
  LU chars = 0;  // code points: a word processor spaces every character, combining ones too
  for (uint32_t b = cs[begin].begin; b < cs[end - 1].end; ++b) {
    if ((static_cast<unsigned char>(p.text[b]) & 0xC0) != 0x80) ++chars;
  }
  return chars > 0 ? extra / chars : 0;
}

// No 孤字 (a last line of one character, punctuation not counted): push characters down from
// the line before — break it at its previous opportunity — as long as the line before keeps
// at least two characters and what moves down still fits one line.
void avoid_lone_last_character(const LineFiller& filler, const std::vector<Cluster>& cs,
                               std::vector<LineBreak>& breaks) {
  if (breaks.size() < 2) return;
  const LineBreak& last = breaks.back();
  int count = 0;
  for (size_t m = last.begin; m < last.shown; ++m) count += counts_as_character(cs[m]) ? 1 : 0;
  if (count != 1) return;
  const size_t prev = breaks.size() - 2;
  const LineBreak before = breaks[prev];
  for (size_t b = before.end - 1; b > before.begin + 1; --b) {
    if (!cs[b].break_before) continue;
    std::vector<LineBreak> tail;
    filler.fill_from(before.begin, prev == 0, tail, b);
    if (tail.size() != 2) return;  // what moves down would not fit one line: leave it
    breaks.resize(prev);
    breaks.insert(breaks.end(), tail.begin(), tail.end());
    return;
  }
}

}  // namespace

ShapedParagraph prepare_paragraph(const ParagraphSpec& spec, FontContext& fonts,
                                  std::vector<Diagnostic>& diagnostics, bool units) {
  ShapedParagraph p = itemize_and_shape(spec, fonts, diagnostics, units);
  find_break_opportunities(p, spec.kinsoku);
  adjust_widths(spec, p);
  return p;
}

std::vector<Line> layout_paragraph(const ParagraphSpec& spec, FontContext& fonts,
                                   std::vector<Diagnostic>& diagnostics) {
  return layout_prepared(spec, prepare_paragraph(spec, fonts, diagnostics));
}

std::vector<Line> layout_prepared(const ParagraphSpec& spec, ShapedParagraph p) {
  std::vector<Cluster>& cs = p.clusters;
  const size_t n = cs.size();

  LU max_size = 0;
  for (const StyledSpan& s : spec.spans) max_size = std::max(max_size, s.size);
  if (max_size == 0) max_size = pt_to_lu(12);
  const LU height = spec.line_pitch > 0 ? spec.line_pitch : max_size * 6 / 5;

  std::vector<LU> space(n, 0), shrink(n, 0);
  for (size_t i = 1; i < n; ++i) {
    space[i] = autospace_before(spec, cs, i);
    shrink[i] = autospace_shrinkable(spec, space[i]);
  }

  const LineFiller filler(spec, cs, space, shrink);
  std::vector<LineBreak> breaks;
  filler.fill_from(0, true, breaks);
  if (spec.avoid_lone_character) avoid_lone_last_character(filler, cs, breaks);

  std::vector<Line> lines;
  const HAlign align = spec.align == HAlign::kInherit ? HAlign::kJustify : spec.align;
  for (size_t l = 0; l < breaks.size(); ++l) {
    const LineBreak& lb = breaks[l];
    const size_t i = lb.begin, e = lb.shown;
    if (lb.squeeze > 0) {
      // Only the line-end mark gives up (part of) its blank half.
      LU squeeze = lb.squeeze;
      LU give = std::min(squeeze, line_end_trim(spec, cs[e - 1]));
      cs[e - 1].glyphs.back().advance -= give;
      cs[e - 1].width -= give;
      squeeze -= give;
      for (size_t m = e - 1; !spec.even_punctuation && squeeze > 0 && m-- > i;) {
        give = std::min(squeeze, line_end_trim(spec, cs[m]));
        cs[m].glyphs.back().advance -= give;
        cs[m].width -= give;
        squeeze -= give;
      }
    }
    const bool first = l == 0;
    const LU indent = first ? spec.first_indent : 0;
    LU extra = filler.avail(first) - filler.natural(i, e);
    if (extra < 0) extra += shrink_autospace(i, e, -extra, shrink, space);
    const bool last = lb.end >= n;
    std::vector<LU> after;  // empty: nothing added; else one entry per cluster of the line
    LU offset = 0;
    LU spread = 0;
    if (extra > 0) {
      if (align == HAlign::kJustify && !last) {
        after = justify(cs, i, e, extra);
        if (lb.early) spread = spread_per_char(p, i, e, extra);
      } else if (align == HAlign::kCenter) {
        offset = extra / 2;
      } else if (align == HAlign::kRight) {
        offset = extra;
      }
    }
    lines.push_back(make_line(p, i, e, indent + offset, space, after, height, max_size));
    lines.back().spread_per_char = spread;
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
