#include "layout/dump.h"

#include <algorithm>
#include <charconv>
#include <iterator>
#include <map>
#include <variant>

namespace paiban::layout {

namespace {

std::string pt(LU v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, lu_to_pt(v), std::chars_format::fixed, 2);
  return ec == std::errc() ? std::string(buf, end) : std::string("?");
}

std::string num(double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 4);
  return ec == std::errc() ? std::string(buf, end) : std::string("?");
}

std::string file_name(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string color(const Color& c) {
  switch (c.space) {
    case Color::Space::kGray:
      return "gray(" + num(c.c[0]) + ")";
    case Color::Space::kRgb:
      return "rgb(" + num(c.c[0]) + "," + num(c.c[1]) + "," + num(c.c[2]) + ")";
    case Color::Space::kCmyk:
      return "cmyk(" + num(c.c[0]) + "," + num(c.c[1]) + "," + num(c.c[2]) + "," + num(c.c[3]) +
             ")";
    case Color::Space::kSpot:
      return "spot(" + c.spot_name + "," + num(c.tint) + ")";
  }
  return "?";
}

std::string run_color(const PageModel& model, const GlyphRun& run) {
  if (run.color < 0 || static_cast<size_t>(run.color) >= model.colors.size()) {
    return "color#" + std::to_string(run.color) + "?";
  }
  return color(model.colors[static_cast<size_t>(run.color)]);
}

std::string structure(int element) {
  return element < 0 ? " artifact" : " s" + std::to_string(element);
}

std::string run_text(const GlyphRun& run) {
  std::string text;
  for (const Glyph& g : run.glyphs) text += run.text_of(g);
  return text;
}

}  // namespace

std::string dump_table_sizes(const resolve::ResolvedDocument& doc, const SizedTables& tables) {
  std::string out;
  for (const resolve::TableSize& size : tables.sizes) {
    const auto* t = std::get_if<resolve::ResolvedTable>(&doc.blocks[size.block]);
    out += "table " + std::to_string(t != nullptr ? t->index + 1 : 0) + " (block " +
           std::to_string(size.block) + "): scale " + num(size.font_scale) + "\n  widths:";
    LU total = 0;
    for (LU w : size.column_widths_lu) {
      out += " " + pt(w);
      total += w;
    }
    out += " (sum " + pt(total) + ")\n  kept with next:";
    bool any = false;
    for (size_t r = 0; r < size.keep_with_next.size(); ++r) {
      if (!size.keep_with_next[r]) continue;
      out += " " + std::to_string(r);
      any = true;
    }
    out += any ? "\n" : " none\n";
  }
  return out;
}

std::string dump_lines(const PageModel& model) {
  std::string out;
  for (size_t p = 0; p < model.pages.size(); ++p) {
    const Page& page = model.pages[p];
    out += "page " + std::to_string(p + 1) + " (printed " + std::to_string(page.number) + ")\n";
    std::map<LU, std::vector<const GlyphRun*>> lines;
    for (const GlyphRun& run : page.runs) lines[run.y].push_back(&run);
    for (auto& [y, runs] : lines) {
      std::stable_sort(runs.begin(), runs.end(),
                       [](const GlyphRun* a, const GlyphRun* b) { return a->x < b->x; });
      std::string text;
      LU end = runs.front()->x;
      for (const GlyphRun* r : runs) {
        // A gap wider than two points separates runs of different cells or columns.
        if (!text.empty() && r->x - end > pt_to_lu(2)) text += " | ";
        text += run_text(*r);
        LU w = 0;
        for (const Glyph& g : r->glyphs) w += g.advance;
        end = r->x + w;
      }
      out += "  " + pt(y) + " " + pt(runs.front()->x) + ".." + pt(end) + " " + text + "\n";
    }
  }
  return out;
}

std::string dump_pages(const PageModel& model) {
  std::string out = "fonts:";
  for (const FontResource& f : model.fonts) {
    out += " " + file_name(f.path) + ":" + std::to_string(f.index);
  }
  out += "\n";
  for (size_t p = 0; p < model.pages.size(); ++p) {
    const Page& page = model.pages[p];
    out += "page " + std::to_string(p + 1) + " " + pt(page.width) + " × " + pt(page.height) +
           (page.orientation == page::Orientation::kLandscape ? " landscape" : " portrait") +
           " printed " + std::to_string(page.number) + "\n";
    for (const Anchor& a : page.anchors) {
      out += "  anchor " + std::to_string(a.level) + " " + pt(a.y) + " " + a.title + "\n";
    }
    for (const GlyphRun& r : page.runs) {
      LU w = 0;
      for (const Glyph& g : r.glyphs) w += g.advance;
      out += "  run font " + std::to_string(r.font) + " " + pt(r.size) + " at " + pt(r.x) + "," +
             pt(r.y) + " width " + pt(w) + (r.synthetic_bold ? " bold" : "") + " " +
             run_color(model, r) + structure(r.structure) + " " + run_text(r) + "\n";
    }
    for (const Path& path : page.paths) {
      out += "  path";
      for (const page::PathSegment& seg : path.segments) {
        switch (seg.op) {
          case page::PathSegment::Op::kMove:
            out += " M " + pt(seg.x) + "," + pt(seg.y);
            break;
          case page::PathSegment::Op::kLine:
            out += " L " + pt(seg.x) + "," + pt(seg.y);
            break;
          case page::PathSegment::Op::kClose:
            out += " Z";
            break;
        }
      }
      if (path.stroke) {
        out += " stroke " + pt(path.stroke_width) + " " + color(path.stroke_color);
      }
      if (path.fill) out += " fill " + color(path.fill_color);
      out += structure(path.structure) + "\n";
    }
    for (const PlacedImage& im : page.images) {
      out += "  image " + std::to_string(im.image) + " at " + pt(im.x) + "," + pt(im.y) + " " +
             pt(im.w) + "×" + pt(im.h) + (im.above_text ? " above" : " below") + " text" +
             structure(im.structure) + "\n";
    }
    for (const Link& l : page.links) {
      out += "  link " + pt(l.x) + "," + pt(l.y) + " " + pt(l.w) + "×" + pt(l.h) + " " +
             (l.uri.empty() ? "page " + std::to_string(l.dest_page + 1) + " at " + pt(l.dest_y)
                            : l.uri) +
             "\n";
    }
    for (const CellBox& c : page.cells) {
      out += "  cell table " + std::to_string(c.table + 1) + " r" + std::to_string(c.row) + "c" +
             std::to_string(c.col) + " span " + std::to_string(c.rowspan) + "×" +
             std::to_string(c.colspan) + " at " + pt(c.x) + "," + pt(c.y) + " " + pt(c.w) + "×" +
             pt(c.h) + (c.header ? " header" : "") + (c.repeated ? " repeated" : "") + "\n";
    }
  }
  static const char* const kRoles[] = {"document", "title",     "heading",    "paragraph",
                                       "table",    "table-head", "table-body", "table-row",
                                       "table-cell", "caption", "figure"};
  for (size_t e = 0; e < model.structure.size(); ++e) {
    const StructElement& el = model.structure[e];
    const auto role = static_cast<size_t>(el.role);
    out += "s" + std::to_string(e) + " " +
           (role < std::size(kRoles) ? kRoles[role] : "?") + " parent " +
           std::to_string(el.parent);
    if (el.role == StructRole::kHeading) out += " level " + std::to_string(el.level);
    if (el.role == StructRole::kTableCell) {
      out += " r" + std::to_string(el.row) + "c" + std::to_string(el.col) + " span " +
             std::to_string(el.rowspan) + "×" + std::to_string(el.colspan) +
             (el.header ? " header" : "");
    }
    out += "\n";
  }
  return out;
}

}  // namespace paiban::layout
