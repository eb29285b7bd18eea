// A face of a font file and the faces serving a chain of family names.
//
// Units: everything a Face reports is in font units (upem per em) unless said otherwise.
#pragma once

#include <hb.h>
#include <sys/stat.h>

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace paiban::fonts {

// A font file as it was when it was mapped: device, inode, size, modification and change times.
// A read through the file (FileReader) serves only while the file is still that one.
struct FileIdentity {
  bool known = false;
  dev_t device = 0;
  ino_t inode = 0;
  off_t size = 0;
  struct timespec modified = {};
  struct timespec changed = {};
  bool operator==(const FileIdentity& other) const;
};

// Maps a font file read-only (HarfBuzz's hb_blob_create_from_file_or_fail) and says which file
// it mapped: the identity is known when the file was the same before and after the mapping.
// Null when the file cannot be read.
hb_blob_t* map_font_file(const std::string& path, FileIdentity& identity);

// One face of a font file (a .ttc holds several). Owned by a FontSource; never null where a
// function hands one out. Thread-safe for reading.
class Face {
 public:
  Face(std::string path, int index);  // throws std::runtime_error when the file cannot be parsed
  // The same, over bytes the caller already mapped (the faces of one .ttc share one mapping).
  // Takes its own reference to `blob`. `identity` says which file `blob` holds the whole of
  // (map_font_file); unknown, the face is read through its mapping only.
  Face(std::string path, int index, hb_blob_t* blob, const FileIdentity& identity = {});
  ~Face();
  Face(const Face&) = delete;
  Face& operator=(const Face&) = delete;

  const std::string& path() const { return path_; }
  int index() const { return index_; }
  // A number no other face of the process has had or will have: what caches key a face by (an
  // address can be reused once a face is gone).
  uint64_t serial() const { return serial_; }
  // The face's own (English) family name.
  const std::string& family() const { return metadata().family; }
  const std::string& postscript_name() const { return metadata().postscript_name; }
  // CFF outlines (→ CIDFontType0) or TrueType (→ CIDFontType2).
  bool is_cff() const { return metadata().is_cff; }
  int upem() const { return upem_; }
  // The OS/2 typographic ascender/descender: CJK fonts set them to the ideographic em box
  // (Noto CJK 880/−120 of 1000), which is what a CJK line grid centres, unlike the hhea values
  // (1151/−286) that include room for accents. hhea when the font has no usable OS/2 values.
  int ascender() const { return metadata().ascender; }    // > 0
  int descender() const { return metadata().descender; }  // < 0
  // OS/2 sCapHeight, else the height of 'H'.
  int cap_height() const { return metadata().cap_height; }
  const std::array<int, 4>& bbox() const { return metadata().bbox; }  // head xMin yMin xMax yMax
  // Degrees, counter-clockwise from vertical.
  int italic_angle() const { return metadata().italic_angle; }
  unsigned glyph_count() const { return glyph_count_; }
  hb_face_t* hb_face() const { return hb_face_; }
  hb_font_t* hb_font() const { return hb_font_; }  // scale = upem, so positions are font units
  bool has_char(char32_t cp) const;                // the cmap maps cp to a glyph (thread-safe)
  uint32_t h_advance(uint32_t gid) const;          // font units

  // What hb-subset reads to subset this face's CFF program (subset.cc): a view of the face without
  // its 'cmap' (hb-subset then skips mapping the whole font's characters and the variation
  // glyphs nothing draws), made once and kept, so that the tables it parsed serve every later
  // subset of the process (a batch subsets the same faces for every report). Thread-safe.
  // hb_subset_preprocess would halve each subset after that, but costs about a second and a
  // hundred megabytes per CJK face: a 200-report batch became slower and ten times larger.
  hb_face_t* cff_subset_source() const;

  // Where `p`, a pointer into one of the face's tables (hb_face_reference_table), lies in the
  // face's file; nullopt when `p` is not in it.
  std::optional<uint64_t> file_offset(const char* p) const;

  // Reads bytes of a face's file with read(): a page of a mapping costs a page fault the first
  // time a process touches it, which under some hypervisors costs several microseconds, and
  // the kept charstrings of a CJK subset lie each on a page of its own (subset.cc). One open for
  // a run of reads; usable only while the file is still the one the face mapped, so that the
  // bytes read are the bytes the mapping holds.
  class FileReader {
   public:
    // `first_uses`: usable only for the face's first that many readers. A process's first
    // subsets of a face touch pages its mapping has never faulted in; its later ones (the next
    // reports of a batch) mostly the same pages again, which the mapping then serves for a copy
    // where every read is a system call.
    explicit FileReader(const Face& face, unsigned first_uses = ~0u);
    ~FileReader();
    FileReader(const FileReader&) = delete;
    FileReader& operator=(const FileReader&) = delete;
    bool ok() const { return fd_ >= 0; }
    // `size` bytes at `offset` of the file into `out`; false (with `out` unspecified) when they
    // cannot all be read.
    bool read(uint64_t offset, size_t size, char* out) const;

   private:
    int fd_ = -1;
  };

 private:
  // What only the PDF writer and diagnostics read, from the face's tables (face.cc). Read on
  // first use, not when the face is opened: a render opens every face of its roles' chains
  // (fallbacks included) but draws with a few.
  struct Metadata {
    std::string family;
    std::string postscript_name;
    bool is_cff = false;
    int ascender = 880;
    int descender = -120;
    int cap_height = 700;
    int italic_angle = 0;
    std::array<int, 4> bbox = {0, 0, 0, 0};
  };
  // Never throws: missing or short tables leave the defaults above ("Font<index>" as the
  // PostScript name when the face has neither a name ID 6 nor a family name).
  const Metadata& metadata() const;
  void read_metadata() const;

  std::string path_;
  int index_;
  uint64_t serial_;
  int upem_ = 1000;
  unsigned glyph_count_ = 0;
  hb_blob_t* blob_ = nullptr;  // the whole file
  FileIdentity identity_;
  mutable std::atomic<unsigned> readers_{0};  // FileReaders made for the face so far
  hb_face_t* hb_face_ = nullptr;
  hb_font_t* hb_font_ = nullptr;
  mutable std::once_flag metadata_once_;
  mutable Metadata metadata_;
  // has_char's answers for the Basic Multilingual Plane, two bits a character (asked, has): a
  // render asks for every character of its text against each face of the chain in turn, and
  // HarfBuzz's cmap lookup cost more than all the rest of choosing the face.
  mutable std::array<std::atomic<uint32_t>, 0x10000 / 16> bmp_answers_{};
  mutable std::once_flag view_once_;
  mutable hb_face_t* view_ = nullptr;
};

// The faces serving one chain of family names, best first, without repeats. Empty when none of
// the families exists on this machine: the caller decides what that means (layout appends free
// fallback families, so an empty chain there means no usable font at all).
struct FaceChain {
  std::vector<const Face*> faces;
};

}  // namespace paiban::fonts
