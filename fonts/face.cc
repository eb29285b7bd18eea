// Face: one face of a font file, memory-mapped, with the metadata the PDF writer needs.
#include <fcntl.h>
#include <hb-ot.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
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

FileIdentity identity_of(const struct stat& st) {
  FileIdentity id;
  id.known = true;
  id.device = st.st_dev;
  id.inode = st.st_ino;
  id.size = st.st_size;
  id.modified = st.st_mtim;
  id.changed = st.st_ctim;
  return id;
}

bool same_time(const struct timespec& a, const struct timespec& b) {
  return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
}

}  // namespace

bool FileIdentity::operator==(const FileIdentity& other) const {
  return known && other.known && device == other.device && inode == other.inode &&
         size == other.size && same_time(modified, other.modified) &&
         same_time(changed, other.changed);
}

hb_blob_t* map_font_file(const std::string& path, FileIdentity& identity) {
  identity = {};
  struct stat before {};
  const bool stated = ::stat(path.c_str(), &before) == 0;
  // HarfBuzz maps the file read-only: a 20 MB .ttc costs address space, not memory, and the
  // pages are shared with every other process using the font.
  hb_blob_t* blob = hb_blob_create_from_file_or_fail(path.c_str());
  struct stat after {};
  if (blob != nullptr && stated && ::stat(path.c_str(), &after) == 0) {
    const FileIdentity first = identity_of(before);
    const FileIdentity second = identity_of(after);
    if (first == second && hb_blob_get_length(blob) == static_cast<unsigned>(second.size)) {
      identity = second;
    }
  }
  return blob;
}

Face::Face(std::string path, int index) : Face(path, index, nullptr) {}

Face::Face(std::string path, int index, hb_blob_t* blob, const FileIdentity& identity)
    : path_(std::move(path)), index_(index), serial_(next_serial()) {
  if (index < 0) throw load_error(path_, index, "negative face index");
  if (blob != nullptr) {
    blob_ = hb_blob_reference(blob);
    identity_ = identity;
  } else {
    blob_ = map_font_file(path_, identity_);
  }
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

std::optional<uint64_t> Face::file_offset(const char* p) const {
  unsigned length = 0;
  const char* data = hb_blob_get_data(blob_, &length);
  if (p == nullptr || data == nullptr) return std::nullopt;
  // Compared as addresses: `p` may point into any object.
  const auto at = reinterpret_cast<std::uintptr_t>(p);
  const auto begin = reinterpret_cast<std::uintptr_t>(data);
  if (at < begin || at - begin > length) return std::nullopt;
  return at - begin;
}

Face::FileReader::FileReader(const Face& face, unsigned first_uses) {
  if (!face.identity_.known) return;
  if (face.readers_.fetch_add(1, std::memory_order_relaxed) >= first_uses) return;
  const int fd = ::open(face.path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !(identity_of(st) == face.identity_)) {
    ::close(fd);
    return;
  }
  fd_ = fd;
}

Face::FileReader::~FileReader() {
  if (fd_ >= 0) ::close(fd_);
}

bool Face::FileReader::read(uint64_t offset, size_t size, char* out) const {
  if (fd_ < 0) return false;
  while (size > 0) {
    const ssize_t got = ::pread(fd_, out, size, static_cast<off_t>(offset));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    out += got;
    offset += static_cast<uint64_t>(got);
    size -= static_cast<size_t>(got);
  }
  return true;
}

uint32_t Face::h_advance(uint32_t gid) const {
  hb_position_t advance = hb_font_get_glyph_h_advance(hb_font_, gid);
  return advance > 0 ? static_cast<uint32_t>(advance) : 0;
}

}  // namespace paiban::fonts
