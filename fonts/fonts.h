// Fonts: discovery (fontconfig), faces (memory-mapped, parsed once per process), shaping
// (HarfBuzz), per-character fallback, and subsetting (hb-subset) for the PDF writer.
//
// Units: everything a Face reports is in font units (upem per em) unless said otherwise.
#pragma once

#include <hb.h>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

struct _FcConfig;  // fontconfig's FcConfig

namespace paiban::fonts {

// One face of a font file (a .ttc holds several). Owned by a FontRegistry; never null where a
// function hands one out. Thread-safe for reading.
class Face {
 public:
  Face(std::string path, int index);  // throws std::runtime_error when the file cannot be parsed
  // The same, over bytes the caller already mapped (the faces of one .ttc share one mapping).
  // Takes its own reference to `blob`.
  Face(std::string path, int index, hb_blob_t* blob);
  ~Face();
  Face(const Face&) = delete;
  Face& operator=(const Face&) = delete;

  const std::string& path() const { return path_; }
  int index() const { return index_; }
  const std::string& family() const { return family_; }  // the face's own (English) family name
  const std::string& postscript_name() const { return postscript_name_; }
  // CFF outlines (→ CIDFontType0) or TrueType (→ CIDFontType2).
  bool is_cff() const { return is_cff_; }
  int upem() const { return upem_; }
  // The OS/2 typographic ascender/descender: CJK fonts set them to the ideographic em box
  // (Noto CJK 880/−120 of 1000), which is what a CJK line grid centres, unlike the hhea values
  // (1151/−286) that include room for accents. hhea when the font has no usable OS/2 values.
  int ascender() const { return ascender_; }          // > 0
  int descender() const { return descender_; }        // < 0
  int cap_height() const { return cap_height_; }      // OS/2 sCapHeight, else the height of 'H'
  int bbox[4] = {0, 0, 0, 0};                         // head xMin yMin xMax yMax
  int italic_angle() const { return italic_angle_; }  // degrees, counter-clockwise from vertical
  unsigned glyph_count() const { return glyph_count_; }
  hb_face_t* hb_face() const { return hb_face_; }
  hb_font_t* hb_font() const { return hb_font_; }  // scale = upem, so positions are font units
  bool has_char(char32_t cp) const;                // the cmap maps cp to a glyph
  uint32_t h_advance(uint32_t gid) const;          // font units

 private:
  std::string path_;
  int index_;
  std::string family_;
  std::string postscript_name_;
  bool is_cff_ = false;
  int upem_ = 1000;
  int ascender_ = 880;
  int descender_ = -120;
  int cap_height_ = 700;
  int italic_angle_ = 0;
  unsigned glyph_count_ = 0;
  hb_blob_t* blob_ = nullptr;
  hb_face_t* hb_face_ = nullptr;
  hb_font_t* hb_font_ = nullptr;
  hb_set_t* unicodes_ = nullptr;
};

// The faces serving one chain of family names, best first, without repeats. Empty when none of
// the families exists on this machine: the caller decides what that means (layout appends free
// fallback families, so an empty chain there means no usable font at all).
struct FaceChain {
  std::vector<const Face*> faces;
};

// Finds and owns faces. resolve() asks fontconfig once per (families, bold) and caches the answer.
// All member functions are thread-safe; the faces handed out live as long as the registry.
class FontRegistry {
 public:
  // The fonts fontconfig's configuration knows (the system's and the user's).
  FontRegistry();
  // Only the font files and folders given (no system fonts): for tests that bring their own fonts.
  explicit FontRegistry(const std::vector<std::string>& font_files_and_dirs);
  ~FontRegistry();
  FontRegistry(const FontRegistry&) = delete;
  FontRegistry& operator=(const FontRegistry&) = delete;

  // Each family is looked up by exact family name (any of the font's names, any language; ASCII
  // case and spaces ignored as fontconfig does); families fontconfig does not have are skipped.
  // For bold, the bold face of the family when it has one, else its regular face (the caller may
  // embolden it).
  FaceChain resolve(const std::vector<std::string>& families, bool bold = false);
  // The face serving one family, or nullptr when this machine does not have it.
  const Face* find(const std::string& family, bool bold = false);
  // The face at (path, index), loaded once per registry and shared. Throws std::runtime_error
  // when the file cannot be parsed.
  const Face* load(const std::string& path, int index);
  // The process-wide registry used by the CLI and the pipeline.
  static FontRegistry& instance();

 private:
  const Face* find_locked(const std::string& family, bool bold);
  const Face* load_locked(const std::string& path, int index);
  void list_fonts_locked();

  // One listed face under one of its family names (folded: ASCII lower case, no spaces).
  struct Listed {
    std::string family;
    std::string file;
    int index = 0;
    int weight = 0;
    bool roman = true;
  };

  std::mutex mutex_;
  _FcConfig* config_ = nullptr;  // owned (FcConfig*); fontconfig.h stays out of this header
  std::map<std::string, hb_blob_t*> blobs_;  // one mapping per file, shared by its faces
  std::map<std::pair<std::string, int>, std::unique_ptr<Face>> faces_;
  std::map<std::pair<std::string, bool>, const Face*> families_;  // nullptr: absent
  std::map<std::string, FaceChain> chains_;
  std::vector<Listed> listed_;  // every sfnt face fontconfig knows, sorted by family
  bool listed_ready_ = false;
};

// One line for `paiban fonts`: which face serves each family of a role's chain on this machine,
// e.g. "body: 仿宋_GB2312 → none; Noto Serif CJK SC → /…/NotoSerifCJK-Regular.ttc:2:Noto Serif
// CJK SC". Files are named as found, so the line is for people, not for goldens.
std::string describe_chain(FontRegistry& registry, std::string_view role,
                           const std::vector<std::string>& families, bool bold = false);

// A glyph as HarfBuzz shaped it.
struct ShapedGlyph {
  uint32_t gid = 0;
  // Byte offset of the cluster's first character in the (whole) text given to shape().
  uint32_t cluster = 0;
  int32_t x_advance = 0;  // font units
  int32_t x_offset = 0;
  int32_t y_offset = 0;
};

// Shapes text[begin, end) with one face, LTR, language zh-Hans, script Han when the slice has a
// Han character, else guessed from the text (Latin, …), else Han; cluster level
// MONOTONE_CHARACTERS. Clusters are byte offsets into `text` (the whole string, not the slice), so
// context before/after the slice is used. Out-of-range offsets are clamped. y_offset is upwards.
std::vector<ShapedGlyph> shape(const Face& face, std::string_view text, size_t begin, size_t end);
// The same with OpenType features (e.g. 'halt' for punctuation compression).
std::vector<ShapedGlyph> shape(const Face& face, std::string_view text, size_t begin, size_t end,
                               std::span<const hb_feature_t> features);

// A stretch of text that one face serves.
struct FaceRun {
  const Face* face = nullptr;
  size_t begin = 0;  // byte offsets into the text
  size_t end = 0;
};

// A character no face of the chain has.
struct MissingChar {
  size_t offset = 0;  // byte offset in the text
  char32_t code_point = 0;
};

// Splits text into runs by face: every character goes to the first face of the chain that has
// it (combining marks, variation selectors, ZWJ and the character a ZWJ joins stay with their
// base; other default-ignorable characters stay in the surrounding run, HarfBuzz hides them).
// Characters that no face has are reported in `missing` (may be null) and stay in the surrounding
// run (they shape to .notdef; layout drops gid 0 so it never reaches a PDF). Adjacent runs of one
// face are merged; the runs cover the whole text. An empty chain gives no runs (and reports
// every character as above). Invalid UTF-8 bytes count as one character (U+FFFD) each.
std::vector<FaceRun> split_by_face(const FaceChain& chain, std::string_view text,
                                   std::vector<MissingChar>* missing);

// A subset font program for embedding.
struct SubsetFont {
  // CFF: the bare 'CFF ' table (FontFile3 /CIDFontType0C); TrueType: a whole sfnt (FontFile2).
  std::string program;
  bool cff = false;
  // Original gid → the 2-byte code written in the content stream (the CID for CFF, the new gid for
  // TrueType with /CIDToGIDMap /Identity).
  std::map<uint32_t, uint16_t> code_for_gid;
};

// Subsets a face to the given glyphs (gid 0 is always kept), dropping layout and vertical tables
// (see pdf-fonts-recipe.md). Deterministic: the same glyphs give the same bytes. Throws
// std::runtime_error on failure or when a gid is not in the face.
SubsetFont subset(const Face& face, const std::set<uint32_t>& gids);

}  // namespace paiban::fonts
