// Phase 3: width adjustment before line breaking (clreq §3.1.6: "apply width adjustment before
// choosing breaks"): character-grid advances, compression of adjacent full-width marks, the
// blank half a line-end mark can give back, and Han–Latin autospace.
#include "layout/paragraph.h"

namespace paiban::layout {

namespace {

// A mark is full-width when its advance is (about) one em; proportional quotes are left alone.
bool full_width(const Cluster& c) { return c.width * 10 >= c.em * 9; }

void shrink_right(Cluster& c, LU by) {
  c.glyphs.back().advance -= by;
  c.width -= by;
}

void shrink_left(Cluster& c, LU by) {
  for (Glyph& g : c.glyphs) g.x_offset -= by;
  c.glyphs.back().advance -= by;
  c.width -= by;
}

}  // namespace

void adjust_widths(const ParagraphSpec& spec, ShapedParagraph& paragraph) {
  std::vector<Cluster>& cs = paragraph.clusters;
  // Character grid (GB/T 9704: 28 characters fill the 156 mm line): a full-width character of the
  // grid size advances by the grid pitch; its glyph is centred in the cell.
  if (spec.grid_advance > 0) {
    for (Cluster& c : cs) {
      if (c.size != spec.grid_size || !is_cjk(c.cls) || c.glyphs.size() != 1) continue;
      if (c.cls == CharClass::kDashEllipsis || !full_width(c)) continue;
      const LU diff = spec.grid_advance - c.width;
      c.glyphs.front().x_offset += diff / 2;
      c.glyphs.front().advance += diff;
      c.width += diff;
      c.em = spec.grid_advance;
    }
  }
  switch (spec.punctuation) {
    case PunctuationScheme::kPlain:
      return;
    case PunctuationScheme::kBanjiao:
    case PunctuationScheme::kKaiming:
      // 半角: every mark ½ em; 开明: the sentence-end marks 。？！ keep 1 em, the others ½ em.
      // A mark gives up its blank half: stop and closing marks on the right, opening on the left.
      for (Cluster& c : cs) {
        if (!is_compressible_punct(c.cls) || !full_width(c)) continue;
        if (spec.punctuation == PunctuationScheme::kKaiming && is_sentence_end(c.cp)) continue;
        if (c.cls == CharClass::kOpening) {
          shrink_left(c, c.em / 2);
        } else {
          shrink_right(c, c.em / 2);
        }
      }
      break;
    case PunctuationScheme::kQuanjiao: {
      // 标点挤压: two adjacent full-width marks take 1.5 em instead of 2. The mark whose blank
      // half faces the other gives it up: a closing or stop mark its right half, otherwise an
      // opening mark its left half — so brackets stay tight to the text they enclose. A lone
      // mark keeps its full em (even punctuation: clreq §3.1.6 compresses only marks in
      // sequence and at line edges).
      std::vector<bool> shrunk(cs.size(), false);
      for (size_t i = 1; i < cs.size(); ++i) {
        Cluster& a = cs[i - 1];
        Cluster& b = cs[i];
        if (!is_compressible_punct(a.cls) || !is_compressible_punct(b.cls)) continue;
        if (!full_width(a) || !full_width(b)) continue;
        if ((a.cls == CharClass::kClosing || a.cls == CharClass::kStop) && !shrunk[i - 1]) {
          shrink_right(a, a.em / 2);
          shrunk[i - 1] = true;
        } else if (b.cls == CharClass::kOpening && !shrunk[i]) {
          shrink_left(b, b.em / 2);
          shrunk[i] = true;
        }
      }
      break;
    }
  }
}

LU line_end_trim(const ParagraphSpec& spec, const Cluster& c) {
  // A closing or stop mark at line end may lose its blank (right) half (clreq §3.1.6) — when the
  // scheme adjusts widths at all and the mark still has that half.
  if (spec.punctuation == PunctuationScheme::kPlain) return 0;
  if ((c.cls == CharClass::kClosing || c.cls == CharClass::kStop) && full_width(c)) {
    return c.em / 2;
  }
  return 0;
}

LU autospace_before(const ParagraphSpec& spec, const std::vector<Cluster>& cs, size_t i) {
  if (!spec.autospace || i == 0) return 0;
  const Cluster& a = cs[i - 1];
  const Cluster& b = cs[i];
  const bool a_latin = a.cls == CharClass::kLatin || a.cls == CharClass::kDigit;
  const bool b_latin = b.cls == CharClass::kLatin || b.cls == CharClass::kDigit;
  // clreq §3.2: a quarter em between Han and Latin letters or European digits — only next to
  // Han characters proper, never next to punctuation; a source space already does the job.
  if ((a.cls == CharClass::kHan && b_latin) || (a_latin && b.cls == CharClass::kHan)) {
    const LU em = a.cls == CharClass::kHan ? a.size : b.size;
    return em / 4;
  }
  return 0;
}

LU autospace_shrinkable(const ParagraphSpec& spec, LU space) {
  // clreq §3.2 sets "about ¼ em" between Han and Latin letters or digits and lets it be adjusted
  // like other spaces in justification; it shrinks to ⅕ em, no further, and only where a line
  // would otherwise push a character down. ⅕ em is what word processors set there (LibreOffice
  // puts 0.2 em between Han and digits), so the DOCX keeps the PDF's lines that hold digits.
  if (!spec.autospace_shrink || space <= 0) return 0;
  return space / 5;  // ¼ em − ⅕ em = ⅕ of the quarter
}

}  // namespace paiban::layout
