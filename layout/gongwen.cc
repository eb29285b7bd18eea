// The 公文 phase: masthead, sealed signature, 版记 and the pages without a number (gongwen.h).
//
// Positions the standard gives as the edge of printed text (the mark's upper edge, the rule 4 mm
// under the 发文字号) are measured on the glyphs' ink, from the fonts' glyph extents: a ruler on
// the printed page measures ink, and the em box of a large 小标宋 mark lies a millimetre above its
// ink.
#include "layout/gongwen.h"

#include <hb.h>

#include <algorithm>
#include <string>

#include "paiban_limits.h"

namespace paiban::layout {

namespace {

LU mm(double v) { return pt_to_lu(v * 72.0 / 25.4); }

// The share of a 4号 line's em box above the baseline, for text placed by its em box (the
// letter format's 7/8 character under the rule): the ideographic em box of CJK fonts.
constexpr double kEmAscent = 0.88;

}  // namespace

GongwenLayout::GongwenLayout(const resolve::ResolvedDocument& doc, FontContext& fonts,
                             Paginator& pager, SpecFor spec_for,
                             std::vector<Diagnostic>& diagnostics)
    : doc_(doc),
      style_(doc.style),
      fonts_(fonts),
      pager_(pager),
      spec_for_(std::move(spec_for)),
      diagnostics_(diagnostics) {
  red_ = page::Color::rgb(style_.red.r, style_.red.g, style_.red.b);
  const styles::PageStyle& ps = style_.page;
  pitch_ = ps.grid_lines > 0 ? (pager_.bottom() - pager_.top()) / ps.grid_lines
                             : pt_to_lu(styles::line_pitch_pt(style_.body));
  em_ = ps.grid_chars > 0 ? pager_.width() / ps.grid_chars : pt_to_lu(style_.body.size_pt);
}

Line GongwenLayout::line_of(const resolve::ResolvedParagraph& p, LU width) {
  ParagraphSpec spec = spec_for_(p);
  spec.width = width;
  spec.line_pitch = pitch_;
  std::vector<Line> lines = layout_paragraph(spec, fonts_, diagnostics_);
  if (lines.empty()) return Line{};
  return std::move(lines.front());
}

Line GongwenLayout::text_line(const std::string& text, FontRole role, LU size, bool bold,
                              LU width) {
  ParagraphSpec spec;
  spec.width = width;
  spec.align = HAlign::kLeft;
  spec.line_pitch = std::max<LU>(pitch_, size * 6 / 5);
  if (style_.page.grid_chars > 0) {
    spec.grid_advance = em_;
    spec.grid_size = pt_to_lu(style_.body.size_pt);
  }
  apply_typography(style_, spec);
  spec.avoid_lone_character = false;
  spec.where = "/gongwen";
  StyledSpan span;
  span.text = text;
  span.role = role;
  span.bold = bold;
  span.size = size;
  spec.spans.push_back(span);
  std::vector<Line> lines = layout_paragraph(spec, fonts_, diagnostics_);
  if (lines.empty()) return Line{};
  return std::move(lines.front());
}

// The line's ink above (`above`) or below its baseline: the most of any glyph, from the glyph
// extents of its face (HarfBuzz), in layout units.
LU GongwenLayout::ink_extent(const Line& line, bool above) const {
  LU most = 0;
  for (const GlyphRun& run : line.runs) {
    const fonts::Face* face = fonts_.face_at(run.font);
    if (face == nullptr) continue;
    for (const Glyph& g : run.glyphs) {
      hb_glyph_extents_t ext{};
      if (!hb_font_get_glyph_extents(face->hb_font(), g.gid, &ext)) continue;
      const LU top = scale_font_units(ext.y_bearing, run.size, face->upem());
      const LU below = -scale_font_units(ext.y_bearing + ext.height, run.size, face->upem());
      most = std::max(most, above ? top + g.y_offset : below - g.y_offset);
    }
  }
  return most;
}

LU GongwenLayout::ink_top(const Line& line) const { return ink_extent(line, true); }
LU GongwenLayout::ink_bottom(const Line& line) const { return ink_extent(line, false); }

void GongwenLayout::emit(const Line& line, LU x, LU y, const page::Color& color, int structure) {
  const int palette_index = pager_.model().add_color(color);
  for (const GlyphRun& run : line.runs) {
    GlyphRun placed = run;
    placed.x += x;
    placed.y += y;
    placed.color = palette_index;
    placed.structure = structure;
    pager_.page().runs.push_back(std::move(placed));
  }
}

void GongwenLayout::emit_mark(Line line, LU x, LU baseline_y, int32_t scale, int structure) {
  auto scaled = [scale](LU v) { return static_cast<LU>(static_cast<int64_t>(v) * scale / 1000); };
  for (GlyphRun& run : line.runs) {
    run.x = scaled(run.x);
    for (Glyph& g : run.glyphs) {
      g.advance = scaled(g.advance);
      g.x_offset = scaled(g.x_offset);
    }
    run.horizontal_scale = scale;
  }
  emit(line, x, baseline_y - line.baseline, red_, structure);
}

void GongwenLayout::place_masthead() {
  const resolve::ResolvedMasthead& m = doc_.gongwen->masthead;
  PageModel& model = pager_.model();
  const LU left = pager_.left(), width = pager_.width(), top = pager_.top();
  const LU page_width = pager_.page().width;
  const bool letter = m.format == resolve::GongwenFormat::kLetter;
  const bool order = m.format == resolve::GongwenFormat::kOrder;
  if (letter) unnumbered_.insert(0);  // §10.1: the letter's first page has no number

  // §7.2.1–7.2.3: 份号, 密级, 紧急程度 flush left, one a line from the first line of the type
  // area (the letter format: under its first double rule, placed below).
  std::vector<Line> head;
  for (const resolve::ResolvedParagraph& p : m.head) head.push_back(line_of(p, width));
  const int head_structure =
      m.head.empty() ? kArtifact : model.add_structure(page::StructRole::kParagraph);
  if (!letter) {
    for (size_t i = 0; i < head.size(); ++i) {
      emit(head[i], left, top + static_cast<LU>(i) * pitch_, page::Color::black(), head_structure);
    }
  }

  // §7.2.4: the mark, red 小标宋, its upper edge 35 mm below the type area's top (letter: 30 mm
  // from the paper's top edge; order: 20 mm below the type area's top); horizontally compressed
  // to the type area's width when longer; joint marks stacked, "文件" to their right.
  const LU size = pt_to_lu(m.mark_size_pt);
  const bool bold = style_.title.bold;
  std::vector<Line> names;
  LU names_width = 0;
  for (const std::string& n : m.mark_names) {
    names.push_back(text_line(n, FontRole::kTitle, size, bold, width * 8));
    names_width = std::max(names_width, names.back().width);
  }
  Line suffix;
  const LU gap = m.mark_suffix.empty() ? 0 : size / 2;
  if (!m.mark_suffix.empty()) {
    suffix = text_line(m.mark_suffix, FontRole::kTitle, size, bold, width * 8);
  }
  const LU total = names_width + gap + suffix.width;
  // The compression resolve decided (the DOCX writer uses the same), tightened when the shaped
  // widths still exceed the type area.
  int32_t scale = m.mark_scale;
  if (total > 0 && static_cast<int64_t>(total) * scale / 1000 > width) {
    scale = static_cast<int32_t>(static_cast<int64_t>(width) * 1000 / total);
  }
  auto scaled = [scale](LU v) { return static_cast<LU>(static_cast<int64_t>(v) * scale / 1000); };
  const LU mark_top = letter ? mm(30) : top + (order ? mm(20) : mm(35));
  const LU name_pitch = size * 5 / 4;
  const int mark_structure =
      names.empty() ? kArtifact : model.add_structure(page::StructRole::kParagraph);
  const LU group_x =
      (letter ? (page_width - scaled(total)) / 2 : left + (width - scaled(total)) / 2);
  LU mark_bottom = mark_top;
  LU baseline = mark_top + (names.empty() ? 0 : ink_top(names.front()));
  for (size_t i = 0; i < names.size(); ++i) {
    const LU x = group_x + scaled(names_width - names[i].width) / 2;
    mark_bottom = baseline + ink_bottom(names[i]);
    emit_mark(names[i], x, baseline, scale, mark_structure);
    if (i + 1 < names.size()) baseline += name_pitch;
  }
  if (!suffix.runs.empty()) {
    // Centred vertically on the names' ink.
    const LU centre = (mark_top + mark_bottom) / 2;
    const LU b = centre + (ink_top(suffix) - ink_bottom(suffix)) / 2;
    emit_mark(suffix, group_x + scaled(names_width + gap), b, scale, mark_structure);
  }

  const LU rule_width = pt_to_lu(m.rule_width_pt);
  Page& page = pager_.page();
  LU body_from = mark_bottom;
  if (letter) {
    // §10.1: a red double rule (thick above, thin below) 4 mm under the mark, 170 mm long and
    // centred on the paper; another (thin above, thick below) 20 mm above the paper's foot.
    const LU thick = pt_to_lu(2.0), thin = pt_to_lu(0.75), between = pt_to_lu(1.5);
    const LU x1 = (page_width - mm(170)) / 2, x2 = x1 + mm(170);
    const LU r1 = mark_bottom + mm(4);
    page.paths.push_back(page::line_path(x1, r1 + thick / 2, x2, r1 + thick / 2, thick, red_));
    const LU r1_thin = r1 + thick + between + thin / 2;
    page.paths.push_back(page::line_path(x1, r1_thin, x2, r1_thin, thin, red_));
    const LU foot = page.height - mm(20);
    page.paths.push_back(page::line_path(x1, foot - thick / 2, x2, foot - thick / 2, thick, red_));
    const LU foot_thin = foot - thick - between - thin / 2;
    page.paths.push_back(page::line_path(x1, foot_thin, x2, foot_thin, thin, red_));
    // 份号/密级/紧急程度 flush left and the 发文字号 flush right, the first 7/8 of a 3号
    // character under the double rule, by their em box.
    const LU rule_bottom = r1_thin + thin / 2;
    title_anchor_ = rule_bottom;
    const LU body_size = pt_to_lu(style_.body.size_pt);
    LU line_top = rule_bottom + body_size * 7 / 8;
    const size_t lines = std::max<size_t>(head.size(), m.doc_number.empty() ? 0 : 1);
    for (size_t i = 0; i < lines; ++i) {
      const LU base =
          line_top + static_cast<LU>(i) * pitch_ + pt_to_lu(style_.body.size_pt * kEmAscent);
      if (i < head.size()) {
        emit(head[i], left, base - head[i].baseline, page::Color::black(), head_structure);
      }
      if (i == 0 && !m.doc_number.empty()) {
        const Line number =
            text_line(m.doc_number, style_.body.role, body_size, style_.body.bold, width);
        emit(number, left + width - number.width, base - number.baseline, page::Color::black(),
             model.add_structure(page::StructRole::kParagraph));
      }
    }
    body_from = line_top + static_cast<LU>(lines) * pitch_;
  } else {
    // §7.2.5 / §7.2.6: 发文字号 two lines below the mark, centred; upward documents put it one
    // character in from the left on the line of the last 签发人, whose lines stand one
    // character in from the right.
    LU line_top = mark_bottom + 2 * pitch_;
    LU number_top = line_top;
    if (m.upward && !m.signer_lines.empty()) {
      std::vector<Line> signers;
      for (const resolve::ResolvedParagraph& p : m.signer_lines)
        signers.push_back(line_of(p, width));
      const LU x0 = left + width - em_ - signers.front().width;
      const int structure = model.add_structure(page::StructRole::kParagraph);
      for (size_t i = 0; i < signers.size(); ++i) {
        const LU indent = static_cast<LU>(m.signer_lines[i].left_indent_em * em_);
        emit(signers[i], x0 + indent, line_top + static_cast<LU>(i) * pitch_, page::Color::black(),
             structure);
      }
      number_top = line_top + static_cast<LU>(signers.size() - 1) * pitch_;
    }
    title_anchor_ = number_top;
    if (!m.doc_number.empty()) {
      resolve::ResolvedParagraph p;
      p.role = resolve::TextRole::kBody;
      p.align = HAlign::kLeft;
      p.where = "/gongwen/doc_number";
      resolve::ResolvedRun r;
      r.text = m.doc_number;
      r.role = style_.body.role;
      r.size_pt = style_.body.size_pt;
      p.runs.push_back(r);
      const Line number = line_of(p, width);
      const LU x = m.upward ? left + em_ : left + (width - number.width) / 2;
      emit(number, x, number_top, page::Color::black(),
           model.add_structure(page::StructRole::kParagraph));
      body_from = number_top + number.baseline + ink_bottom(number);
    } else {
      body_from = number_top;
    }
    if (!order) {
      // §7.2.7: the red rule, as wide as the type area, 4 mm under the 发文字号's ink.
      const LU y = body_from + mm(4);
      page.paths.push_back(page::line_path(left, y, left + width, y, rule_width, red_));
      body_from = y;
    }
  }
  // §7.3.1: the title two lines below (the body's grid then takes the nearest line).
  const LU target = body_from + 2 * pitch_ - pitch_ / 2;
  pager_.advance(target - pager_.y());
  pager_.mark_used();
}

LU GongwenLayout::tighten_last_lines(LU from, LU gain) {
  // The baselines of the text lines on this page below `from`, bottom-most last.
  std::vector<LU> baselines;
  for (const GlyphRun& run : pager_.page().runs) {
    if (run.y >= from) baselines.push_back(run.y);
  }
  std::sort(baselines.begin(), baselines.end());
  baselines.erase(std::unique(baselines.begin(), baselines.end()), baselines.end());
  const size_t n = std::min<size_t>(baselines.size(), 8);
  if (n == 0) return 0;
  // At most 15 % of the pitch between two lines, so the text stays readable; when that is not
  // enough nothing moves.
  const LU step = (gain + static_cast<LU>(n) - 1) / static_cast<LU>(n);
  if (step <= 0 || step > pitch_ * 15 / 100) return 0;
  const size_t first = baselines.size() - n;
  for (GlyphRun& run : pager_.page().runs) {
    const auto it =
        std::lower_bound(baselines.begin() + static_cast<long>(first), baselines.end(), run.y);
    if (it == baselines.end() || *it != run.y) continue;
    const LU k = static_cast<LU>(it - (baselines.begin() + static_cast<long>(first))) + 1;
    run.y -= step * k;
    closer_structures_.push_back(run.structure);
  }
  closer_step_ = step;
  return step * static_cast<LU>(n);
}

LU GongwenLayout::carry_last_lines(size_t count) {
  std::vector<GlyphRun>& runs = pager_.page().runs;
  std::vector<LU> baselines;
  for (const GlyphRun& run : runs) baselines.push_back(run.y);
  std::sort(baselines.begin(), baselines.end());
  baselines.erase(std::unique(baselines.begin(), baselines.end()), baselines.end());
  // Lines of the masthead and title stay: only lines below the page's first body line move.
  if (baselines.size() <= count + 1) {
    pager_.new_page();
    return pager_.y();
  }
  const LU first = baselines[baselines.size() - count];
  std::vector<GlyphRun> moved;
  std::vector<GlyphRun> kept;
  for (GlyphRun& run : runs) (run.y >= first ? moved : kept).push_back(std::move(run));
  runs = std::move(kept);
  // The first moved line's top on the grid of the page it leaves.
  const LU top = pager_.top();
  const LU line_top = top + (first - top) / pitch_ * pitch_;
  pager_.new_page();
  for (GlyphRun& run : moved) {
    run.y += pager_.top() - line_top;
    pager_.page().runs.push_back(std::move(run));
  }
  pager_.mark_used();
  const LU end = pager_.top() + static_cast<LU>(count) * pitch_;
  pager_.advance(end - pager_.y());
  return pager_.y();
}

void GongwenLayout::place_signature_seal(const resolve::ResolvedSealedSignature& s) {
  PageModel& model = pager_.model();
  const LU left = pager_.left(), width = pager_.width();
  const LU body_size = pt_to_lu(style_.body.size_pt);
  const Line title = text_line(s.names.empty() ? std::string() : s.names.front(), style_.body.role,
                               body_size, style_.body.bold, width);
  const Line date = text_line(s.date, style_.body.role, body_size, style_.body.bold, width);
  // The seal's printed width is its diameter; its height follows the image (a signature seal is
  // usually an upright or oblong rectangle).
  int image = -1;
  LU seal_w = 0, seal_h = 0;
  if (!s.seals.empty() && !s.seals.front().image.empty()) {
    std::string error;
    image = model.add_image(s.seals.front().image, &error);
    if (image < 0) {
      Diagnostic d;
      d.pointer = s.seals.front().where + "/image";
      d.message = "the signature seal image cannot be used: " + error;
      diagnostics_.push_back(std::move(d));
    } else {
      const page::ImageResource& res = model.images[static_cast<size_t>(image)];
      seal_w = pt_to_lu(s.seals.front().diameter_pt);
      seal_h = static_cast<LU>(static_cast<int64_t>(seal_w) * std::max(res.height, 1) /
                               std::max(res.width, 1));
    }
  }
  const LU block_h = std::max(seal_h, pitch_);
  // Two empty lines below the body; the block (seal, then the date's line) stays on one page
  // with the body's last two lines (§7.3.5.5).
  LU y0 = pager_.y() + 2 * pitch_;
  if (!pager_.page_empty() && y0 + block_h + pitch_ > pager_.bottom()) {
    y0 = carry_last_lines(2) + 2 * pitch_;
  }
  const LU right = left + width - static_cast<LU>(s.date_right_em * em_);
  const LU seal_x = right - seal_w;
  const int structure = model.add_structure(page::StructRole::kParagraph);
  Page& page = pager_.page();
  if (image >= 0) {
    page::PlacedImage placed;
    placed.image = image;
    placed.x = seal_x;
    placed.y = y0;
    placed.w = seal_w;
    placed.h = seal_h;
    placed.above_text = false;
    page.images.push_back(placed);
  }
  // The title two characters left of the seal, its line centred on the seal.
  emit(title, seal_x - 2 * em_ - title.width, y0 + (block_h - pitch_) / 2, page::Color::black(),
       structure);
  emit(date, right - date.width, y0 + block_h, page::Color::black(), structure);
  pager_.mark_used();
  pager_.advance(y0 + block_h + pitch_ - pager_.y());
}

void GongwenLayout::place_signature(const resolve::ResolvedSealedSignature& s) {
  if (s.signature_seal) {
    place_signature_seal(s);
    return;
  }
  PageModel& model = pager_.model();
  const LU left = pager_.left(), width = pager_.width();
  const LU body_size = pt_to_lu(style_.body.size_pt);
  const Line date = text_line(s.date, style_.body.role, body_size, style_.body.bold, width);
  std::vector<Line> names;
  for (const std::string& n : s.names) {
    names.push_back(text_line(n, style_.body.role, body_size, style_.body.bold, width));
  }
  std::vector<LU> diameters;
  LU seal_height = 0;
  for (const resolve::ResolvedSeal& seal : s.seals) {
    diameters.push_back(seal.image.empty() ? 0 : pt_to_lu(seal.diameter_pt));
    seal_height = std::max(seal_height, diameters.back());
  }
  // The date `date_right_em` characters in from the right; the last name and its seal centred
  // over it; the others to the left, centre to centre far enough that neither the seals
  // (3 mm apart) nor the names (one character apart) touch.
  const LU date_right = left + width - static_cast<LU>(s.date_right_em * em_);
  const LU date_x = date_right - date.width;
  const LU centre = date.runs.empty() ? date_right - em_ * 4 : date_x + date.width / 2;
  std::vector<LU> centres(names.size(), centre);
  for (size_t i = names.size(); i-- > 1;) {
    const LU seals = (diameters[i] + diameters[i - 1]) / 2 + mm(3);
    const LU texts = (names[i].width + names[i - 1].width) / 2 + em_;
    centres[i - 1] = centres[i] - std::max(seals, texts);
  }
  if (!centres.empty()) {
    const LU leftmost = centres.front() - std::max(diameters.front(), names.front().width) / 2;
    if (leftmost < left) {
      Diagnostic d;
      d.severity = Severity::kWarning;
      d.pointer = s.where;
      d.message =
          "the joint signature is wider than the type area; shorten the names or the "
          "seals' diameters";
      diagnostics_.push_back(std::move(d));
    }
  }

  // Vertically: the seal's top half a line under the text above (within one line, §7.3.5.1);
  // the names just under the seal's centre, the date on the next line.
  LU gap = pitch_ / 2;
  auto needed = [&](LU g) {
    const LU name_top = g + seal_height / 2;
    return std::max(g + seal_height, name_top + 2 * pitch_);
  };
  LU y0 = pager_.y();
  if (!pager_.page_empty() && y0 + needed(gap) > pager_.bottom()) {
    // §7.3.5.5: no page with the signature alone. First the seal comes up to the text, then the
    // last lines of the page are drawn closer together.
    gap = 0;
    const LU over = y0 + needed(gap) - pager_.bottom();
    if (over > 0) {
      const LU gained = tighten_last_lines(y0 - 8 * pitch_, over);
      if (gained >= over) {
        y0 -= gained;
      } else {
        // Too much for that: the page's last two lines go to the next page with the signature,
        // which then never stands alone.
        y0 = carry_last_lines(2);
        gap = pitch_ / 2;
      }
    }
  }
  const LU seal_top = y0 + gap;
  const LU name_top = seal_top + seal_height / 2;
  const int structure = model.add_structure(page::StructRole::kParagraph);
  Page& page = pager_.page();
  for (size_t i = 0; i < s.seals.size() && i < centres.size(); ++i) {
    const resolve::ResolvedSeal& seal = s.seals[i];
    if (seal.image.empty()) continue;
    std::string error;
    const int image = model.add_image(seal.image, &error);
    if (image < 0) {
      Diagnostic d;
      d.pointer = seal.where + "/image";
      d.message = "the seal image cannot be used: " + error;
      diagnostics_.push_back(std::move(d));
      continue;
    }
    // Drawn under the text: over white paper and black text this is what the multiply-like
    // overprint of print production gives (the text stays black, the seal red around it).
    page::PlacedImage placed;
    placed.image = image;
    placed.x = centres[i] - diameters[i] / 2;
    placed.y = seal_top;
    placed.w = placed.h = diameters[i];
    placed.above_text = false;
    page.images.push_back(placed);
  }
  for (size_t i = 0; i < names.size(); ++i) {
    emit(names[i], centres[i] - names[i].width / 2, name_top, page::Color::black(), structure);
  }
  emit(date, date_x, name_top + pitch_, page::Color::black(), structure);
  pager_.mark_used();
  pager_.advance(std::max(seal_top + seal_height, name_top + 2 * pitch_) - pager_.y());
}

void GongwenLayout::place_record() {
  if (!doc_.gongwen || !doc_.gongwen->record) return;
  const resolve::ResolvedRecord& r = *doc_.gongwen->record;
  PageModel& model = pager_.model();
  const LU left = pager_.left(), width = pager_.width(), bottom = pager_.bottom();
  const LU size = pt_to_lu(r.size_pt);
  std::vector<Line> copies;
  if (r.copies_to) {
    ParagraphSpec spec = spec_for_(*r.copies_to);
    const LU indent = static_cast<LU>(r.copies_to->left_indent_em * size);
    spec.width = width - indent - size;  // one character in from the right too
    spec.first_indent = static_cast<LU>(r.copies_to->first_indent_em * size);
    spec.line_pitch = pitch_;
    spec.grid_advance = 0;
    for (Line& l : layout_paragraph(spec, fonts_, diagnostics_)) {
      for (GlyphRun& run : l.runs) run.x += indent;
      copies.push_back(std::move(l));
    }
  }
  const bool print_line = !r.printer.empty() || !r.print_date.empty();
  const LU height = static_cast<LU>(copies.size() + (print_line ? 1 : 0)) * pitch_;
  if (height == 0) return;

  // §7.4: the last page, even in two-sided printing: a page is added when the 版记 does not fit
  // or the page is odd; pages added that stay blank carry no number (§7.5).
  if (!pager_.page_empty() && pager_.y() + height > bottom) pager_.new_page();
  if (r.rules) {
    while (model.pages.size() % 2 == 1) {
      if (pager_.page_empty()) {
        unnumbered_.insert(model.pages.size() - 1);
        ++blank_pages_;
      }
      pager_.new_page();
    }
  }
  unnumbered_.insert(model.pages.size() - 1);
  record_placed_ = true;
  record_page_ = model.pages.size() - 1;
  record_alone_ = pager_.page_empty();
  Page& page = pager_.page();
  const LU block_top = bottom - height;
  const int structure = model.add_structure(page::StructRole::kParagraph);
  record_structure_ = structure;
  for (size_t i = 0; i < copies.size(); ++i) {
    emit(copies[i], left, block_top + static_cast<LU>(i) * pitch_, page::Color::black(), structure);
  }
  if (print_line) {
    const LU y = bottom - pitch_;
    if (!r.printer.empty()) {
      const Line printer = text_line(r.printer, style_.body.role, size, false, width);
      emit(printer, left + size, y, page::Color::black(), structure);
    }
    if (!r.print_date.empty()) {
      const Line date = text_line(r.print_date, style_.body.role, size, false, width);
      emit(date, left + width - size - date.width, y, page::Color::black(), structure);
    }
  }
  if (r.rules) {
    // §7.4.1: the first and last rules thick (0.35 mm), those between thin (0.25 mm); the last
    // on the type area's foot.
    const LU thick = pt_to_lu(r.thick_pt), thin = pt_to_lu(r.thin_pt);
    page.paths.push_back(
        page::line_path(left, block_top, left + width, block_top, thick, page::Color::black()));
    if (!copies.empty() && print_line) {
      const LU y = bottom - pitch_;
      page.paths.push_back(page::line_path(left, y, left + width, y, thin, page::Color::black()));
    }
    page.paths.push_back(
        page::line_path(left, bottom, left + width, bottom, thick, page::Color::black()));
  }
  pager_.mark_used();
  pager_.advance(bottom - pager_.y());
}

}  // namespace paiban::layout
