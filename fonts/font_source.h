// FontSource: the one interface through which layout, the writers and the pipeline get faces.
//
// Layout reads only its arguments (layout/README.md): no code below the public API reaches for a
// process-wide font registry. The pipeline creates or is given a FontSource and passes it down;
// FontRegistry implements it with fontconfig, and tests may implement it over fonts they bring.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fonts/face.h"

namespace paiban::fonts {

// Faces by family name or by file. Implementations must be thread-safe, and the faces they hand
// out must live as long as the source. The public functions are non-virtual so that the defaults
// of their arguments are stated once (a default on a virtual function would bind statically).
class FontSource {
 public:
  virtual ~FontSource() = default;
  FontSource(const FontSource&) = delete;
  FontSource& operator=(const FontSource&) = delete;

  // The faces serving a chain of families, best first, without repeats: each family by exact
  // family name (any of the font's names, any language; ASCII case and spaces ignored);
  // families this source does not have are skipped. For bold, the bold face of the family when
  // it has one, else its regular face (the caller may embolden it). Never throws.
  FaceChain resolve(const std::vector<std::string>& families, bool bold = false) {
    return do_resolve(families, bold);
  }
  // The face serving one family, or nullptr when this source does not have it. Never throws.
  const Face* find(const std::string& family, bool bold = false) { return do_find(family, bold); }
  // The face at (path, index) — what a page model's font resource names — loaded once per source
  // and shared. Throws std::runtime_error when the file cannot be read or parsed.
  const Face* load(const std::string& path, int index) { return do_load(path, index); }
  // A face of any family this source has that maps `cp`, for a character that a role's chain
  // lacks (Hebrew and Arabic in a Chinese report): the best match by fontconfig's charset
  // matching, the bold face when asked and available; nullptr when no face has it. Never throws.
  const Face* find_for_char(char32_t cp, bool bold = false) { return do_find_for_char(cp, bold); }

 protected:
  FontSource() = default;

 private:
  virtual FaceChain do_resolve(const std::vector<std::string>& families, bool bold) = 0;
  virtual const Face* do_find(const std::string& family, bool bold) = 0;
  virtual const Face* do_load(const std::string& path, int index) = 0;
  // Sources that list no fonts beyond the families they are asked for have no fallback.
  virtual const Face* do_find_for_char(char32_t /*cp*/, bool /*bold*/) { return nullptr; }
};

// One line for `paiban fonts`: which face serves each family of a role's chain on this machine,
// e.g. "body: 仿宋_GB2312 → none; Noto Serif CJK SC → /…/NotoSerifCJK-Regular.ttc:2:Noto Serif
// CJK SC". Files are named as found, so the line is for people, not for goldens.
std::string describe_chain(FontSource& fonts, std::string_view role,
                           const std::vector<std::string>& families, bool bold = false);

}  // namespace paiban::fonts
