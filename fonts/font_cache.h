// The system's font listing kept on disk between processes, so that a cold render need not load
// fontconfig's configuration (parsing its XML files and caches was a tenth of a cold render).
// Internal to paiban_fonts: FontRegistry reads and writes it (FontRegistryOptions::cache_file).
#pragma once

#include <string>
#include <vector>

struct _FcConfig;  // fontconfig's FcConfig

namespace paiban::fonts {

// One sfnt face of the listing under one of its family names (folded as FontRegistry folds them).
struct CachedFace {
  std::string family;
  std::string file;
  int index = 0;  // FC_INDEX as fontconfig gives it (a variable font's instance in the high bits)
  int weight = 0;
  bool roman = true;
};

// Where the cache lives: $PAIBAN_FONT_CACHE when set ("off", "0" or empty: no cache), else
// $XDG_CACHE_HOME/paiban/fonts.cache, else $HOME/.cache/paiban/fonts.cache; empty (no cache)
// when none of them is set.
std::string default_font_cache_path();

// The faces saved at `path`, when the file is whole and still true of this machine: the same
// fontconfig version and environment, and every file and folder the listing came from (the
// configuration's files, the font folders and their subfolders, the user's configuration places,
// the font files) with the modification time and size it had when the listing was made — adding,
// removing or replacing a font or a configuration file changes one of them. False, and `faces`
// left empty, when the file is absent, unreadable, malformed or stale. Never throws.
bool load_font_cache(const std::string& path, std::vector<CachedFace>& faces);

// Saves `faces`, listed from `config`, with what load_font_cache checks. Written to a temporary
// file beside `path` and renamed over it, so that a reader sees the old file or the new one, never
// a part. Failures are ignored (the cache only saves time). Never throws.
void save_font_cache(const std::string& path, _FcConfig* config,
                     const std::vector<CachedFace>& faces);

}  // namespace paiban::fonts
