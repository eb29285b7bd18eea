// The device-independent page model: what layout produces and what every fixed-layout writer
// (today the PDF writer) consumes. A writer maps what is here and decides nothing of its own: no
// colour, no line width, no position.
//
// Coordinates: origin at the top-left corner of each page, x to the right, y downwards.
// Units: layout units (LU) of 1/64 pt held in int32 (fixed point, so results are identical on
// every compiler and CPU). Font sizes are LU too. Text positions are baseline origins.
// Ownership: the model owns everything it holds by value; items refer to each other by index
// (fonts, images, structure elements), never by pointer, so a model can be copied and moved.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "page/color.h"
#include "page/image.h"

namespace paiban::page {

using LU = int32_t;  // 1/64 pt
constexpr LU kLuPerPt = 64;
constexpr LU pt_to_lu(double pt) { return static_cast<LU>(pt * kLuPerPt + (pt >= 0 ? 0.5 : -0.5)); }
constexpr double lu_to_pt(LU lu) { return static_cast<double>(lu) / kLuPerPt; }

// No structure element: the item is an artifact (page numbers, table rules, decoration), which a
// tagged PDF marks as /Artifact and screen readers skip.
constexpr int kArtifact = -1;

// A font used somewhere in the document: the face file and index, as the fonts layer loaded it.
struct FontResource {
  std::string path;
  int index = 0;
};

// A glyph is a small value (no heap storage of its own): a long table's pages hold millions of
// them, so its cluster text lives once in its run (`GlyphRun::text`) and the glyph holds a byte
// range of it (issue #11: memory linear in rows, and small per row).
struct Glyph {
  uint32_t gid = 0;        // glyph id in the face (never 0: layout drops .notdef)
  LU advance = 0;          // horizontal advance actually used, including justification/compression
  LU natural_advance = 0;  // the font's own advance at this size (the PDF /W entry, scaled)
  LU x_offset = 0;
  LU y_offset = 0;  // upwards positive, as in fonts
  // The source text of the glyph's cluster (ToUnicode, copy/paste, search), as bytes
  // [text_begin, text_begin + text_length) of its run's `text`, on the first glyph of a cluster
  // only; later glyphs of a cluster have text_length 0. Read it with GlyphRun::text_of.
  uint32_t text_begin = 0;
  uint32_t text_length = 0;
};

struct GlyphRun {
  int font = 0;  // index into PageModel::fonts
  LU size = 0;   // font size
  LU x = 0;      // baseline origin of the first glyph
  LU y = 0;
  bool synthetic_bold = false;   // embolden by stroking (when the chain had no bold face)
  // Turned a quarter clockwise about (x, y): the glyphs advance down the page, their tops to the
  // right (a landscape page's number, set where the portrait sheet has it, GB/T 9704 §8).
  bool quarter_turn = false;
  // Fill colour of the glyphs (and of the bold stroke): an index into PageModel::colors, whose
  // entry 0 is black. An index, not a Color (80 bytes with its spot name), since a long table's
  // pages hold hundreds of thousands of runs in a handful of colours.
  int color = 0;
  // Horizontal scaling of the glyph shapes in 1/1000 (1000 = none; 700 = compressed to 70 %), as
  // a masthead long for one line is set (GB/T 9704 §7.2.4). The advances above are already the
  // scaled ones; a writer scales the outlines only.
  int32_t horizontal_scale = 1000;
  int structure = kArtifact;     // index into PageModel::structure, or kArtifact
  // The cluster texts of the glyphs, each held once (UTF-8); glyphs name their part by range.
  std::string text;
  std::vector<Glyph> glyphs;

  // The source text of `g`'s cluster (empty for a later glyph of a cluster). A range outside
  // `text` reads as empty: the model is plain data and a writer never trusts it blindly.
  std::string_view text_of(const Glyph& g) const {
    if (g.text_begin > text.size() || g.text_length > text.size() - g.text_begin) return {};
    return std::string_view(text).substr(g.text_begin, g.text_length);
  }
  // Appends `g` with its cluster text `cluster_text` (empty: a later glyph of a cluster).
  void add_glyph(Glyph g, std::string_view cluster_text) {
    g.text_begin = static_cast<uint32_t>(text.size());
    g.text_length = static_cast<uint32_t>(cluster_text.size());
    text.append(cluster_text);
    glyphs.push_back(g);
  }
};

// One segment of a path outline. Points are page coordinates (LU, origin top-left, y down).
struct PathSegment {
  enum class Op { kMove, kLine, kClose } op = Op::kMove;
  LU x = 0, y = 0;  // unused for kClose
};

// How the ends of an open stroked subpath are drawn (PDF/PostScript line caps).
enum class LineCap { kButt, kRound, kSquare };

// A dash pattern: lengths of alternating dashes and gaps (LU), starting `phase` into it. Empty
// `pattern`: a solid line.
struct Dash {
  std::vector<LU> pattern;
  LU phase = 0;
};

// A filled and/or stroked outline: table rules, boxes, shaded backgrounds, double rules (two
// paths). A path with neither `fill` nor `stroke` draws nothing.
struct Path {
  std::vector<PathSegment> segments;
  bool fill = false;  // fill the inside (non-zero winding rule)
  bool stroke = false;
  Color fill_color = Color::black();
  Color stroke_color = Color::black();
  LU stroke_width = 0;  // LU; 0 is the thinnest line the device can draw
  LineCap cap = LineCap::kButt;
  Dash dash;
  int structure = kArtifact;

  Path& move_to(LU x, LU y) {
    segments.push_back({PathSegment::Op::kMove, x, y});
    return *this;
  }
  Path& line_to(LU x, LU y) {
    segments.push_back({PathSegment::Op::kLine, x, y});
    return *this;
  }
  Path& close() {
    segments.push_back({PathSegment::Op::kClose, 0, 0});
    return *this;
  }
};

// A stroked straight line from (x1, y1) to (x2, y2): a table rule.
Path line_path(LU x1, LU y1, LU x2, LU y2, LU width, const Color& color,
               LineCap cap = LineCap::kButt);

// A closed rectangle, top-left corner (x, y), size w × h; the caller sets fill and/or stroke.
Path rect_path(LU x, LU y, LU w, LU h);

// A double rule (e.g. the 红线 under a masthead, GB/T 9704 §7.2.4, or an accounting total): two
// parallel strokes along (x1, y1)–(x2, y2), each `width` wide, `gap` apart edge to edge, centred on
// the given line. Only horizontal and vertical lines are offset exactly; others are treated as
// horizontal.
std::array<Path, 2> double_rule(LU x1, LU y1, LU x2, LU y2, LU width, LU gap, const Color& color);

// An image placed on a page: the resource and the box it is scaled into (top-left corner, size).
struct PlacedImage {
  int image = 0;  // index into PageModel::images
  LU x = 0, y = 0, w = 0, h = 0;
  // Drawn after the text (a seal over a signature: its transparency lets the text show) or
  // before it (a background, a masthead).
  bool above_text = true;
  int structure = kArtifact;  // a figure element, or an artifact (a seal, a logo)
};

// A clickable area: a rectangle (top-left corner, size) that opens a URI or goes to a place in
// the document. Exactly one of `uri` (non-empty) or `dest_page` (>= 0) is set.
struct Link {
  LU x = 0, y = 0, w = 0, h = 0;
  std::string uri;
  int dest_page = -1;  // 0-based index into PageModel::pages
  LU dest_y = 0;       // top of the destination view on that page (page coordinates)
};

// A heading, for bookmarks: the page it is on and its position.
struct Anchor {
  int level = 1;  // 1..4
  std::string title;
  LU y = 0;
};

// The box of one table cell fragment on this page (tests check glyphs against it; the structure
// tree holds the cell itself).
struct CellBox {
  int table = 0;  // index of the table in the document (0-based, in body order)
  int row = 0, col = 0, rowspan = 1, colspan = 1;
  LU x = 0, y = 0, w = 0, h = 0;
  bool header = false;
  bool repeated = false;  // a header row or label cell drawn again on a continuation page
};

enum class Orientation { kPortrait, kLandscape };

struct Page {
  // The page's own size as it is displayed (a landscape page is wider than tall); pages of one
  // document may differ. `orientation` must agree with it: kLandscape exactly when width > height.
  LU width = 0, height = 0;
  Orientation orientation = Orientation::kPortrait;
  int number = 1;  // printed page number (1-based)
  // Painting order: paths, images below the text, glyph runs, images above the text; each list
  // in its own order.
  std::vector<Path> paths;
  std::vector<PlacedImage> images;
  std::vector<GlyphRun> runs;
  std::vector<Link> links;
  std::vector<Anchor> anchors;
  std::vector<CellBox> cells;
};

// The logical structure of the document (tagged PDF, ISO 32000-1 §14.8): a tree whose leaves are
// the glyph runs, paths and images that refer to an element by index.
enum class StructRole {
  kDocument,  // the root (index 0)
  kTitle,     // the document title lines
  kHeading,   // H1..H4 by `level`
  kParagraph,
  kTable,
  kTableHead,  // the header rows of a table
  kTableBody,
  kTableRow,
  kTableCell,  // TH when `header`, else TD
  kCaption,    // a table's caption
  kFigure,     // an image that carries meaning (`alt` is its text)
};

struct StructElement {
  StructRole role = StructRole::kParagraph;
  int parent = -1;            // index into PageModel::structure; -1 only for the root
  std::vector<int> children;  // in reading order
  int level = 0;              // kHeading: 1..4
  // kTableCell: the cell's grid position and spans; `header` for header cells (TH).
  int row = 0, col = 0, rowspan = 1, colspan = 1;
  bool header = false;
  std::string alt;  // kFigure: alternate text
};

struct DocumentInfo {
  std::string title, subject, author, keywords, language = "zh-CN";
  std::string date;  // "YYYY-MM-DD", or empty (then the render options' epoch is used)
};

struct PageModel {
  DocumentInfo info;
  std::vector<FontResource> fonts;
  // The colours glyph runs are painted in (GlyphRun::color indexes it): [0] is black, so a run
  // that names no colour is black; add_color appends the others.
  std::vector<Color> colors = {Color::black()};
  std::vector<ImageResource> images;  // placed by index; each written once however often placed
  std::vector<Page> pages;
  std::vector<StructElement> structure;  // empty, or [0] is the kDocument root

  // Decodes `bytes` (PNG or JPEG) and returns its index in `images`; identical bytes give the
  // index of the image already there. On failure returns -1 and sets `*error` (if given).
  int add_image(std::string_view bytes, std::string* error = nullptr);

  // The index of `color` in `colors`, appended when not there yet (a document has few colours:
  // the search is short).
  int add_color(const Color& color);

  // Appends a structure element under `parent` (creating the document root first when the tree
  // is empty and `parent` is -1 or 0) and returns its index.
  int add_structure(StructRole role, int parent = 0);
};

}  // namespace paiban::page
