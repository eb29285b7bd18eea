// FontRegistry: family names → faces through fontconfig, each face loaded once and shared.
#include <fontconfig/fontconfig.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <tuple>
#include <filesystem>
#include <stdexcept>

#include "font_cache.h"
#include "font_registry.h"

namespace paiban::fonts {

namespace {

// Only formats HarfBuzz can shape and hb-subset can subset; fontconfig also lists bitmap (PCF)
// and Type 1 fonts, which would fail later with a less useful message.
bool is_sfnt_format(const FcChar8* format) {
  if (format == nullptr) return false;
  const char* f = reinterpret_cast<const char*>(format);
  return std::strcmp(f, "TrueType") == 0 || std::strcmp(f, "CFF") == 0;
}

// Family names compare as fontconfig compares them: ASCII case and spaces ignored, everything else
// (all of a CJK name) exact — so 仿宋_GB2312 never silently becomes 仿宋 or a system alias.
std::string fold_family(const char* name) {
  std::string out;
  for (const char* p = name; *p != '\0'; ++p) {
    if (*p == ' ') continue;
    out += *p >= 'A' && *p <= 'Z' ? static_cast<char>(*p - 'A' + 'a') : *p;
  }
  return out;
}

}  // namespace

FontRegistry::FontRegistry() = default;

FontRegistry::FontRegistry(const std::vector<std::string>& font_files_and_dirs)
    : FontRegistry(FontRegistryOptions{font_files_and_dirs, false}) {}

FontRegistry::FontRegistry(const FontRegistryOptions& options)
    : system_fonts_(options.system_fonts), cache_file_(options.cache_file) {
  if (options.font_dirs.empty() && options.system_fonts) return;
  // A configuration of its own for the folders given: no system fonts, no substitution rules,
  // no cache files. Listed before the system's (rank 0), so that they take part first.
  extra_config_ = FcConfigCreate();
  if (extra_config_ == nullptr) {
    throw std::runtime_error("fontconfig: cannot create a configuration");
  }
  for (const std::string& path : options.font_dirs) {
    const auto* p = reinterpret_cast<const FcChar8*>(path.c_str());
    std::error_code ec;
    bool ok = std::filesystem::is_directory(path, ec) ? FcConfigAppFontAddDir(extra_config_, p)
                                                      : FcConfigAppFontAddFile(extra_config_, p);
    if (!ok) {
      FcConfigDestroy(extra_config_);
      throw std::runtime_error("fontconfig: cannot add fonts from " + path);
    }
  }
}

FontRegistry::~FontRegistry() {
  faces_.clear();
  for (auto& [path, file] : blobs_) hb_blob_destroy(file.blob);
  if (config_ != nullptr) FcConfigDestroy(config_);
  if (extra_config_ != nullptr) FcConfigDestroy(extra_config_);
}

const Face* FontRegistry::do_load(const std::string& path, int index) {
  std::lock_guard lock(mutex_);
  return load_locked(path, index);
}

const Face* FontRegistry::load_locked(const std::string& path, int index) {
  auto key = std::make_pair(path, index);
  auto it = faces_.find(key);
  if (it != faces_.end()) return it->second.get();
  MappedFile& file = blobs_[path];
  if (file.blob == nullptr) {
    file.blob = map_font_file(path, file.identity);
    if (file.blob == nullptr) {
      blobs_.erase(path);
      throw std::runtime_error("cannot load font " + path + ": cannot read the file");
    }
  }
  auto face = std::make_unique<Face>(path, index, file.blob, file.identity);
  return faces_.emplace(key, std::move(face)).first->second.get();
}

const Face* FontRegistry::do_find(const std::string& family, bool bold) {
  std::lock_guard lock(mutex_);
  return find_locked(family, bold);
}

// All faces are listed once (one FcFontList) and families are then matched in memory: asking
// fontconfig to match family by family (substitution rules and scoring for each of a style's
// dozens of names) cost a quarter of a cold render.
void FontRegistry::list_fonts_locked() {
  listed_ready_ = true;
  if (extra_config_ != nullptr) list_config_locked(extra_config_, 0);
  if (system_fonts_) {
    // The disk cache first: loading fontconfig's configuration parses some sixty XML files and
    // maps its caches, a tenth of a cold render, to answer what the last process learnt already.
    std::vector<CachedFace> cached;
    if (config_ == nullptr && !cache_file_.empty() && load_font_cache(cache_file_, cached)) {
      from_cache_ = true;
      for (CachedFace& face : cached) {
        listed_.push_back(Listed{std::move(face.family), 1, std::move(face.file), face.index,
                                 face.weight, face.roman});
      }
    } else if (FcConfig* config = system_config_locked(); config != nullptr) {
      const size_t first = listed_.size();
      list_config_locked(config, 1);
      if (!cache_file_.empty()) {
        for (size_t i = first; i < listed_.size(); ++i) {
          const Listed& l = listed_[i];
          cached.push_back(CachedFace{l.family, l.file, l.index, l.weight, l.roman});
        }
        save_font_cache(cache_file_, config, cached);
      }
    }
  }
  // Sorted so that ties are broken the same way on every run, whatever order the caches list.
  std::sort(listed_.begin(), listed_.end(), [](const Listed& a, const Listed& b) {
    return std::tie(a.family, a.rank, a.file, a.index) <
           std::tie(b.family, b.rank, b.file, b.index);
  });
}

FcConfig* FontRegistry::system_config_locked() {
  if (system_fonts_ && config_ == nullptr) {
    // Loaded on first use: reading fontconfig's caches costs milliseconds, which a registry that
    // only loads faces by path (the PDF writer's case), or lists from its disk cache, need not pay.
    config_ = FcInitLoadConfigAndFonts();
  }
  return config_;
}

bool FontRegistry::listed_from_cache() {
  std::lock_guard lock(mutex_);
  return from_cache_;
}

void FontRegistry::list_config_locked(FcConfig* config, int rank) {
  FcPattern* all = FcPatternCreate();
  FcObjectSet* objects = FcObjectSetBuild(FC_FAMILY, FC_FILE, FC_INDEX, FC_WEIGHT, FC_SLANT,
                                          FC_FONTFORMAT, FC_STYLE, nullptr);
  FcFontSet* set =
      all != nullptr && objects != nullptr ? FcFontList(config, all, objects) : nullptr;
  for (int i = 0; set != nullptr && i < set->nfont; ++i) {
    FcPattern* font = set->fonts[i];
    FcChar8* file = nullptr;
    FcChar8* format = nullptr;
    int index = 0, weight = FC_WEIGHT_REGULAR, slant = FC_SLANT_ROMAN;
    if (FcPatternGetString(font, FC_FILE, 0, &file) != FcResultMatch ||
        FcPatternGetString(font, FC_FONTFORMAT, 0, &format) != FcResultMatch ||
        !is_sfnt_format(format)) {
      continue;
    }
    FcPatternGetInteger(font, FC_INDEX, 0, &index);
    FcPatternGetInteger(font, FC_WEIGHT, 0, &weight);
    FcPatternGetInteger(font, FC_SLANT, 0, &slant);
    // Some fonts declare the regular weight on their bold face (the Fandol fonts' Bold has
    // usWeightClass 400); their style name tells the truth, else a request for the regular face
    // could be served the bold one.
    FcChar8* style = nullptr;
    if (weight < FC_WEIGHT_DEMIBOLD &&
        FcPatternGetString(font, FC_STYLE, 0, &style) == FcResultMatch &&
        std::strstr(reinterpret_cast<const char*>(style), "Bold") != nullptr) {
      weight = FC_WEIGHT_BOLD;
    }
    FcChar8* name = nullptr;
    for (int k = 0; FcPatternGetString(font, FC_FAMILY, k, &name) == FcResultMatch; ++k) {
      listed_.push_back(Listed{fold_family(reinterpret_cast<const char*>(name)), rank,
                               reinterpret_cast<const char*>(file), index, weight,
                               slant == FC_SLANT_ROMAN});
    }
  }
  if (set != nullptr) FcFontSetDestroy(set);
  if (objects != nullptr) FcObjectSetDestroy(objects);
  if (all != nullptr) FcPatternDestroy(all);
}

const Face* FontRegistry::find_locked(const std::string& family, bool bold) {
  auto key = std::make_pair(family, bold);
  auto it = families_.find(key);
  if (it != families_.end()) return it->second;
  if (!listed_ready_) list_fonts_locked();
  const std::string want = fold_family(family.c_str());
  const int want_weight = bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR;
  // The upright face of the family whose weight is closest to the one asked for (a family with
  // no bold face serves bold with its regular one; layout then emboldens it).
  const Listed* best = nullptr;
  int best_score = 0;
  auto first = std::lower_bound(
      listed_.begin(), listed_.end(), want,
      [](const Listed& l, const std::string& w) { return l.family < w; });
  for (auto l = first; !family.empty() && l != listed_.end() && l->family == want; ++l) {
    // A folder given to the registry wins over the system's fonts (rank), then upright faces,
    // then the nearest weight.
    const int score = l->rank * 100000 + (l->roman ? 0 : 1000) + std::abs(l->weight - want_weight) +
                      ((l->index >> 16) != 0 ? 1 : 0);  // prefer a variable font's default
    if (best == nullptr || score < best_score) {
      best = &*l;
      best_score = score;
    }
  }
  const Face* found = nullptr;
  if (best != nullptr) {
    try {
      // The high 16 bits of FC_INDEX name an instance of a variable font; the face is the low
      // 16 bits (the default instance is used).
      found = load_locked(best->file, best->index & 0xFFFF);
    } catch (const std::runtime_error&) {
      found = nullptr;  // an unreadable file is as good as an absent family
    }
  }
  families_.emplace(key, found);
  return found;
}

const Face* FontRegistry::do_find_for_char(char32_t cp, bool bold) {
  std::lock_guard lock(mutex_);
  auto key = std::make_pair(cp, bold);
  auto it = by_char_.find(key);
  if (it != by_char_.end()) return it->second;
  if (!listed_ready_) list_fonts_locked();
  // The folders given first, as for families; then the system's fonts.
  const Face* found = nullptr;
  if (extra_config_ != nullptr) found = sort_for_char_locked(extra_config_, cp, bold);
  // fontconfig's charset matching needs its configuration, even when the listing came from the
  // disk cache.
  if (found == nullptr && system_fonts_ && system_config_locked() != nullptr) {
    found = sort_for_char_locked(config_, cp, bold);
  }
  by_char_.emplace(key, found);
  return found;
}

// fontconfig's charset matching (FcFontSort over a pattern holding only the character and the
// weight): the configuration's own preferences decide between the faces that have it, as they do
// for any application on this machine.
const Face* FontRegistry::sort_for_char_locked(FcConfig* config, char32_t cp, bool bold) {
  FcPattern* pattern = FcPatternCreate();
  FcCharSet* chars = FcCharSetCreate();
  const Face* found = nullptr;
  if (pattern != nullptr && chars != nullptr && FcCharSetAddChar(chars, cp) &&
      FcPatternAddCharSet(pattern, FC_CHARSET, chars) &&
      FcPatternAddInteger(pattern, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR)) {
    FcConfigSubstitute(config, pattern, FcMatchPattern);
    FcDefaultSubstitute(pattern);
    FcResult result = FcResultNoMatch;
    FcFontSet* sorted = FcFontSort(config, pattern, FcFalse, nullptr, &result);
    for (int i = 0; sorted != nullptr && i < sorted->nfont && found == nullptr; ++i) {
      FcPattern* font = sorted->fonts[i];
      FcCharSet* has = nullptr;
      FcChar8* file = nullptr;
      FcChar8* format = nullptr;
      int index = 0;
      if (FcPatternGetCharSet(font, FC_CHARSET, 0, &has) != FcResultMatch ||
          !FcCharSetHasChar(has, cp) ||
          FcPatternGetString(font, FC_FILE, 0, &file) != FcResultMatch ||
          FcPatternGetString(font, FC_FONTFORMAT, 0, &format) != FcResultMatch ||
          !is_sfnt_format(format)) {
        continue;
      }
      FcPatternGetInteger(font, FC_INDEX, 0, &index);
      try {
        const Face* face = load_locked(reinterpret_cast<const char*>(file), index & 0xFFFF);
        if (face->has_char(cp)) found = face;
      } catch (const std::runtime_error&) {
        // an unreadable file is as good as an absent one
      }
    }
    if (sorted != nullptr) FcFontSetDestroy(sorted);
  }
  if (chars != nullptr) FcCharSetDestroy(chars);
  if (pattern != nullptr) FcPatternDestroy(pattern);
  return found;
}

FaceChain FontRegistry::do_resolve(const std::vector<std::string>& families, bool bold) {
  std::string key(bold ? "B" : "R");
  for (const std::string& family : families) {
    key += '\x1f';
    key += family;
  }
  std::lock_guard lock(mutex_);
  auto it = chains_.find(key);
  if (it != chains_.end()) return it->second;
  FaceChain chain;
  for (const std::string& family : families) {
    const Face* face = find_locked(family, bold);
    if (face == nullptr) continue;
    bool seen = false;
    for (const Face* f : chain.faces) seen = seen || f == face;
    if (!seen) chain.faces.push_back(face);
  }
  return chains_.emplace(std::move(key), std::move(chain)).first->second;
}

}  // namespace paiban::fonts
