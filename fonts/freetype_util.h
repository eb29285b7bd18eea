// Scoped FreeType handles for the fonts layer (internal). FreeType objects are not thread-safe, so
// each use makes its own library and face; both are cheap next to the work they serve.
#pragma once

#include <ft2build.h>
#include FT_FREETYPE_H

#include <cstddef>

namespace paiban::fonts {

class FtLibrary {
 public:
  FtLibrary() {
    if (FT_Init_FreeType(&library_) != 0) library_ = nullptr;
  }
  ~FtLibrary() {
    if (library_ != nullptr) FT_Done_FreeType(library_);
  }
  FtLibrary(const FtLibrary&) = delete;
  FtLibrary& operator=(const FtLibrary&) = delete;
  FT_Library get() const { return library_; }

 private:
  FT_Library library_ = nullptr;
};

// A face over bytes the caller keeps alive for the face's lifetime (FT_New_Memory_Face copies
// nothing).
class FtFace {
 public:
  FtFace(const FtLibrary& library, const char* data, size_t length, int index) {
    if (library.get() == nullptr || data == nullptr) return;
    if (FT_New_Memory_Face(library.get(), reinterpret_cast<const FT_Byte*>(data),
                           static_cast<FT_Long>(length), index, &face_) != 0) {
      face_ = nullptr;
    }
  }
  ~FtFace() {
    if (face_ != nullptr) FT_Done_Face(face_);
  }
  FtFace(const FtFace&) = delete;
  FtFace& operator=(const FtFace&) = delete;
  explicit operator bool() const { return face_ != nullptr; }
  FT_Face get() const { return face_; }

 private:
  FT_Face face_ = nullptr;
};

}  // namespace paiban::fonts
