#include "pdf/content_stream.h"

#include <algorithm>
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

void append_point_pair(std::string& out, page::LU x, page::LU y) {
  append_points(out, x);
  out += ' ';
  append_points(out, y);
}

}  // namespace

void append_glyph_run(std::string& out, const page::GlyphRun& run, page::LU page_height,
                      const ContentFont& font, const std::string& bold_colors) {
  if (run.size <= 0 || run.glyphs.empty()) return;
  if (run.synthetic_bold) {
    out += "q 2 Tr ";
    append_number(out, page::lu_to_pt(run.size) * kSyntheticBoldStroke, 3);
    out += " w\n";
    out += bold_colors;
  }
  out += "BT\n/" + font.resource_name + ' ';
  append_points(out, run.size);
  out += " Tf\n";
  // The model's horizontal scale is the text matrix's (its advances are already scaled); a
  // quarter turn clockwise on the page sets text x along −y of PDF space, text up along +x.
  const bool scaled = run.horizontal_scale > 0 && run.horizontal_scale != 1000;
  const double scale = scaled ? run.horizontal_scale / 1000.0 : 1.0;
  if (run.quarter_turn) {
    out += "0 ";
    if (scaled) {
      append_number(out, -scale, 3);
      out += " 1 0 ";
    } else {
      out += "-1 1 0 ";
    }
  } else if (scaled) {
    append_number(out, scale, 3);
    out += " 0 0 1 ";
  } else {
    out += "1 0 0 1 ";
  }
  append_point_pair(out, run.x, page_height - run.y);
  out += " Tm\n";

  TjWriter tj(out);
  // Positions relative to the run's origin: `pen` where the model's advances put the next glyph
  // (LU), `actual` where the text position really is (1/1000 em: /W widths plus adjustments).
  const double thousandths_per_lu = 1000.0 / run.size / scale;
  int64_t pen = 0;
  double actual = 0;
  page::LU rise = 0;
  for (const GlyphCluster& cluster : split_clusters(run)) {
    const bool span = needs_actual_text(run, cluster, font.text_for_gid);
    if (span) {
      tj.close();
      out += "/Span<</ActualText" + text_string_hex(run.text_of(run.glyphs[cluster.begin])) +
             ">>BDC\n";
    }
    for (size_t i = cluster.begin; i < cluster.end; ++i) {
      const page::Glyph& g = run.glyphs[i];
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

std::string color_operator(const page::Color& color, bool stroke,
                           const std::map<std::string, std::string>& spot_names) {
  using Space = page::Color::Space;
  std::string out;
  auto components = [&](int n) {
    for (int i = 0; i < n; ++i) {
      append_number(out, std::clamp(color.c[static_cast<size_t>(i)], 0.0, 1.0));
      out += ' ';
    }
  };
  switch (color.space) {
    case Space::kGray:
      components(1);
      out += stroke ? "G\n" : "g\n";
      break;
    case Space::kRgb:
      components(3);
      out += stroke ? "RG\n" : "rg\n";
      break;
    case Space::kSpot: {
      auto name = spot_names.find(color.spot_name);
      if (name != spot_names.end()) {
        out += '/' + name->second + (stroke ? " CS " : " cs ");
        append_number(out, std::clamp(color.tint, 0.0, 1.0));
        out += stroke ? " SCN\n" : " scn\n";
        break;
      }
      // Without its colour space, the alternate at the tint is the closest rendition.
      page::Color alternate = page::Color::cmyk(color.c[0], color.c[1], color.c[2], color.c[3]);
      for (double& v : alternate.c) v *= std::clamp(color.tint, 0.0, 1.0);
      return color_operator(alternate, stroke, spot_names);
    }
    case Space::kCmyk:
      components(4);
      out += stroke ? "K\n" : "k\n";
      break;
  }
  return out;
}

void append_paths(std::string& out, const std::vector<page::Path>& paths, page::LU page_height,
                  const std::map<std::string, std::string>& spot_names) {
  if (paths.empty()) return;
  // The graphics state inside q … Q starts as PDF's default (ISO 32000-1 §8.4.1, Table 52).
  page::LineCap cap = page::LineCap::kButt;
  page::LU width = -1;  // unknown: the first stroke always sets its width
  std::vector<page::LU> dash;
  page::LU phase = 0;
  page::Color fill = page::Color::black();
  page::Color stroke = page::Color::black();
  out += "q ";
  for (const page::Path& path : paths) {
    if ((!path.fill && !path.stroke) || path.segments.empty()) continue;
    if (path.stroke) {
      if (path.cap != cap) {
        cap = path.cap;
        out += cap == page::LineCap::kButt    ? "0 J\n"
               : cap == page::LineCap::kRound ? "1 J\n"
                                              : "2 J\n";
      }
      if (path.stroke_width != width) {
        width = path.stroke_width;
        append_points(out, width);
        out += " w\n";
      }
      if (path.dash.pattern != dash || (!dash.empty() && path.dash.phase != phase)) {
        dash = path.dash.pattern;
        phase = path.dash.phase;
        out += '[';
        for (size_t i = 0; i < dash.size(); ++i) {
          if (i > 0) out += ' ';
          append_points(out, dash[i]);
        }
        out += "] ";
        append_points(out, dash.empty() ? 0 : phase);
        out += " d\n";
      }
      if (path.stroke_color != stroke) {
        stroke = path.stroke_color;
        out += color_operator(stroke, true, spot_names);
      }
    }
    if (path.fill && path.fill_color != fill) {
      fill = path.fill_color;
      out += color_operator(fill, false, spot_names);
    }
    for (const page::PathSegment& seg : path.segments) {
      switch (seg.op) {
        case page::PathSegment::Op::kMove:
          append_point_pair(out, seg.x, page_height - seg.y);
          out += " m ";
          break;
        case page::PathSegment::Op::kLine:
          append_point_pair(out, seg.x, page_height - seg.y);
          out += " l ";
          break;
        case page::PathSegment::Op::kClose:
          out += "h ";
          break;
      }
    }
    out += path.fill && path.stroke ? "B\n" : path.fill ? "f\n" : "S\n";
  }
  out += "Q\n";
}

namespace {

// Opens the marked-content sequence of an item (nothing when the document is untagged).
void begin_marked(std::string& out, int structure, PageTags* tags) {
  if (tags == nullptr) return;
  if (structure < 0 || static_cast<size_t>(structure) >= tags->structure->size()) {
    out += "/Artifact BMC\n";
    return;
  }
  const int mcid = static_cast<int>(tags->mcid_element.size());
  tags->mcid_element.push_back(structure);
  out += '/' + structure_type((*tags->structure)[static_cast<size_t>(structure)]) + " <</MCID " +
         std::to_string(mcid) + ">>BDC\n";
}

void end_marked(std::string& out, const PageTags* tags) {
  if (tags != nullptr) out += "EMC\n";
}

// An image scaled into its box: the unit square mapped by cm (ISO 32000-1 §8.9.5).
void append_image(std::string& out, const page::PlacedImage& image, page::LU page_height,
                  const ContentResources& resources, PageTags* tags) {
  if (image.image < 0 || static_cast<size_t>(image.image) >= resources.image_names.size()) return;
  const std::string& name = resources.image_names[static_cast<size_t>(image.image)];
  if (name.empty() || image.w <= 0 || image.h <= 0) return;
  begin_marked(out, image.structure, tags);
  out += "q ";
  append_points(out, image.w);
  out += " 0 0 ";
  append_points(out, image.h);
  out += ' ';
  append_point_pair(out, image.x, page_height - image.y - image.h);
  out += " cm /" + name + " Do Q\n";
  end_marked(out, tags);
}

}  // namespace

std::string structure_type(const page::StructElement& element) {
  using Role = page::StructRole;
  switch (element.role) {
    case Role::kDocument:
      return "Document";
    case Role::kTitle:
      return "Title";
    case Role::kHeading:
      return "H" + std::to_string(std::clamp(element.level, 1, 6));
    case Role::kParagraph:
      return "P";
    case Role::kTable:
      return "Table";
    case Role::kTableHead:
      return "THead";
    case Role::kTableBody:
      return "TBody";
    case Role::kTableRow:
      return "TR";
    case Role::kTableCell:
      return element.header ? "TH" : "TD";
    case Role::kCaption:
      return "Caption";
    case Role::kFigure:
      return "Figure";
  }
  return "P";
}

std::string build_page_content(const page::Page& page, const std::vector<const ContentFont*>& fonts,
                               const ContentResources& resources, PageTags* tags) {
  std::string out;
  const page::LU h = page.height;
  const bool paths_are_artifacts = std::all_of(page.paths.begin(), page.paths.end(),
                                               [](const page::Path& p) { return p.structure < 0; });
  if (tags == nullptr || page.paths.empty()) {
    append_paths(out, page.paths, h, resources.spot_names);
  } else if (paths_are_artifacts) {
    begin_marked(out, page::kArtifact, tags);
    append_paths(out, page.paths, h, resources.spot_names);
    end_marked(out, tags);
  } else {
    for (const page::Path& path : page.paths) {
      begin_marked(out, path.structure, tags);
      append_paths(out, {path}, h, resources.spot_names);
      end_marked(out, tags);
    }
  }
  for (const page::PlacedImage& image : page.images) {
    if (!image.above_text) append_image(out, image, h, resources, tags);
  }
  // The fill colour outside any q … Q; PDF starts with black.
  page::Color fill = page::Color::black();
  for (const page::GlyphRun& run : page.runs) {
    if (run.font < 0 || static_cast<size_t>(run.font) >= fonts.size()) continue;
    const ContentFont* font = fonts[static_cast<size_t>(run.font)];
    if (font == nullptr || run.size <= 0 || run.glyphs.empty()) continue;
    if (run.color < 0 || static_cast<size_t>(run.color) >= resources.colors.size()) continue;
    const page::Color& color = resources.colors[static_cast<size_t>(run.color)];
    if (run.synthetic_bold) {
      // Inside the run's own q … Q: the stroke that emboldens takes the text colour too.
      std::string colors;
      if (color != fill) colors += color_operator(color, false, resources.spot_names);
      if (color != page::Color::black()) {
        colors += color_operator(color, true, resources.spot_names);
      }
      begin_marked(out, run.structure, tags);
      append_glyph_run(out, run, h, *font, colors);
      end_marked(out, tags);
      continue;
    }
    if (color != fill) {
      fill = color;
      out += color_operator(fill, false, resources.spot_names);
    }
    begin_marked(out, run.structure, tags);
    append_glyph_run(out, run, h, *font);
    end_marked(out, tags);
  }
  for (const page::PlacedImage& image : page.images) {
    if (image.above_text) append_image(out, image, h, resources, tags);
  }
  return out;
}

}  // namespace paiban::pdf
