#include "layout/dump.h"

#include <algorithm>
#include <charconv>
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

std::string run_text(const GlyphRun& run) {
  std::string text;
  for (const Glyph& g : run.glyphs) text += g.text;
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
           " printed " + std::to_string(page.number) + "\n";
    for (const Anchor& a : page.anchors) {
      out += "  anchor " + std::to_string(a.level) + " " + pt(a.y) + " " + a.title + "\n";
    }
    for (const GlyphRun& r : page.runs) {
      LU w = 0;
      for (const Glyph& g : r.glyphs) w += g.advance;
      out += "  run font " + std::to_string(r.font) + " " + pt(r.size) + " at " + pt(r.x) + "," +
             pt(r.y) + " width " + pt(w) + (r.synthetic_bold ? " bold" : "") + " " +
             run_text(r) + "\n";
    }
    for (const Rule& r : page.rules) {
      out += "  rule " + pt(r.x1) + "," + pt(r.y1) + " " + pt(r.x2) + "," + pt(r.y2) + " width " +
             pt(r.width) + "\n";
    }
    for (const Rect& r : page.rects) {
      out += "  rect " + pt(r.x) + "," + pt(r.y) + " " + pt(r.w) + "×" + pt(r.h) +
             (r.fill ? " fill" : " stroke") + "\n";
    }
    for (const CellBox& c : page.cells) {
      out += "  cell table " + std::to_string(c.table + 1) + " r" + std::to_string(c.row) + "c" +
             std::to_string(c.col) + " span " + std::to_string(c.rowspan) + "×" +
             std::to_string(c.colspan) + " at " + pt(c.x) + "," + pt(c.y) + " " + pt(c.w) + "×" +
             pt(c.h) + (c.header ? " header" : "") + (c.repeated ? " repeated" : "") + "\n";
    }
  }
  return out;
}

}  // namespace paiban::layout
