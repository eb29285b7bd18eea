#include "pdf/content_stream.h"

#include <cmath>

#include "pdf/font_embedding.h"
#include "pdf/pdf_syntax.h"

namespace paiban::pdf {

namespace {

// Builds TJ arrays: runs of codes in one hex string, position adjustments between them. An
// adjustment waits until the next glyph, so arrays never end in (or consist of) numbers.
class TjWriter {
 public:
  explicit TjWriter(std::string& out) : out_(out) {}

  void adjust(double thousandths) { pending_ += thousandths; }

  void glyph(uint16_t code) {
    if (!open_) {
      out_ += '[';
      open_ = true;
    }
    if (pending_ != 0) {
      if (in_hex_) out_ += '>';
      in_hex_ = false;
      append_number(out_, pending_, 2);
      pending_ = 0;
    }
    if (!in_hex_) {
      out_ += '<';
      in_hex_ = true;
    }
    static constexpr char kHex[] = "0123456789ABCDEF";
    out_ += kHex[(code >> 12) & 0xF];
    out_ += kHex[(code >> 8) & 0xF];
    out_ += kHex[(code >> 4) & 0xF];
    out_ += kHex[code & 0xF];
  }

  // Ends the current array (if any); a pending adjustment carries over to the next one.
  void close() {
    if (in_hex_) out_ += '>';
    if (open_) out_ += "]TJ\n";
    in_hex_ = false;
    open_ = false;
  }

 private:
  std::string& out_;
  bool open_ = false;
  bool in_hex_ = false;
  double pending_ = 0;
};

// TJ adjustments are written with two decimals (1/100 000 em: far below a device pixel); the
// rounded value is what the viewer applies, so it is what the pen tracks.
double round_adjustment(double thousandths) { return std::round(thousandths * 100) / 100; }

void append_point_pair(std::string& out, layout::LU x, layout::LU y) {
  append_points(out, x);
  out += ' ';
  append_points(out, y);
}

}  // namespace

void append_glyph_run(std::string& out, const layout::GlyphRun& run, layout::LU page_height,
                      const ContentFont& font) {
  if (run.size <= 0 || run.glyphs.empty()) return;
  if (run.synthetic_bold) {
    out += "q 2 Tr ";
    append_number(out, layout::lu_to_pt(run.size) * kSyntheticBoldStroke, 3);
    out += " w\n";
  }
  out += "BT\n/" + font.resource_name + ' ';
  append_points(out, run.size);
  out += " Tf\n1 0 0 1 ";
  append_point_pair(out, run.x, page_height - run.y);
  out += " Tm\n";

  TjWriter tj(out);
  // Positions relative to the run's origin: `pen` where the model's advances put the next glyph
  // (LU), `actual` where the text position really is (1/1000 em: /W widths plus adjustments).
  const double thousandths_per_lu = 1000.0 / run.size;
  int64_t pen = 0;
  double actual = 0;
  layout::LU rise = 0;
  for (const GlyphCluster& cluster : split_clusters(run.glyphs)) {
    const bool span = needs_actual_text(run.glyphs, cluster, font.text_for_gid);
    if (span) {
      tj.close();
      out += "/Span<</ActualText" + text_string_hex(run.glyphs[cluster.begin].text) + ">>BDC\n";
    }
    for (size_t i = cluster.begin; i < cluster.end; ++i) {
      const layout::Glyph& g = run.glyphs[i];
      auto code = font.code_for_gid.find(g.gid);
      if (g.gid == 0 || code == font.code_for_gid.end()) {
        pen += g.advance;
        continue;
      }
      if (g.y_offset != rise) {
        tj.close();
        rise = g.y_offset;
        append_points(out, rise);
        out += " Ts\n";
      }
      const double wanted = static_cast<double>(pen + g.x_offset) * thousandths_per_lu;
      // A positive TJ number moves the next glyph left (ISO 32000-1 §9.4.3).
      const double adjustment = round_adjustment(actual - wanted);
      if (adjustment != 0) {
        tj.adjust(adjustment);
        actual -= adjustment;
      }
      tj.glyph(code->second);
      auto width = font.width_for_gid.find(g.gid);
      actual += width == font.width_for_gid.end() ? 0 : width->second;
      pen += g.advance;
    }
    if (span) {
      tj.close();
      out += "EMC\n";
    }
  }
  tj.close();
  // Text state outlives ET: leave no rise behind for the next run.
  if (rise != 0) out += "0 Ts\n";
  out += "ET\n";
  if (run.synthetic_bold) out += "Q\n";
}

std::string build_page_content(const layout::Page& page,
                               const std::vector<const ContentFont*>& fonts) {
  std::string out;
  const layout::LU h = page.height;
  bool any_fill = false;
  bool any_stroke = false;
  for (const layout::Rect& r : page.rects) (r.fill ? any_fill : any_stroke) = true;
  if (any_fill) {
    out += "q ";
    append_number(out, kRectFillGray);
    out += " g\n";
    for (const layout::Rect& r : page.rects) {
      if (!r.fill) continue;
      append_point_pair(out, r.x, h - r.y - r.h);
      out += ' ';
      append_point_pair(out, r.w, r.h);
      out += " re f\n";
    }
    out += "Q\n";
  }
  if (any_stroke) {
    out += "q ";
    append_points(out, kRectStrokeWidth);
    out += " w\n";
    for (const layout::Rect& r : page.rects) {
      if (r.fill) continue;
      append_point_pair(out, r.x, h - r.y - r.h);
      out += ' ';
      append_point_pair(out, r.w, r.h);
      out += " re S\n";
    }
    out += "Q\n";
  }
  if (!page.rules.empty()) {
    // Square caps extend each end by half the width, so a horizontal and a vertical rule that
    // end at the same point fill the corner instead of leaving a notch.
    out += "q 2 J\n";
    layout::LU width = -1;
    for (const layout::Rule& r : page.rules) {
      if (r.width != width) {
        width = r.width;
        append_points(out, width);
        out += " w\n";
      }
      append_point_pair(out, r.x1, h - r.y1);
      out += " m ";
      append_point_pair(out, r.x2, h - r.y2);
      out += " l S\n";
    }
    out += "Q\n";
  }
  for (const layout::GlyphRun& run : page.runs) {
    if (run.font < 0 || static_cast<size_t>(run.font) >= fonts.size()) continue;
    const ContentFont* font = fonts[static_cast<size_t>(run.font)];
    if (font != nullptr) append_glyph_run(out, run, h, *font);
  }
  return out;
}

}  // namespace paiban::pdf
