// Face: one face of a font file, memory-mapped, with the metadata the PDF writer needs.
#include <hb-ot.h>

#include <atomic>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "face.h"

namespace paiban::fonts {

namespace {

std::runtime_error load_error(const std::string& path, int index, const char* why) {
  return std::runtime_error("cannot load font " + path + ":" + std::to_string(index) + ": " + why);
}

uint64_t next_serial() {
  static std::atomic<uint64_t> counter{0};
  return counter.fetch_add(1, std::memory_order_relaxed) + 1;
}

}  // namespace

Face::Face(std::string path, int index) : Face(path, index, nullptr) {}

Face::Face(std::string path, int index, hb_blob_t* blob)
    : path_(std::move(path)), index_(index), serial_(next_serial()) {
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

namespace {

// One table of a face, read big-endian at fixed offsets (OpenType spec, "head", "hhea", "OS/2",
// "post"): HarfBuzz has no getter for the head bbox or for the OS/2 values as they stand in the
// table (its metrics API applies its own preferences), and these few fields are what FreeType
// reported.
class Table {
 public:
  Table(hb_face_t* face, hb_tag_t tag) : blob_(hb_face_reference_table(face, tag)) {
    data_ = reinterpret_cast<const unsigned char*>(hb_blob_get_data(blob_, &length_));
  }
  ~Table() { hb_blob_destroy(blob_); }
  Table(const Table&) = delete;
  Table& operator=(const Table&) = delete;
  bool empty() const { return length_ == 0; }
  bool has(unsigned offset, unsigned size) const {
    return data_ != nullptr && offset + size <= length_;
  }
  unsigned u16(unsigned offset) const { return (data_[offset] << 8) | data_[offset + 1]; }
  int s16(unsigned offset) const { return static_cast<int16_t>(u16(offset)); }
  int32_t s32(unsigned offset) const {
    return static_cast<int32_t>((uint32_t{u16(offset)} << 16) | u16(offset + 2));
  }

 private:
  hb_blob_t* blob_;
  const unsigned char* data_ = nullptr;
  unsigned length_ = 0;
};

// A name table entry in English (Windows or Mac platform), as UTF-8; empty when absent.
std::string english_name(hb_face_t* face, hb_ot_name_id_t id) {
  const hb_language_t english = hb_language_from_string("en", -1);
  unsigned size = hb_ot_name_get_utf8(face, id, english, nullptr, nullptr);
  if (size == 0) return "";
  std::string text(size + 1, '\0');
  size = static_cast<unsigned>(text.size());
  hb_ot_name_get_utf8(face, id, english, &size, text.data());
  text.resize(size);
  return text;
}

}  // namespace

// From the face's own tables through HarfBuzz, with the values FreeType gave (checked on every
// face installed here): opening a CJK CFF face in FreeType parses its whole charset, 2 ms for
// Noto Serif CJK, only to read these fields.
void Face::read_metadata() const {
  Metadata m;
  m.is_cff = !Table(hb_face_, HB_TAG('C', 'F', 'F', ' ')).empty() ||
             !Table(hb_face_, HB_TAG('C', 'F', 'F', '2')).empty();
  // FreeType's family name: the typographic family (name ID 16), else the family (ID 1).
  m.family = english_name(hb_face_, HB_OT_NAME_ID_TYPOGRAPHIC_FAMILY);
  if (m.family.empty()) m.family = english_name(hb_face_, HB_OT_NAME_ID_FONT_FAMILY);
  m.postscript_name = english_name(hb_face_, HB_OT_NAME_ID_POSTSCRIPT_NAME);
  const Table head(hb_face_, HB_TAG('h', 'e', 'a', 'd'));
  if (head.has(36, 8)) {
    for (unsigned i = 0; i < 4; ++i) m.bbox[i] = head.s16(36 + 2 * i);  // xMin yMin xMax yMax
  }
  const Table hhea(hb_face_, HB_TAG('h', 'h', 'e', 'a'));
  m.ascender = 0;  // no hhea and no usable OS/2: the em-box fallbacks below
  m.descender = 0;
  if (hhea.has(4, 4)) {
    m.ascender = hhea.s16(4);
    m.descender = hhea.s16(6);
  }
  const Table os2(hb_face_, HB_TAG('O', 'S', '/', '2'));
  const bool has_os2 = os2.has(0, 72);
  if (has_os2 && os2.s16(68) > 0 && os2.s16(70) < 0) {  // sTypoAscender, sTypoDescender
    m.ascender = os2.s16(68);
    m.descender = os2.s16(70);
  }
  // Keep the documented signs even for fonts with odd values: the PDF writer and layout rely on
  // them.
  if (m.ascender <= 0) m.ascender = upem_ * 88 / 100;
  if (m.descender >= 0) m.descender = -(upem_ * 12 / 100);
  if (has_os2 && os2.u16(0) >= 2 && os2.has(88, 2) && os2.s16(88) > 0) {  // sCapHeight
    m.cap_height = os2.s16(88);
  } else {
    // HarfBuzz falls back to the top of 'H', else 0.8 em.
    hb_position_t cap = 0;
    hb_ot_metrics_get_position_with_fallback(hb_font_, HB_OT_METRICS_TAG_CAP_HEIGHT, &cap);
    m.cap_height = cap > 0 ? cap : m.ascender;
  }
  const Table post(hb_face_, HB_TAG('p', 'o', 's', 't'));
  if (post.has(4, 4)) {
    // italicAngle, 16.16 fixed point, rounded to whole degrees (the PDF writer prints an integer).
    m.italic_angle = static_cast<int>((post.s32(4) + 0x8000) >> 16);
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
  if (cp >= 0x10000) return hb_font_get_nominal_glyph(hb_font_, cp, &glyph) != 0;
  std::atomic<uint32_t>& word = bmp_answers_[cp / 16];
  const unsigned shift = 2 * (cp % 16);
  const uint32_t answer = word.load(std::memory_order_relaxed) >> shift;
  if ((answer & 1) != 0) return (answer & 2) != 0;
  const bool has = hb_font_get_nominal_glyph(hb_font_, cp, &glyph) != 0;
  word.fetch_or((has ? 3u : 1u) << shift, std::memory_order_relaxed);
  return has;
}

uint32_t Face::h_advance(uint32_t gid) const {
  hb_position_t advance = hb_font_get_glyph_h_advance(hb_font_, gid);
  return advance > 0 ? static_cast<uint32_t>(advance) : 0;
}

}  // namespace paiban::fonts
