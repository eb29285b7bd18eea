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
#include <string>
#include <string_view>
#include <vector>

namespace paiban::fonts {

// One face of a font file (a .ttc holds several). Owned by a FontRegistry; never null where a
// function hands one out. Thread-safe for reading.
class Face {
 public:
  Face(std::string path, int index);  // throws std::runtime_error when the file cannot be parsed
  ~Face();
  Face(const Face&) = delete;
  Face& operator=(const Face&) = delete;

  const std::string& path() const { return path_; }
  int index() const { return index_; }
  const std::string& family() const { return family_; }
  const std::string& postscript_name() const { return postscript_name_; }
  bool is_cff() const { return is_cff_; }  // CFF outlines (→ CIDFontType0) or TrueType (→ CIDFontType2)
  int upem() const { return upem_; }
  int ascender() const { return ascender_; }    // > 0
  int descender() const { return descender_; }  // < 0
  int cap_height() const { return cap_height_; }
  int bbox[4] = {0, 0, 0, 0};                  // xMin yMin xMax yMax
  int italic_angle() const { return 0; }
  hb_face_t* hb_face() const { return hb_face_; }
  hb_font_t* hb_font() const { return hb_font_; }  // scale = upem, so positions are font units
  bool has_char(char32_t cp) const;
  uint32_t h_advance(uint32_t gid) const;  // font units

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
  hb_blob_t* blob_ = nullptr;
  hb_face_t* hb_face_ = nullptr;
  hb_font_t* hb_font_ = nullptr;
  hb_set_t* unicodes_ = nullptr;
};

// The faces serving one chain of family names, best first. Never empty once resolved (a registry
// with no font at all reports that as an error where it is built).
struct FaceChain {
  std::vector<const Face*> faces;
};

// Finds and owns faces. resolve() asks fontconfig once per (families, bold) and caches the answer.
class FontRegistry {
 public:
  FontRegistry();
  ~FontRegistry();
  // Each family is looked up by exact family name (any language); families fontconfig does not
  // have are skipped. For bold, a bold face of the family is preferred.
  FaceChain resolve(const std::vector<std::string>& families, bool bold = false);
  // The face at (path, index), loaded once per process and shared.
  const Face* load(const std::string& path, int index);
  // The process-wide registry used by the CLI and the pipeline.
  static FontRegistry& instance();

 private:
  std::mutex mutex_;
  std::map<std::pair<std::string, int>, std::unique_ptr<Face>> faces_;
  std::map<std::string, FaceChain> chains_;
};

// A glyph as HarfBuzz shaped it.
struct ShapedGlyph {
  uint32_t gid = 0;
  uint32_t cluster = 0;  // byte offset of the cluster's first character in the text given to shape()
  int32_t x_advance = 0;  // font units
  int32_t x_offset = 0;
  int32_t y_offset = 0;
};

// Shapes text[begin, end) with one face, LTR, language zh-Hans, script guessed from the text
// (Han unless the run is Latin), cluster level MONOTONE_CHARACTERS. Clusters are byte offsets
// into `text` (the whole string, not the slice), so context before/after the slice is used.
std::vector<ShapedGlyph> shape(const Face& face, std::string_view text, size_t begin, size_t end);

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
// it (combining marks and variation selectors stay with their base). Characters that no face has
// are reported in `missing` and stay in the surrounding run (they shape to .notdef; layout drops
// gid 0 so it never reaches a PDF).
std::vector<FaceRun> split_by_face(const FaceChain& chain, std::string_view text,
                                   std::vector<MissingChar>* missing);

// A subset font program for embedding.
struct SubsetFont {
  std::string program;  // CFF: the bare 'CFF ' table (FontFile3/CIDFontType0C); TrueType: a whole sfnt (FontFile2)
  bool cff = false;
  // Original gid → the 2-byte code written in the content stream (the CID for CFF, the new gid for
  // TrueType with /CIDToGIDMap /Identity).
  std::map<uint32_t, uint16_t> code_for_gid;
};

// Subsets a face to the given glyphs (gid 0 is always kept). Throws std::runtime_error on failure.
SubsetFont subset(const Face& face, const std::set<uint32_t>& gids);

}  // namespace paiban::fonts
