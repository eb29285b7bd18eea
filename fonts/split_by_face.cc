// split_by_face: per-character font fallback over a chain of faces.
#include <vector>

#include "fonts_utf8.h"
#include "shaping.h"

namespace paiban::fonts {

namespace {

constexpr char32_t kZwj = 0x200D;

// Default_Ignorable_Code_Point (Unicode DerivedCoreProperties): HarfBuzz draws these as nothing,
// so no face needs them and none is reported missing for lacking them.
bool is_default_ignorable(char32_t cp) {
  return cp == 0x00AD || cp == 0x034F || cp == 0x061C || (cp >= 0x115F && cp <= 0x1160) ||
         (cp >= 0x17B4 && cp <= 0x17B5) || (cp >= 0x180B && cp <= 0x180F) ||
         (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2060 && cp <= 0x206F) || cp == 0x3164 || (cp >= 0xFE00 && cp <= 0xFE0F) ||
         cp == 0xFEFF || cp == 0xFFA0 || (cp >= 0xFFF0 && cp <= 0xFFF8) ||
         (cp >= 0x1BCA0 && cp <= 0x1BCA3) || (cp >= 0x1D173 && cp <= 0x1D17A) ||
         (cp >= 0xE0000 && cp <= 0xE0FFF);
}

// Characters that belong to the character before them: splitting them off would shape the mark,
// the variation selector (U+FE0x, ideographic variation sequences U+E01xx), the emoji modifier or
// the tag without its base.
bool extends_previous(char32_t cp) {
  switch (hb_unicode_general_category(hb_unicode_funcs_get_default(), cp)) {
    case HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK:
    case HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK:
    case HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK:
      return true;
    default:
      break;
  }
  return cp == kZwj || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF) ||
         (cp >= 0x1F3FB && cp <= 0x1F3FF) || (cp >= 0xE0020 && cp <= 0xE007F);
}

struct Item {
  size_t offset = 0;
  int face = -1;  // index into the chain; -1: takes the face of the run around it
};

}  // namespace

std::vector<FaceRun> split_by_face(const FaceChain& chain, std::string_view text,
                                   std::vector<MissingChar>* missing, const FaceChain* latin) {
  // The Latin faces come after the chain's, so indices into the chain stay as they are.
  std::vector<const Face*> faces = chain.faces;
  const size_t latin_first = faces.size();
  if (latin != nullptr) faces.insert(faces.end(), latin->faces.begin(), latin->faces.end());
  std::vector<Item> items;
  bool joined = false;  // the previous character was a ZWJ: this one belongs to the sequence
  for (size_t offset = 0; offset < text.size();) {
    Utf8Char c = decode_utf8(text, offset);
    Item item{offset, -1};
    if (!items.empty() && (joined || extends_previous(c.code_point))) {
      item.face = items.back().face;
    } else if (is_default_ignorable(c.code_point)) {
      item.face = -1;
    } else {
      if (is_latin_char(c.code_point)) {
        for (size_t f = latin_first; f < faces.size(); ++f) {
          if (faces[f]->has_char(c.code_point)) {
            item.face = static_cast<int>(f);
            break;
          }
        }
      }
      for (size_t f = 0; item.face < 0 && f < chain.faces.size(); ++f) {
        if (chain.faces[f]->has_char(c.code_point)) {
          item.face = static_cast<int>(f);
          break;
        }
      }
      if (item.face < 0 && missing != nullptr) missing->push_back({offset, c.code_point});
    }
    joined = c.code_point == kZwj;
    items.push_back(item);
    offset += c.length;
  }

  // Characters without a face of their own join the run before them; at the start of the text,
  // the run after them.
  int first = -1;
  for (const Item& item : items) {
    if (item.face >= 0) {
      first = item.face;
      break;
    }
  }
  if (first < 0) {
    if (chain.faces.empty()) return {};
    first = 0;
  }
  int current = first;
  std::vector<FaceRun> runs;
  for (const Item& item : items) {
    if (item.face >= 0) current = item.face;
    const Face* face = faces[static_cast<size_t>(current)];
    if (!runs.empty() && runs.back().face == face) continue;
    if (!runs.empty()) runs.back().end = item.offset;
    runs.push_back({face, item.offset, text.size()});
  }
  return runs;
}

}  // namespace paiban::fonts
