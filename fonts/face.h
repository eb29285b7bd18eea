// A face of a font file and the faces serving a chain of family names.
//
// Units: everything a Face reports is in font units (upem per em) unless said otherwise.
#pragma once

#include <hb.h>

#include <cstdint>
#include <string>
#include <vector>

namespace paiban::fonts {

// One face of a font file (a .ttc holds several). Owned by a FontSource; never null where a
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
};

// The faces serving one chain of family names, best first, without repeats. Empty when none of
// the families exists on this machine: the caller decides what that means (layout appends free
// fallback families, so an empty chain there means no usable font at all).
struct FaceChain {
  std::vector<const Face*> faces;
};

}  // namespace paiban::fonts
