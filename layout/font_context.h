// The fonts a document uses: role chains resolved once per (role, bold) from the style, and
// the document's font resources (one entry per face, in first-use order, for the page model).
#pragma once

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "fonts/face.h"
#include "fonts/font_source.h"
#include "layout/page_model.h"
#include "styles/style.h"

namespace paiban::layout {

struct ResolvedChain {
  fonts::FaceChain chain;
  fonts::FaceChain latin;  // consulted first for fonts::is_latin_char characters
  // Faces that serve bold with their regular design (the family has no bold face): layout
  // emboldens them, unless the role's designs are heavy already (FontChain::heavy).
  std::set<const fonts::Face*> synthetic_bold;
  bool is_synthetic_bold(const fonts::Face* face) const { return synthetic_bold.count(face) > 0; }
};

// What served a role: the face of its chain's first family (the office font), or a stand-in.
struct RoleFace {
  FontRole role = FontRole::kFang;
  std::string office;               // the chain's first family ("" when the chain is empty)
  const fonts::Face* face = nullptr;  // the chain's first installed face; null: none
  bool stand_in = false;            // face does not serve the first family
};

class FontContext {
 public:
  FontContext(fonts::FontSource& fonts, const styles::Style& style)
      : fonts_(fonts), style_(style) {}

  const ResolvedChain& chain(FontRole role, bool bold);
  // A face outside the role's chain that has `cp` (fonts::FontSource::find_for_char), appended
  // to the chain of (role, bold) so that later text finds it there; null when no font has it.
  const fonts::Face* add_fallback(FontRole role, bool bold, char32_t cp);
  // Whether `cp` is reported missing for the first time in this document (a character no font
  // has is reported once, not at every occurrence).
  bool first_report_of_missing(char32_t cp) { return reported_missing_.insert(cp).second; }
  // The roles whose chains were asked for so far, with the face serving each (regular).
  std::vector<RoleFace> used_roles();
  // Index of the face in resources(), adding it on first use.
  int resource_index(const fonts::Face* face);
  const std::vector<FontResource>& resources() const { return resources_; }
  // The face of resource `index` (null when out of range): glyph extents for placing by ink.
  const fonts::Face* face_at(int index) const;

 private:
  fonts::FontSource& fonts_;
  const styles::Style& style_;
  std::map<std::pair<FontRole, bool>, ResolvedChain> chains_;
  std::set<char32_t> reported_missing_;
  std::map<const fonts::Face*, int> indices_;
  std::vector<const fonts::Face*> faces_;  // parallel to resources_
  std::vector<FontResource> resources_;
};

// A role's families as layout resolves them: the style's chain, then the free fonts the setup
// installs (so text is never lost to a style that names only office fonts).
std::vector<std::string> role_families(const styles::Style& style, FontRole role);

}  // namespace paiban::layout
