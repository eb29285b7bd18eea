#include "layout/table_sizing.h"

#include "layout/table_layout.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <numeric>
#include <optional>
#include <span>

#include "layout/text_class.h"
#include "paiban_assert.h"
#include "utf8.h"

namespace paiban::layout {

namespace {

// Spreads `amount` over `targets` in proportion to `weights` (equally when all weights are 0),
// in integers, the remainder going to the last target so nothing is lost.
void spread(std::vector<LU>& values, const std::vector<int>& targets,
            const std::vector<int64_t>& weights, LU amount) {
  if (targets.empty() || amount <= 0) return;
  int64_t total = std::accumulate(weights.begin(), weights.end(), int64_t{0});
  LU given = 0;
  for (size_t k = 0; k < targets.size(); ++k) {
    LU share;
    if (k + 1 == targets.size()) {
      share = amount - given;
    } else if (total > 0) {
      share = static_cast<LU>(amount * weights[k] / total);
    } else {
      share = amount / static_cast<LU>(targets.size());
    }
    values[static_cast<size_t>(targets[k])] += share;
    given += share;
  }
}

// Indices 0..n-1 ordered by key(i) ascending, equal keys in index order: what stable_sort gives,
// in one counting pass (keys are spans, 1 up to the rows or columns of the grid), so that a table
// of many rows is ordered in linear time.
template <typename Key>
std::vector<size_t> order_by_span(size_t n, Key key) {
  int top = 1;
  for (size_t i = 0; i < n; ++i) top = std::max(top, key(i));
  std::vector<size_t> start(static_cast<size_t>(top) + 2, 0);
  for (size_t i = 0; i < n; ++i) ++start[static_cast<size_t>(std::max(key(i), 0)) + 1];
  for (size_t k = 1; k < start.size(); ++k) start[k] += start[k - 1];
  std::vector<size_t> order(n);
  for (size_t i = 0; i < n; ++i) order[start[static_cast<size_t>(std::max(key(i), 0))]++] = i;
  return order;
}

}  // namespace

ColumnWidths compute_column_widths(int cols, const std::vector<ColumnConstraint>& constraints,
                                   const std::vector<SpanNeed>& needs, LU table_width) {
  ColumnWidths out;
  if (cols <= 0) return out;
  const auto n = static_cast<size_t>(cols);
  std::vector<LU> mn(n, 0), mx(n, 0);
  std::vector<bool> fixed(n, false);
  for (size_t c = 0; c < n && c < constraints.size(); ++c) {
    if (constraints[c].fixed >= 0) {
      fixed[c] = true;
      mn[c] = mx[c] = constraints[c].fixed;
    }
  }
  const std::vector<size_t> by_span =
      order_by_span(needs.size(), [&](size_t i) { return needs[i].span; });
  // One pair of scratch lists for every need: a table of many rows asks this once per cell.
  std::vector<int> spanned;
  std::vector<int64_t> weights;
  for (size_t k : by_span) {
    const SpanNeed& need = needs[k];
    const int first = std::clamp(need.first, 0, cols - 1);
    const int last = std::clamp(need.first + need.span, first + 1, cols);
    spanned.clear();
    LU have_min = 0, have_max = 0;
    for (int c = first; c < last; ++c) {
      have_min += mn[static_cast<size_t>(c)];
      have_max += mx[static_cast<size_t>(c)];
      if (!fixed[static_cast<size_t>(c)]) spanned.push_back(c);
    }
    if (spanned.empty()) continue;
    weights.clear();
    for (int c : spanned) weights.push_back(mx[static_cast<size_t>(c)]);
    spread(mn, spanned, weights, need.min - have_min);
    spread(mx, spanned, weights, need.max - have_max);
  }
  for (size_t c = 0; c < n; ++c) mx[c] = std::max(mx[c], mn[c]);

  out.min_total = std::accumulate(mn.begin(), mn.end(), LU{0});
  out.widths = mn;
  if (out.min_total > table_width) {
    out.fits = false;
    return out;
  }
  std::vector<int> autos, frs;
  LU fixed_total = 0, auto_min = 0, auto_max = 0, fr_min = 0;
  for (size_t c = 0; c < n; ++c) {
    if (fixed[c]) {
      fixed_total += mn[c];
    } else if (c < constraints.size() && constraints[c].fr > 0) {
      frs.push_back(static_cast<int>(c));
      fr_min += mn[c];
    } else {
      autos.push_back(static_cast<int>(c));
      auto_min += mn[c];
      auto_max += mx[c];
    }
  }
  const LU room = table_width - fixed_total;
  if (!frs.empty()) {
    // fr columns share what the automatic columns leave by their weights (automatic columns get
    // max-content when that leaves the fr columns their minimum, else min-content); a column
    // whose share is below its min-content gets that and leaves the weighing (water-filling).
    const bool autos_at_max = auto_max + fr_min <= room;
    LU left = room;
    for (int c : autos) {
      const auto k = static_cast<size_t>(c);
      out.widths[k] = autos_at_max ? mx[k] : mn[k];
      left -= out.widths[k];
    }
    std::vector<int> active = frs;
    for (bool changed = true; changed && !active.empty();) {
      changed = false;
      double weights = 0;
      for (int c : active) weights += constraints[static_cast<size_t>(c)].fr;
      for (size_t a = 0; a < active.size(); ++a) {
        const auto k = static_cast<size_t>(active[a]);
        const double share = static_cast<double>(left) * constraints[k].fr / weights;
        if (share < static_cast<double>(mn[k])) {
          out.widths[k] = mn[k];
          left -= mn[k];
          active.erase(active.begin() + static_cast<std::ptrdiff_t>(a));
          changed = true;
          break;
        }
      }
    }
    std::vector<int64_t> w;
    for (int c : active) {
      out.widths[static_cast<size_t>(c)] = 0;
      w.push_back(static_cast<int64_t>(constraints[static_cast<size_t>(c)].fr * 1000));
    }
    spread(out.widths, active, w, left);
    PAIBAN_ASSERT(std::accumulate(out.widths.begin(), out.widths.end(), LU{0}) == table_width,
                  "column widths that fit sum to the table width");
    return out;
  }
  if (auto_max + fr_min <= room) {
    for (int c : autos) out.widths[static_cast<size_t>(c)] = mx[static_cast<size_t>(c)];
    const LU surplus = room - auto_max - fr_min;
    if (!frs.empty()) {
      std::vector<int64_t> w;
      for (int c : frs) w.push_back(static_cast<int64_t>(constraints[static_cast<size_t>(c)].fr * 1000));
      spread(out.widths, frs, w, surplus);
    } else {
      std::vector<int64_t> w;
      for (int c : autos) w.push_back(mx[static_cast<size_t>(c)]);
      if (autos.empty()) {
        // Only fixed columns: the last one takes the rest so the table fills its width.
        out.widths[n - 1] += surplus;
      } else {
        spread(out.widths, autos, w, surplus);
      }
    }
  } else {
    // Not everything fits on one line: min-content plus the room left in proportion to what each
    // automatic (and fr) column would still like to have.
    std::vector<int> all = autos;
    all.insert(all.end(), frs.begin(), frs.end());
    std::sort(all.begin(), all.end());
    std::vector<int64_t> w;
    LU all_min = 0;
    for (int c : all) {
      w.push_back(mx[static_cast<size_t>(c)] - mn[static_cast<size_t>(c)]);
      all_min += mn[static_cast<size_t>(c)];
    }
    if (all.empty()) {
      out.widths[n - 1] += room;
    } else {
      spread(out.widths, all, w, room - all_min);
    }
  }
  PAIBAN_ASSERT(std::accumulate(out.widths.begin(), out.widths.end(), LU{0}) == table_width,
                "column widths that fit sum to the table width");
  return out;
}

std::vector<LU> row_heights(const TableGrid& grid, const std::vector<LU>& cell_heights,
                            LU min_row) {
  PAIBAN_ASSERT(cell_heights.size() == grid.cells.size(), "one height per grid cell");
  std::vector<LU> rows(static_cast<size_t>(grid.rows), min_row);
  const std::vector<size_t> order =
      order_by_span(grid.cells.size(), [&](size_t k) { return grid.cells[k].rowspan; });
  for (size_t i : order) {
    const GridCell& gc = grid.cells[i];
    const auto r0 = static_cast<size_t>(gc.row);
    const auto r1 = static_cast<size_t>(gc.row + gc.rowspan);
    LU have = 0;
    for (size_t r = r0; r < r1; ++r) have += rows[r];
    if (cell_heights[i] <= have) continue;
    const LU deficit = cell_heights[i] - have;
    const LU each = deficit / gc.rowspan;
    for (size_t r = r0; r < r1; ++r) rows[r] += each;
    rows[r1 - 1] += deficit - each * gc.rowspan;
  }
  return rows;
}

std::vector<ParagraphSpec> cell_specs(const resolve::ResolvedCell& cell,
                                      const styles::Style& style, double scale, LU content_width) {
  std::vector<ParagraphSpec> specs;
  for (const resolve::ResolvedParagraph& para : cell.paragraphs) {
    ParagraphSpec spec;
    spec.width = std::max<LU>(content_width, 1);
    spec.align = para.align;
    spec.line_pitch = pt_to_lu(para.line_pitch_pt * scale);
    apply_typography(style, spec);
    spec.where = para.where;
    for (const resolve::ResolvedRun& r : para.runs) {
      StyledSpan span;
      span.text = r.text;
      span.role = r.role;
      span.bold = r.bold;
      span.size = pt_to_lu(r.size_pt * scale);
      spec.spans.push_back(std::move(span));
    }
    specs.push_back(std::move(spec));
  }
  return specs;
}

namespace {

// A character that counts for the one-character rule: letters, digits and ideographs; marks and
// spaces do not.
bool counts(CharClass c) {
  return c == CharClass::kHan || c == CharClass::kLatin || c == CharClass::kDigit;
}

}  // namespace

bool is_one_character_line(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n')) text.remove_suffix(1);
  if (!text.empty() && resolve::number_prefix_bytes(text) == text.size()) return false;
  int n = 0;
  for (size_t at = 0; at < text.size();) {
    const Utf8Char ch = decode_utf8_at(text, at);
    at += std::max<size_t>(ch.length, 1);
    if (counts(classify(ch.code_point))) ++n;
  }
  return n == 1;
}

namespace {

bool has_one_character_line(const std::vector<Line>& lines) {
  if (lines.size() < 2) return false;
  for (const Line& l : lines) {
    if (is_one_character_line(l.text)) return true;
  }
  return false;
}

// Lays out a paragraph; when a line would hold a single character, the narrowest measure that
// keeps the number of lines is tried (balanced lines, as a title's), and kept when it avoids it.
// Lines set narrower keep their alignment in the full measure. `measure`: the width the lines
// were broken at (spec.width, or the narrower one).
// `prepared`: the paragraph already prepared for `spec` (prepare_paragraph), if there is one.
std::vector<Line> balanced_lines(const ParagraphSpec& spec, FontContext& fonts,
                                 std::vector<Diagnostic>& diagnostics, LU& measure,
                                 std::optional<ShapedParagraph> prepared = std::nullopt) {
  measure = spec.width;
  // Shaped once, broken at each measure tried.
  const ShapedParagraph shaped =
      prepared ? std::move(*prepared) : prepare_paragraph(spec, fonts, diagnostics);
  std::vector<Line> lines = layout_prepared(spec, shaped);
  if (!has_one_character_line(lines)) return lines;
  LU lo = 1, hi = spec.width;
  ParagraphSpec narrow = spec;
  while (hi - lo > 16) {  // a quarter point
    const LU mid = lo + (hi - lo) / 2;
    narrow.width = mid;
    if (layout_prepared(narrow, shaped).size() <= lines.size()) {
      hi = mid;
    } else {
      lo = mid;
    }
  }
  narrow.width = hi;
  std::vector<Line> balanced = layout_prepared(narrow, shaped);
  if (balanced.size() != lines.size() || has_one_character_line(balanced)) return lines;
  LU shift = 0;
  if (spec.align == HAlign::kCenter) shift = (spec.width - hi) / 2;
  if (spec.align == HAlign::kRight) shift = spec.width - hi;
  for (Line& l : balanced) {
    for (GlyphRun& r : l.runs) r.x += shift;
  }
  measure = hi;
  return balanced;
}

// The advance of a laid-out line's glyphs (spaces included).
LU advance_of(const Line& line) {
  LU w = 0;
  for (const GlyphRun& r : line.runs) {
    for (const Glyph& g : r.glyphs) w += g.advance;
  }
  return w;
}

// The advance of a line's first glyph: the least a greedy fill adds after the line before.
LU first_advance(const Line& line) {
  for (const GlyphRun& r : line.runs) {
    if (!r.glyphs.empty()) return r.glyphs.front().advance;
  }
  return 0;
}

// What a word processor needs to break a cell paragraph's lines where the PDF did. `lines` are
// the PDF's lines with their natural widths (a justified paragraph's set flush left: the same
// breaks without the justification), set `measure` wide in a cell content `width` wide. Word and
// LibreOffice fill a line greedily and know neither balanced lines nor lines ended early (no 孤字,
// a pushed character), and LibreOffice compresses a lone full-width mark (，、：) in text without
// character spacing, which the PDF never does (even punctuation). So:
// - a justified paragraph keeps the measure it was set at, and every line but the last gets the
//   room it leaves there as character spacing (the body's rule, FlowFacts::spread, for every
//   line: the PDF spreads each line to the measure, so the DOCX looks the same, and a run with
//   spacing keeps its marks full width), less two twips for the DOCX's rounded cell widths;
// - any other (a label, a header) gets the narrowest measure that holds its widest line, with
//   a sixteenth of an em to spare: its lines read as in the PDF, ragged as they are; a line that
//   would still take the first character of the next (within an eighth of an em: word
//   processors set a narrower Han–Latin space) gets the room it leaves as character spacing.
// Nothing when the cell's full width and no spacing already give the same lines.
std::optional<resolve::CellLines> cell_line_facts(std::span<const Line> lines, HAlign align,
                                                  LU width, LU measure) {
  if (lines.size() < 2) return std::nullopt;
  LU em = 0, widest = 0;
  for (const Line& l : lines) {
    widest = std::max(widest, l.width);
    for (const GlyphRun& r : l.runs) em = std::max(em, r.size);
  }
  if (em <= 0) return std::nullopt;
  resolve::CellLines out;
  const bool justified = align == HAlign::kJustify || align == HAlign::kInherit;
  const LU set = justified ? measure : std::min(width, widest + em / 16);
  const LU rounding = 2 * 64 / 20;  // two twips
  for (size_t j = 0; j + 1 < lines.size(); ++j) {
    const Line& l = lines[j];
    if (l.text.empty()) continue;
    if (!justified && l.width + first_advance(lines[j + 1]) - em / 8 > set) continue;
    // The room the line leaves at that measure, per character (code point), rounded down.
    LU chars = 0;
    for (char c : l.text) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    const LU room = set - l.width - (justified ? rounding : 0);
    const LU per_char = chars > 0 && room > 0 ? room / chars : 0;
    // LU (1/64 pt) → twentieths of a point, rounded down: the line must not overflow.
    const auto twips = static_cast<int32_t>(per_char * 20 / 64);
    if (twips <= 0) continue;
    resolve::SpreadLine fact;
    fact.begin = l.text_begin;
    fact.end = static_cast<uint32_t>(l.text_begin + l.text.size());
    fact.spacing_twips = twips;
    out.spread.push_back(fact);
  }
  const LU take = std::max<LU>(width - set, 0);
  if (take == 0 && out.spread.empty()) return std::nullopt;
  switch (align) {
    case HAlign::kCenter:
      out.indent_left_lu = take / 2;
      out.indent_right_lu = take - take / 2;
      break;
    case HAlign::kRight:
      out.indent_left_lu = take;
      break;
    default:
      out.indent_right_lu = take;
      break;
  }
  return out;
}

}  // namespace

std::vector<Line> layout_cell(const resolve::ResolvedCell& cell, const styles::Style& style,
                              double scale, LU content_width, FontContext& fonts,
                              std::vector<Diagnostic>& diagnostics,
                              std::vector<resolve::CellLines>* facts,
                              const std::vector<ShapedParagraph>* shaped) {
  std::vector<Line> out;
  std::vector<ParagraphSpec> specs = cell_specs(cell, style, scale, content_width);
  if (shaped != nullptr && shaped->size() != specs.size()) shaped = nullptr;
  // Paragraph k prepared for its spec from its measured shaping, or nothing (then shaped anew).
  auto prepared = [&](size_t k) -> std::optional<ShapedParagraph> {
    if (shaped == nullptr) return std::nullopt;
    ShapedParagraph p = rescale((*shaped)[k], specs[k]);
    adjust_widths(specs[k], p);
    return p;
  };
  // The facts of paragraph k, whose lines are out[first, end), laid out by `laid` at `measure`
  // (a numbered label: its text after the number, `number` hanging `hang` before it).
  auto record = [&](size_t k, size_t first, const ParagraphSpec& laid, LU measure,
                    const Line* number, LU hang) {
    if (facts == nullptr || out.size() - first < 2) return;
    std::span<const Line> lines = std::span<const Line>(out).subspan(first);
    std::vector<Line> natural;
    if (laid.align == HAlign::kJustify || laid.align == HAlign::kInherit) {
      // The same lines flush left, for their natural widths: alignment moves no break.
      ParagraphSpec flush = laid;
      flush.width = measure;
      flush.align = HAlign::kLeft;
      std::vector<Diagnostic> scratch;  // reported when the lines were laid out
      natural = layout_paragraph(flush, fonts, scratch);
      if (natural.size() != lines.size()) return;
      for (size_t i = 0; i < natural.size(); ++i) {
        natural[i].width += hang;
        if (number != nullptr && i == 0) natural[i].text = number->text + natural[i].text;
        if (number != nullptr && i > 0) natural[i].text_begin = lines[i].text_begin;
      }
      lines = natural;
    }
    std::optional<resolve::CellLines> f =
        cell_line_facts(lines, laid.align, content_width, measure + hang);
    if (!f) return;
    f->paragraph = static_cast<uint32_t>(k);
    facts->push_back(std::move(*f));
  };
  for (size_t k = 0; k < specs.size(); ++k) {
    ParagraphSpec& spec = specs[k];
    const resolve::ResolvedParagraph& para = cell.paragraphs[k];
    const size_t nb = para.number_bytes;
    const size_t first = out.size();
    LU measure = 0;
    if (nb == 0 || spec.spans.empty() || nb >= spec.spans.front().text.size()) {
      for (Line& l : balanced_lines(spec, fonts, diagnostics, measure, prepared(k))) {
        out.push_back(std::move(l));
      }
      record(k, first, spec, measure, nullptr, 0);
      continue;
    }
    // The form's numbered label: the number on the first line, every line of the text after it
    // starting where that text starts (a hanging indent).
    ParagraphSpec number = spec;
    number.spans.resize(1);
    number.spans[0].text = spec.spans[0].text.substr(0, nb);
    number.align = HAlign::kLeft;
    std::vector<Line> number_lines = layout_paragraph(number, fonts, diagnostics);
    ParagraphSpec rest = spec;
    rest.spans[0].text = spec.spans[0].text.substr(nb);
    const LU hang = number_lines.size() == 1 ? advance_of(number_lines[0]) : 0;
    if (hang <= 0 || hang >= content_width / 2) {
      for (Line& l : balanced_lines(spec, fonts, diagnostics, measure, prepared(k))) {
        out.push_back(std::move(l));
      }
      record(k, first, spec, measure, nullptr, 0);
      continue;
    }
    rest.width = content_width - hang;
    std::vector<Line> lines = balanced_lines(rest, fonts, diagnostics, measure);
    for (size_t i = 0; i < lines.size(); ++i) {
      Line& l = lines[i];
      for (GlyphRun& r : l.runs) r.x += hang;
      l.width += hang;
      if (i == 0) {
        const Line& n = number_lines[0];
        l.runs.insert(l.runs.begin(), n.runs.begin(), n.runs.end());
        l.text = n.text + l.text;
        l.height = std::max(l.height, n.height);
      } else {
        // The text after the number was laid out alone: its bytes follow the number's.
        l.text_begin += static_cast<uint32_t>(nb);
      }
      out.push_back(std::move(l));
    }
    record(k, first, rest, measure, &number_lines[0], hang);
  }
  return out;
}

namespace {

// One paragraph of a cell, shaped once at the style's sizes: per cluster its advance (with the
// autospace before it), whether a line may start there and whether it counts as a character.
// The lists are views into the table's measures (MeasuredTable), which hold every cell's clusters
// one after another: each size tried reads them in order, not scattered over the heap.
struct MeasuredParagraph {
  std::span<const LU> width;
  std::span<const uint8_t> break_before, counted;
  LU hang = 0;        // a numbered label's number (its lines hang under the text after it)
  size_t first = 0;   // the first cluster after the number (0 without a hanging indent)
  size_t number = 0;  // clusters of a leading number (a line of only these is fine)
  LU total = 0;
  double pitch_pt = 0;
  size_t begin = 0, end = 0;  // the clusters in MeasuredTable's lists
};

struct MeasuredCell {
  std::span<const MeasuredParagraph> paragraphs;
  size_t begin = 0, end = 0;  // the paragraphs in MeasuredTable::paragraphs
};

// Every cell of a table measured, in grid order, in three flat lists (issue #11: table sizing
// linear in the cells, with a few allocations per table rather than several per cell).
struct MeasuredTable {
  std::vector<LU> width;
  std::vector<uint8_t> break_before, counted;
  std::vector<MeasuredParagraph> paragraphs;
  std::vector<MeasuredCell> cells;
  // Each cell's paragraphs as shaped (TableSizeChoice::shaped), when keep_shaped.
  std::vector<std::vector<ShapedParagraph>> shaped;
  bool keep_shaped = false;

  // Points the views at the lists, once they no longer grow.
  void bind() {
    for (MeasuredParagraph& m : paragraphs) {
      const size_t n = m.end - m.begin;
      m.width = std::span<const LU>(width.data() + m.begin, n);
      m.break_before = std::span<const uint8_t>(break_before.data() + m.begin, n);
      m.counted = std::span<const uint8_t>(counted.data() + m.begin, n);
    }
    for (MeasuredCell& c : cells) {
      c.paragraphs =
          std::span<const MeasuredParagraph>(paragraphs.data() + c.begin, c.end - c.begin);
    }
  }
};

void measure_cell(const resolve::ResolvedCell& cell, const styles::Style& style,
                  FontContext& fonts, MeasuredTable& out) {
  MeasuredCell mc;
  mc.begin = out.paragraphs.size();
  std::vector<ParagraphSpec> specs = cell_specs(cell, style, 1.0, pt_to_lu(10000));
  std::vector<ShapedParagraph> kept;
  for (size_t k = 0; k < specs.size(); ++k) {
    const ParagraphSpec& spec = specs[k];
    const resolve::ResolvedParagraph& para = cell.paragraphs[k];
    std::vector<Diagnostic> scratch;  // reported once, when the cell is laid out
    ShapedParagraph p = prepare_paragraph(spec, fonts, scratch, out.keep_shaped);
    MeasuredParagraph m;
    m.pitch_pt = para.line_pitch_pt;
    m.begin = out.width.size();
    const size_t number_bytes = resolve::number_prefix_bytes(p.text);
    for (size_t i = 0; i < p.clusters.size(); ++i) {
      const Cluster& c = p.clusters[i];
      const LU w = c.width + autospace_before(spec, p.clusters, i);
      out.width.push_back(w);
      out.break_before.push_back(c.break_before ? 1 : 0);
      out.counted.push_back(counts(c.cls) ? 1 : 0);
      if (c.begin < number_bytes) m.number = i + 1;
      if (para.number_bytes > 0 && c.begin < para.number_bytes) {
        m.hang += w;
        m.first = i + 1;
      }
      m.total += w;
    }
    m.end = out.width.size();
    out.paragraphs.push_back(m);
    if (out.keep_shaped) kept.push_back(std::move(p));
  }
  mc.end = out.paragraphs.size();
  out.cells.push_back(mc);
  if (out.keep_shaped) out.shaped.push_back(std::move(kept));
}

// Whether a table is short enough to keep its cells' shaping from measuring to laying out
// (TableSizeChoice::shaped): what its cells hold, at most kKeptTextBytes.
bool keeps_shaping(const resolve::ResolvedTable& table) {
  size_t bytes = 0;
  for (const resolve::ResolvedCell& cell : table.cells) {
    for (const resolve::ResolvedParagraph& para : cell.paragraphs) {
      for (const resolve::ResolvedRun& run : para.runs) bytes += run.text.size();
    }
  }
  return bytes <= kKeptTextBytes;
}

// v × scale rounded half away from zero, as std::lround does, without its call into libm (sizing
// a table rounds every character's width at every candidate size, a tenth of its time): the
// fraction x − trunc(x) is exact below 2^52.
LU scaled(LU v, double scale) {
  const double x = v * scale;
  if (!(std::fabs(x) < 0x1p52)) return static_cast<LU>(std::lround(x));
  auto whole = static_cast<long long>(x);
  const double fraction = x - static_cast<double>(whole);
  if (fraction >= 0.5) {
    ++whole;
  } else if (fraction <= -0.5) {
    --whole;
  }
  return static_cast<LU>(whole);
}

// A paragraph's cluster widths at one candidate size, rounded once for all the line counts
// taken at that size, and how many of its clusters count as characters.
struct ScaledParagraph {
  std::span<const LU> width;
  int counted = 0;
};

// Every paragraph of every cell at `scale`, in order (cell by cell); `store` holds the widths.
std::vector<ScaledParagraph> scale_paragraphs(const std::vector<MeasuredCell>& cells, double scale,
                                              std::vector<LU>& store) {
  size_t total = 0;
  for (const MeasuredCell& cell : cells) {
    for (const MeasuredParagraph& m : cell.paragraphs) total += m.width.size();
  }
  store.clear();
  store.reserve(total);  // the spans below point into it
  std::vector<ScaledParagraph> out;
  for (const MeasuredCell& cell : cells) {
    for (const MeasuredParagraph& m : cell.paragraphs) {
      ScaledParagraph p;
      const size_t begin = store.size();
      for (LU w : m.width) store.push_back(scaled(w, scale));
      for (size_t i = m.first; i < m.width.size(); ++i) p.counted += m.counted[i] ? 1 : 0;
      p.width = std::span<const LU>(store.data() + begin, m.width.size());
      out.push_back(p);
    }
  }
  return out;
}

// The least width a paragraph asks for at `scale`: its widest unbreakable unit, and with
// `window` > 1 the widest run of that many clusters (so that a wrapping label keeps two
// characters a line), never more than the whole line.
LU min_content(const MeasuredParagraph& m, double scale, int window) {
  LU unit = 0, segment = 0, best_window = 0, run = 0;
  const size_t n = m.width.size();
  for (size_t i = m.first; i < n; ++i) {
    if (m.break_before[i] && i > m.first) {
      unit = std::max(unit, segment);
      segment = 0;
    }
    segment += m.width[i];
    run += m.width[i];
    if (i >= m.first + static_cast<size_t>(window)) run -= m.width[i - static_cast<size_t>(window)];
    best_window = std::max(best_window, run);
  }
  unit = std::max(unit, segment);
  const LU rest = m.total - m.hang;
  return scaled(m.hang + std::min(rest, std::max(unit, window > 1 ? best_window : 0)), scale);
}

// Lines of a paragraph at content width `w` (first fit at the break opportunities), and whether
// they could be balanced so that none holds a single character.
struct LineCount {
  int lines = 0;
  bool one_character = false;
};

LineCount count_lines(const MeasuredParagraph& m, const ScaledParagraph& at, double scale, LU w) {
  LineCount out;
  const size_t n = m.width.size();
  if (n == 0) return out;
  const LU avail = w - scaled(m.hang, scale);
  const int counted = at.counted;
  size_t i = m.first;
  bool only_number = true;
  while (i < n) {
    LU x = 0;
    size_t j = i, last_break = i;
    while (j < n) {
      const LU cw = at.width[j];
      if (j > i && m.break_before[j]) last_break = j;
      if (j > i && x + cw > avail) {
        if (last_break > i) j = last_break;
        break;
      }
      x += cw;
      ++j;
    }
    if (j >= m.number) only_number = false;
    ++out.lines;
    i = j;
  }
  // Balanced over the same number of lines, every line keeps two characters when there are
  // twice as many characters as lines (a line of only a number does not count).
  out.one_character = out.lines > 1 && !only_number && counted < 2 * out.lines;
  return out;
}

// The least content width at which the paragraph's lines can all keep two characters (balanced
// over first fit's line count), at least `floor`: the label's "longest word plus balance".
LU balanced_min(const MeasuredParagraph& m, const ScaledParagraph& at, double scale, LU floor) {
  LU lo = floor, hi = std::max(floor, scaled(m.total, scale));
  if (!count_lines(m, at, scale, lo).one_character) return lo;
  if (count_lines(m, at, scale, hi).one_character) return hi;
  while (hi - lo > 16) {  // a quarter point
    const LU mid = lo + (hi - lo) / 2;
    if (count_lines(m, at, scale, mid).one_character) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return hi;
}

struct Candidate {
  double size_pt = 0;
  int window = 0;
  ColumnWidths widths;
  bool one_character = false;
  LU height = 0;  // the table's rows, one after another
  LU header = 0;  // its header rows
};

Candidate evaluate(const resolve::ResolvedTable& table, const std::vector<MeasuredCell>& cells,
                   const std::vector<ColumnConstraint>& constraints, LU text_width, double scale,
                   int window, LU pad_h, LU pad_v, double min_pitch_pt) {
  const TableGrid& g = table.grid;
  Candidate out;
  out.window = window;
  std::vector<SpanNeed> needs;
  needs.reserve(g.cells.size());
  std::vector<LU> widths_at_scale;
  const std::vector<ScaledParagraph> at_scale = scale_paragraphs(cells, scale, widths_at_scale);
  size_t p = 0;  // the next paragraph's index in at_scale
  for (size_t i = 0; i < g.cells.size(); ++i) {
    const GridCell& gc = g.cells[i];
    SpanNeed need;
    need.first = gc.col;
    need.span = gc.colspan;
    for (const MeasuredParagraph& m : cells[i].paragraphs) {
      // window 0: two characters a line at least, and no line of one character (balanced);
      // else the widest run of `window` clusters.
      const LU floor = min_content(m, scale, window == 0 ? 2 : window);
      const ScaledParagraph& at = at_scale[p++];
      need.min = std::max(need.min, window == 0 ? balanced_min(m, at, scale, floor) : floor);
      need.max = std::max(need.max, scaled(m.total, scale));
    }
    // A header cell asks for no more than it needs (balanced, it wraps well): room left goes to
    // the body's labels, whose wrapping costs a row each, not to the head.
    if (gc.kind == CellKind::kHeader) need.max = std::min(need.max, need.min);
    need.min += 2 * pad_h;
    need.max += 2 * pad_h;
    needs.push_back(need);
  }
  out.widths = compute_column_widths(g.cols, constraints, needs, text_width);
  if (!out.widths.fits) return out;
  // Row heights by the rule layout uses (row_heights).
  std::vector<LU> cell_height(g.cells.size(), 0);
  p = 0;
  for (size_t i = 0; i < g.cells.size(); ++i) {
    const GridCell& gc = g.cells[i];
    LU w = 0;
    for (int c = gc.col; c < gc.col + gc.colspan; ++c) w += out.widths.widths[static_cast<size_t>(c)];
    for (const MeasuredParagraph& m : cells[i].paragraphs) {
      const LineCount lc = count_lines(m, at_scale[p++], scale, w - 2 * pad_h);
      out.one_character = out.one_character || lc.one_character;
      cell_height[i] += lc.lines * pt_to_lu(m.pitch_pt * scale);
    }
    cell_height[i] += 2 * pad_v;
  }
  const std::vector<LU> rows =
      row_heights(g, cell_height, pt_to_lu(min_pitch_pt * scale) + 2 * pad_v);
  out.height = std::accumulate(rows.begin(), rows.end(), LU{0});
  for (int r = 0; r < std::clamp(table.header_rows, 0, g.rows); ++r) {
    out.header += rows[static_cast<size_t>(r)];
  }
  return out;
}

// The full pages a table's body rows need below its repeated header and the continuation label
// (`reserve`). Wherever the table starts, it then spans at most one page more: a table of one
// such page is on two pages at most (issue #11: table 三).
int pages_needed(const Candidate& c, LU body, LU reserve) {
  const LU page = std::max<LU>(body - c.header - reserve, 1);
  const LU rows = std::max<LU>(c.height - c.header, 0);
  return std::max(1, static_cast<int>((rows + page - 1) / page));
}

// The candidates of one orientation, from the largest size down, each evaluated only when asked
// for: a long table is decided by two sizes (the smallest, to know it needs more than two pages,
// and the largest that fits), not by every half point (issue #11: sizing linear in the cells and
// not eight passes over them).
class Candidates {
 public:
  Candidates(size_t count, std::function<Candidate(size_t)> evaluate)
      : evaluate_(std::move(evaluate)), cs_(count) {}
  size_t size() const { return cs_.size(); }
  const Candidate& operator[](size_t k) {
    if (!cs_[k]) cs_[k] = evaluate_(k);
    return *cs_[k];
  }

 private:
  std::function<Candidate(size_t)> evaluate_;
  std::vector<std::optional<Candidate>> cs_;
};

bool usable(const Candidate& c) { return c.widths.fits && !c.one_character; }

// The preferred candidate among those of one orientation, or -1 (see choose_table_size).
int pick(Candidates& cs, LU body, LU reserve) {
  int smallest_ok = -1;
  for (size_t k = cs.size(); k-- > 0;) {
    if (usable(cs[k])) {
      smallest_ok = static_cast<int>(k);
      break;
    }
  }
  if (smallest_ok < 0) return -1;
  const int least_pages = pages_needed(cs[static_cast<size_t>(smallest_ok)], body, reserve);
  for (size_t k = 0; k < cs.size(); ++k) {
    if (!usable(cs[k])) continue;
    if (least_pages <= 2 && pages_needed(cs[k], body, reserve) > least_pages) continue;
    return static_cast<int>(k);
  }
  return smallest_ok;
}

}  // namespace

TableSizeChoice choose_table_size(const resolve::ResolvedTable& table, const styles::Style& style,
                                  FontContext& fonts,
                                  const std::vector<ColumnConstraint>& constraints, LU text_width,
                                  LU pad_h, LU pad_v) {
  const TableGrid& g = table.grid;
  MeasuredTable measured;
  measured.keep_shaped = keeps_shaping(table);
  measured.cells.reserve(g.cells.size());
  measured.paragraphs.reserve(g.cells.size());
  for (const resolve::ResolvedCell& cell : table.cells) measure_cell(cell, style, fonts, measured);
  measured.bind();
  const std::vector<MeasuredCell>& cells = measured.cells;
  std::vector<ColumnConstraint> by_need = constraints;
  for (ColumnConstraint& c : by_need) c.fr = 0;

  const styles::PageStyle& page = style.page;
  const LU portrait_body = pt_to_lu(page.height_pt - page.margin_top_pt - page.margin_bottom_pt);
  // GB/T 9704 §8: the landscape page is the portrait sheet turned, its type area the same.
  const LU landscape_width = portrait_body;
  const LU landscape_body = text_width;
  const double base = style.table_cell.size_pt;
  const double smallest = std::min(style.table.min_font_size_pt, base);
  const double pitch_pt = styles::line_pitch_pt(style.table_cell);
  // A continuation page starts with the 续表 label (set in the note style).
  const LU reserve = style.table.continuation_label.empty()
                         ? 0
                         : pt_to_lu(styles::line_pitch_pt(style.note));
  std::vector<double> sizes;
  for (int k = 0;; ++k) {
    const double s = base - 0.5 * k;
    if (s < smallest - 1e-9) break;
    sizes.push_back(s);
  }

  TableSizeChoice out;
  auto take = [&](const Candidate& c, bool landscape) {
    out.widths = c.widths.widths;
    out.scale = c.size_pt / base;
    out.fits = true;
    out.landscape = landscape;
    out.one_character_lines = c.one_character;
    out.shaped = std::move(measured.shaped);
  };
  auto candidates = [&](LU width, int window) {
    return Candidates(sizes.size(), [&, width, window](size_t k) {
      Candidate c = evaluate(table, cells, by_need, width, sizes[k] / base, window, pad_h, pad_v,
                             pitch_pt);
      c.size_pt = sizes[k];
      return c;
    });
  };
  // No one-character line (balanced), portrait first, then landscape.
  std::vector<std::pair<LU, LU>> orientations = {{text_width, portrait_body}};
  if (style.table.landscape && landscape_width > text_width) {
    orientations.emplace_back(landscape_width, landscape_body);
  }
  std::vector<Candidates> tried;
  for (size_t o = 0; o < orientations.size(); ++o) {
    tried.push_back(candidates(orientations[o].first, 0));
    const int k = pick(tried.back(), orientations[o].second, reserve);
    if (k >= 0) {
      take(tried.back()[static_cast<size_t>(k)], o == 1);
      return out;
    }
  }
  // No size avoids a one-character line: the largest size that fits, portrait first; then one
  // unbreakable unit a line (the old last resort).
  for (size_t o = 0; o < orientations.size(); ++o) {
    for (int window : {0, 2, 1}) {
      Candidates fresh = candidates(orientations[o].first, window);
      Candidates& cs = window != 0 ? fresh : tried[o];
      for (size_t k = 0; k < cs.size(); ++k) {
        if (cs[k].widths.fits) {
          take(cs[k], o == 1);
          return out;
        }
      }
    }
  }
  const Candidate last = evaluate(table, cells, by_need, orientations.back().first,
                                  smallest / base, 1, pad_h, pad_v, pitch_pt);
  out.widths = last.widths.widths;
  out.min_total = last.widths.min_total;
  out.scale = smallest / base;
  out.fits = false;
  out.landscape = orientations.size() > 1;
  return out;
}

SizedTables::SizedTables() = default;
SizedTables::~SizedTables() = default;
SizedTables::SizedTables(SizedTables&&) noexcept = default;
SizedTables& SizedTables::operator=(SizedTables&&) noexcept = default;

const TableLayout* SizedTables::layout_for(size_t block) const {
  auto it = std::lower_bound(sizes.begin(), sizes.end(), block,
                             [](const resolve::TableSize& s, size_t b) { return s.block < b; });
  if (it == sizes.end() || it->block != block) return nullptr;
  return layouts[static_cast<size_t>(it - sizes.begin())].get();
}

SizedTables size_tables(const resolve::ResolvedDocument& doc, FontContext& fonts,
                        std::vector<Diagnostic>& diagnostics) {
  SizedTables out;
  const LU text_width = pt_to_lu(doc.text_width_pt);
  for (size_t b = 0; b < doc.blocks.size(); ++b) {
    const auto* table = std::get_if<resolve::ResolvedTable>(&doc.blocks[b]);
    if (table == nullptr) continue;
    resolve::TableSize size;
    // With the cells' facts (resolve::CellLines), recorded as they are laid out: what a word
    // processor needs to break them where the PDF does. A cell of one line needs none, and most
    // cells of a long table have one.
    std::unique_ptr<TableLayout> layout =
        measure_table(*table, doc.style, fonts, text_width, diagnostics, &size.cell_lines);
    size.block = b;
    size.column_widths_lu = layout->column_widths;
    size.font_scale = layout->font_scale;
    size.keep_with_next = layout->keep_with_next;
    size.landscape = layout->landscape;
    for (resolve::CellLines& facts : size.cell_lines) {
      for (resolve::SpreadLine& line : facts.spread) line.block = b;
    }
    out.sizes.push_back(std::move(size));
    out.layouts.push_back(std::move(layout));
  }
  return out;
}

}  // namespace paiban::layout
