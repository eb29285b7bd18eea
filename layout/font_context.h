// The fonts a document uses: role chains resolved once per (role, bold) from the style, and
// the document's font resources (one entry per face, in first-use order, for the page model).
#pragma once

#include <map>
#include <utility>
#include <vector>

#include "fonts/face.h"
#include "fonts/font_source.h"
#include "layout/page_model.h"
#include "styles/style.h"

namespace paiban::layout {

struct ResolvedChain {
  fonts::FaceChain chain;
  bool synthetic_bold = false;  // bold asked for, but the chain has no bold face: embolden
};

class FontContext {
 public:
  FontContext(fonts::FontSource& fonts, const styles::Style& style)
      : fonts_(fonts), style_(style) {}

  const ResolvedChain& chain(FontRole role, bool bold);
  // Index of the face in resources(), adding it on first use.
  int resource_index(const fonts::Face* face);
  const std::vector<FontResource>& resources() const { return resources_; }

 private:
  fonts::FontSource& fonts_;
  const styles::Style& style_;
  std::map<std::pair<FontRole, bool>, ResolvedChain> chains_;
  std::map<const fonts::Face*, int> indices_;
  std::vector<FontResource> resources_;
};

}  // namespace paiban::layout
