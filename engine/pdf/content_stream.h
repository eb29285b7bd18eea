// Page content streams: the page model's paths, images and glyph runs as PDF operators.
//
// Coordinates: the page model has its origin at the top-left with y down, in 1/64 pt; PDF user
// space has its origin at the bottom-left with y up, in points. Every conversion happens here.
// Pure functions (no PoDoFo), so tests compare exact operator strings.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "page/page_model.h"

namespace paiban::pdf {

// What the content stream needs about one embedded font.
struct ContentFont {
  std::string resource_name;                     // the page resource name, e.g. "F0"
  std::map<uint32_t, uint16_t> code_for_gid;     // original gid → 2-byte code (Identity-H)
  std::map<uint32_t, int> width_for_gid;         // the font's /W value, 1/1000 em
  std::map<uint32_t, std::string> text_for_gid;  // what the font's ToUnicode says
};

// Synthetic bold: text render mode 2 (fill, then stroke) with a stroke this fraction of the font
// size wide, i.e. stems grow by 3% of an em, about what a bold face adds to a regular one.
constexpr double kSyntheticBoldStroke = 0.03;

// The names under which a page's resources other than fonts are known.
struct ContentResources {
  std::vector<std::string> image_names;           // per PageModel::images, e.g. "Im0"
  std::map<std::string, std::string> spot_names;  // spot colour name → colour space, e.g. "CS0"
  // PageModel::colors, which GlyphRun::color indexes ([0] black).
  std::vector<page::Color> colors = {page::Color::black()};
};

// The colour operator for `color` as fill (`stroke` false: g, rg, k, or cs + scn) or stroke
// colour (G, RG, K, or CS + SCN), with its trailing newline. A spot colour whose name is not in
// `spot_names` falls back to its CMYK alternate.
std::string color_operator(const page::Color& color, bool stroke,
                           const std::map<std::string, std::string>& spot_names);

// The paths of a page inside one q … Q: each path's stroke and fill state (cap, width, dash,
// colours) is set only when it differs from the previous one (the initial state is PDF's:
// butt caps, solid, black), then its segments and the paint operator (S, f or B).
void append_paths(std::string& out, const std::vector<page::Path>& paths, page::LU page_height,
                  const std::map<std::string, std::string>& spot_names);

// Appends one glyph run: BT, Tf, Tm at the run's baseline origin, then TJ arrays whose
// adjustments make each glyph land where the model put it: the model's `advance` (justification,
// compression) is honoured against the font's /W width, x_offset shifts a single glyph, and
// y_offset becomes a text rise (Ts). Clusters that need /ActualText are wrapped in a marked-
// content span. Glyphs with gid 0 or without a code are skipped (their advance still counts).
// The run's colour is set by the caller (see build_page_content); a synthetic bold run's own
// q … Q gets `bold_colors` (colour operators) right after its stroke width.
void append_glyph_run(std::string& out, const page::GlyphRun& run, page::LU page_height,
                      const ContentFont& font, const std::string& bold_colors = "");

// Tagged PDF (ISO 32000-1 §14.7–14.8): the structure tree of the model, and per page the
// element of each marked-content identifier (MCID) the content stream assigned, in order.
struct PageTags {
  const std::vector<page::StructElement>* structure = nullptr;
  std::vector<int> mcid_element;  // MCID → index into *structure
};

// The standard structure type of an element ("H1", "P", "TD", …; "Title" is role-mapped).
std::string structure_type(const page::StructElement& element);

// The whole content stream of a page, in the model's painting order: paths, images below the
// text, glyph runs (each in its colour; black, PDF's initial colour, is never set), images above
// the text. `fonts` is indexed by PageModel::fonts; runs whose font is null or out of range, or
// whose colour is not in `resources.colors`, are skipped, as are images without a name. With
// `tags`, each item that names a structure element is a marked-content sequence with the next MCID
// (recorded in `tags`), and artifacts are wrapped in /Artifact.
std::string build_page_content(const page::Page& page, const std::vector<const ContentFont*>& fonts,
                               const ContentResources& resources = {}, PageTags* tags = nullptr);

}  // namespace paiban::pdf
