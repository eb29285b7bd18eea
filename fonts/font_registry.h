// FontRegistry: the FontSource over fontconfig (the system's fonts, and font folders given to it).
#pragma once

#include <hb.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "fonts/face.h"
#include "fonts/font_source.h"

struct _FcConfig;  // fontconfig's FcConfig

namespace paiban::fonts {

struct FontRegistryOptions {
  // Font files and folders (searched recursively) whose faces take part before the system's: a
  // family found there is served from there even when the system has a face of the same name.
  std::vector<std::string> font_dirs;
  // Whether the fonts fontconfig's configuration knows (the system's and the user's) take part.
  bool system_fonts = true;
  // A file that keeps the system's font listing between processes (font_cache.h; usually
  // default_font_cache_path()): read instead of loading fontconfig's configuration when it is
  // still true of this machine, rewritten when it is not. Empty: fontconfig lists every time.
  std::string cache_file{};
};

// Finds and owns faces. resolve() lists the fonts once and caches each (families, bold) answer.
// All member functions are thread-safe; the faces handed out live as long as the registry.
class FontRegistry final : public FontSource {
 public:
  // The fonts fontconfig's configuration knows (the system's and the user's).
  FontRegistry();
  // Only the font files and folders given (no system fonts): for tests that bring their own fonts.
  // Throws std::runtime_error when one of them cannot be added.
  explicit FontRegistry(const std::vector<std::string>& font_files_and_dirs);
  // Extra folders before (or instead of) the system's fonts. Throws std::runtime_error when one
  // of the folders cannot be added.
  explicit FontRegistry(const FontRegistryOptions& options);
  ~FontRegistry() override;

  // Whether the system's fonts were listed from FontRegistryOptions::cache_file rather than by
  // fontconfig (false until the first lookup needs the listing).
  bool listed_from_cache();

 private:
  FaceChain do_resolve(const std::vector<std::string>& families, bool bold) override;
  const Face* do_find(const std::string& family, bool bold) override;
  const Face* do_load(const std::string& path, int index) override;
  const Face* do_find_for_char(char32_t cp, bool bold) override;
  const Face* sort_for_char_locked(_FcConfig* config, char32_t cp, bool bold);

  const Face* find_locked(const std::string& family, bool bold);
  const Face* load_locked(const std::string& path, int index);
  void list_fonts_locked();
  void list_config_locked(_FcConfig* config, int rank);
  // The system's configuration, loaded on first use; null when fontconfig cannot load it.
  _FcConfig* system_config_locked();

  // One listed face under one of its family names (folded: ASCII lower case, no spaces).
  struct Listed {
    std::string family;
    int rank = 0;  // 0: the folders given, 1: the system's fonts (a lower rank wins)
    std::string file;
    int index = 0;
    int weight = 0;
    bool roman = true;
  };

  std::mutex mutex_;
  bool system_fonts_ = true;
  std::string cache_file_;
  bool from_cache_ = false;
  _FcConfig* config_ = nullptr;        // owned: the system's configuration, loaded on first use
  _FcConfig* extra_config_ = nullptr;  // owned: only the folders given; null when none
  struct MappedFile {
    hb_blob_t* blob = nullptr;
    FileIdentity identity;
  };
  std::map<std::string, MappedFile> blobs_;  // one mapping per file, shared by its faces
  std::map<std::pair<std::string, int>, std::unique_ptr<Face>> faces_;
  std::map<std::pair<std::string, bool>, const Face*> families_;  // nullptr: absent
  std::map<std::string, FaceChain> chains_;
  std::map<std::pair<char32_t, bool>, const Face*> by_char_;  // nullptr: no face has it
  std::vector<Listed> listed_;  // every sfnt face of the configurations, sorted by family
  bool listed_ready_ = false;
};

}  // namespace paiban::fonts
