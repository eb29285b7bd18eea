// The device-independent page model: what layout produces and what the PDF writer consumes.
//
// Coordinates: origin at the top-left corner of the page, x to the right, y downwards.
// Units: layout units (LU) of 1/64 pt held in int32 (fixed point, so results are identical on
// every compiler and CPU). Font sizes are LU too. Text positions are baseline origins.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace paiban::layout {

using LU = int32_t;  // 1/64 pt
constexpr LU kLuPerPt = 64;
constexpr LU pt_to_lu(double pt) { return static_cast<LU>(pt * kLuPerPt + (pt >= 0 ? 0.5 : -0.5)); }
constexpr double lu_to_pt(LU lu) { return static_cast<double>(lu) / kLuPerPt; }

// A font used somewhere in the document: the face file and index, as the fonts layer loaded it.
struct FontResource {
  std::string path;
  int index = 0;
};

struct Glyph {
  uint32_t gid = 0;     // glyph id in the face (never 0: layout drops .notdef)
  LU advance = 0;       // horizontal advance actually used, including justification/compression
  LU natural_advance = 0;  // the font's own advance at this size (the PDF /W entry, scaled)
  LU x_offset = 0;
  LU y_offset = 0;      // upwards positive, as in fonts
  // The source text of the glyph's cluster, on the first glyph of a cluster only (ToUnicode,
  // copy/paste, search); later glyphs of a cluster have it empty.
  std::string text;
};

struct GlyphRun {
  int font = 0;  // index into PageModel::fonts
  LU size = 0;   // font size
  LU x = 0;      // baseline origin of the first glyph
  LU y = 0;
  bool synthetic_bold = false;  // embolden by stroking (when the chain had no bold face)
  std::vector<Glyph> glyphs;
};

struct Rule {
  LU x1 = 0, y1 = 0, x2 = 0, y2 = 0;
  LU width = 0;  // stroke width
};

struct Rect {
  LU x = 0, y = 0, w = 0, h = 0;
  bool fill = true;  // fill (grey 0.9) or stroke
};

// A heading, for bookmarks: the page it is on and its position.
struct Anchor {
  int level = 1;  // 1..4
  std::string title;
  LU y = 0;
};

// The box of one table cell fragment on this page (tagged PDF later; tests check glyphs against it).
struct CellBox {
  int table = 0;  // index of the table in the document (0-based, in body order)
  int row = 0, col = 0, rowspan = 1, colspan = 1;
  LU x = 0, y = 0, w = 0, h = 0;
  bool header = false;
  bool repeated = false;  // a header row or label cell drawn again on a continuation page
};

struct Page {
  LU width = 0, height = 0;
  int number = 1;  // printed page number (1-based)
  std::vector<GlyphRun> runs;
  std::vector<Rule> rules;
  std::vector<Rect> rects;
  std::vector<Anchor> anchors;
  std::vector<CellBox> cells;
};

struct DocumentInfo {
  std::string title, subject, author, keywords, language = "zh-CN";
  std::string date;  // "YYYY-MM-DD", or empty (then the render options' epoch is used)
};

struct PageModel {
  DocumentInfo info;
  std::vector<FontResource> fonts;
  std::vector<Page> pages;
};

}  // namespace paiban::layout
