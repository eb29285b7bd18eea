// Face: one face of a font file, memory-mapped, with the metadata the PDF writer needs.
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_FONT_FORMATS_H
#include FT_TRUETYPE_TABLES_H

#include <hb-ot.h>

#include <cstring>
#include <stdexcept>

#include "face.h"
#include "freetype_util.h"

namespace paiban::fonts {

namespace {

std::runtime_error load_error(const std::string& path, int index, const char* why) {
  return std::runtime_error("cannot load font " + path + ":" + std::to_string(index) + ": " + why);
}

}  // namespace

Face::Face(std::string path, int index) : Face(path, index, nullptr) {}

Face::Face(std::string path, int index, hb_blob_t* blob) : path_(std::move(path)), index_(index) {
  if (index < 0) throw load_error(path_, index, "negative face index");
  // hb_blob_create_from_file_or_fail maps the file read-only: a 20 MB .ttc costs address space,
  // not memory, and the pages are shared with every other process using the font.
  blob_ =
      blob != nullptr ? hb_blob_reference(blob) : hb_blob_create_from_file_or_fail(path_.c_str());
  if (blob_ == nullptr) throw load_error(path_, index, "cannot read the file");
  // From here on the destructor does not run if we throw, so release through a guard.
  struct Release {
    Face* face;
    ~Release() {
      if (face == nullptr) return;
      hb_font_destroy(face->hb_font_);
      hb_face_destroy(face->hb_face_);
      hb_blob_destroy(face->blob_);
    }
  } guard{this};

  unsigned face_count = hb_face_count(blob_);
  if (static_cast<unsigned>(index) >= face_count) {
    throw load_error(path_, index, "no such face in the file");
  }
  hb_face_ = hb_face_create(blob_, static_cast<unsigned>(index));
  hb_face_make_immutable(hb_face_);
  glyph_count_ = hb_face_get_glyph_count(hb_face_);
  if (glyph_count_ == 0) throw load_error(path_, index, "not an OpenType/TrueType face");
  upem_ = static_cast<int>(hb_face_get_upem(hb_face_));

  hb_font_ = hb_font_create(hb_face_);
  hb_font_set_scale(hb_font_, upem_, upem_);
  hb_font_make_immutable(hb_font_);

  guard.face = nullptr;
}

const Face::Metadata& Face::metadata() const {
  std::call_once(metadata_once_, [this] { read_metadata(); });
  return metadata_;
}

void Face::read_metadata() const {
  Metadata m;
  // FreeType reads the metadata from the same mapped bytes; its face is not kept, because FreeType
  // faces are not thread-safe and HarfBuzz serves everything after loading.
  FtLibrary library;
  FtFace ft(library, hb_blob_get_data(blob_, nullptr), hb_blob_get_length(blob_), index_);
  if (!ft) {
    // HarfBuzz read the face but FreeType cannot: keep the documented defaults rather than fail
    // in a getter (subsetting a CFF program then reports the face).
    hb_blob_t* cff = hb_face_reference_table(hb_face_, HB_TAG('C', 'F', 'F', ' '));
    m.is_cff = hb_blob_get_length(cff) > 0;
    hb_blob_destroy(cff);
    m.ascender = upem_ * 88 / 100;
    m.descender = -(upem_ * 12 / 100);
    m.postscript_name = "Font" + std::to_string(index_);
    metadata_ = std::move(m);
    return;
  }
  FT_Face f = ft.get();
  const char* format = FT_Get_Font_Format(f);
  m.is_cff = format != nullptr && std::strcmp(format, "CFF") == 0;
  if (f->family_name != nullptr) m.family = f->family_name;
  if (const char* ps = FT_Get_Postscript_Name(f)) m.postscript_name = ps;
  m.bbox[0] = static_cast<int>(f->bbox.xMin);
  m.bbox[1] = static_cast<int>(f->bbox.yMin);
  m.bbox[2] = static_cast<int>(f->bbox.xMax);
  m.bbox[3] = static_cast<int>(f->bbox.yMax);
  m.ascender = f->ascender;
  m.descender = f->descender;
  const auto* os2 = static_cast<const TT_OS2*>(FT_Get_Sfnt_Table(f, FT_SFNT_OS2));
  if (os2 != nullptr && os2->version != 0xFFFF && os2->sTypoAscender > 0 &&
      os2->sTypoDescender < 0) {
    m.ascender = os2->sTypoAscender;
    m.descender = os2->sTypoDescender;
  }
  // Keep the documented signs even for fonts with odd values: the PDF writer and layout rely on
  // them.
  if (m.ascender <= 0) m.ascender = upem_ * 88 / 100;
  if (m.descender >= 0) m.descender = -(upem_ * 12 / 100);
  if (os2 != nullptr && os2->version != 0xFFFF && os2->version >= 2 && os2->sCapHeight > 0) {
    m.cap_height = os2->sCapHeight;
  } else {
    // HarfBuzz falls back to the top of 'H', else 0.8 em.
    hb_position_t cap = 0;
    hb_ot_metrics_get_position_with_fallback(hb_font_, HB_OT_METRICS_TAG_CAP_HEIGHT, &cap);
    m.cap_height = cap > 0 ? cap : m.ascender;
  }
  const auto* post = static_cast<const TT_Postscript*>(FT_Get_Sfnt_Table(f, FT_SFNT_POST));
  if (post != nullptr) {
    // 16.16 fixed point, rounded to whole degrees (the PDF writer prints an integer).
    m.italic_angle = static_cast<int>((post->italicAngle + 0x8000) >> 16);
  }
  if (m.postscript_name.empty()) {
    // PDF needs a /BaseFont; fonts without a name ID 6 are rare and get a readable stand-in.
    for (char c : m.family) {
      if (c != ' ') m.postscript_name += c;
    }
    if (m.postscript_name.empty()) m.postscript_name = "Font" + std::to_string(index_);
  }
  metadata_ = std::move(m);
}

namespace {

// The tables of the face in user_data, except 'cmap' (see Face::cff_subset_source).
hb_blob_t* table_without_cmap(hb_face_t*, hb_tag_t tag, void* user_data) {
  if (tag == HB_TAG('c', 'm', 'a', 'p')) return hb_blob_get_empty();
  return hb_face_reference_table(static_cast<hb_face_t*>(user_data), tag);
}

}  // namespace

hb_face_t* Face::cff_subset_source() const {
  std::call_once(view_once_, [this] {
    view_ = hb_face_create_for_tables(table_without_cmap, hb_face_, nullptr);
    hb_face_set_upem(view_, static_cast<unsigned>(upem_));
    hb_face_set_glyph_count(view_, glyph_count_);
    hb_face_make_immutable(view_);
  });
  return view_;
}

Face::~Face() {
  hb_face_destroy(view_);
  hb_font_destroy(hb_font_);
  hb_face_destroy(hb_face_);
  hb_blob_destroy(blob_);
}

// Asks the cmap for the one character rather than collecting the whole map when the face is
// opened: a CJK face maps ≈ 45,000 characters, and a render asks about a few hundred. HarfBuzz's
// lookups on an immutable font are thread-safe.
bool Face::has_char(char32_t cp) const {
  hb_codepoint_t glyph = 0;
  return hb_font_get_nominal_glyph(hb_font_, cp, &glyph) != 0;
}

uint32_t Face::h_advance(uint32_t gid) const {
  hb_position_t advance = hb_font_get_glyph_h_advance(hb_font_, gid);
  return advance > 0 ? static_cast<uint32_t>(advance) : 0;
}

}  // namespace paiban::fonts
