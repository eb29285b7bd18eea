// FontRegistry: family names → faces through fontconfig, each face loaded once and shared.
#include <fontconfig/fontconfig.h>

#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "fonts.h"

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
// (all of a CJK name) exact.
bool same_family(const char* a, const char* b) {
  auto fold = [](const char*& p) {
    while (*p == ' ') ++p;
    char c = *p;
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  };
  for (;;) {
    char ca = fold(a);
    char cb = fold(b);
    if (ca != cb) return false;
    if (ca == '\0') return true;
    ++a;
    ++b;
  }
}

// fontconfig always returns its best match, which for an absent family is some other font. The
// match counts only when one of its family names (all languages) is the requested one, so that
// 仿宋_GB2312 never silently becomes DejaVu Sans or an alias chosen by the system configuration.
bool has_family(FcPattern* font, const std::string& family) {
  FcChar8* name = nullptr;
  for (int i = 0; FcPatternGetString(font, FC_FAMILY, i, &name) == FcResultMatch; ++i) {
    if (same_family(reinterpret_cast<const char*>(name), family.c_str())) return true;
  }
  return false;
}

}  // namespace

FontRegistry::FontRegistry() = default;

FontRegistry::FontRegistry(const std::vector<std::string>& font_files_and_dirs) {
  // An empty configuration: no system fonts, no substitution rules, no cache files.
  config_ = FcConfigCreate();
  if (config_ == nullptr) throw std::runtime_error("fontconfig: cannot create a configuration");
  for (const std::string& path : font_files_and_dirs) {
    const auto* p = reinterpret_cast<const FcChar8*>(path.c_str());
    std::error_code ec;
    bool ok = std::filesystem::is_directory(path, ec) ? FcConfigAppFontAddDir(config_, p)
                                                      : FcConfigAppFontAddFile(config_, p);
    if (!ok) {
      FcConfigDestroy(config_);
      throw std::runtime_error("fontconfig: cannot add fonts from " + path);
    }
  }
}

FontRegistry::~FontRegistry() {
  faces_.clear();
  for (auto& [path, blob] : blobs_) hb_blob_destroy(blob);
  if (config_ != nullptr) FcConfigDestroy(config_);
}

FontRegistry& FontRegistry::instance() {
  static FontRegistry registry;
  return registry;
}

const Face* FontRegistry::load(const std::string& path, int index) {
  std::lock_guard lock(mutex_);
  return load_locked(path, index);
}

const Face* FontRegistry::load_locked(const std::string& path, int index) {
  auto key = std::make_pair(path, index);
  auto it = faces_.find(key);
  if (it != faces_.end()) return it->second.get();
  hb_blob_t*& blob = blobs_[path];
  if (blob == nullptr) {
    blob = hb_blob_create_from_file_or_fail(path.c_str());
    if (blob == nullptr) {
      blobs_.erase(path);
      throw std::runtime_error("cannot load font " + path + ": cannot read the file");
    }
  }
  auto face = std::make_unique<Face>(path, index, blob);
  return faces_.emplace(key, std::move(face)).first->second.get();
}

const Face* FontRegistry::find(const std::string& family, bool bold) {
  std::lock_guard lock(mutex_);
  return find_locked(family, bold);
}

const Face* FontRegistry::find_locked(const std::string& family, bool bold) {
  auto key = std::make_pair(family, bold);
  auto it = families_.find(key);
  if (it != families_.end()) return it->second;
  const Face* found = nullptr;
  if (config_ == nullptr) {
    // Loaded on first use: reading fontconfig's caches costs tens of milliseconds, which a
    // registry that only loads faces by path (the PDF writer's case) need not pay.
    config_ = FcInitLoadConfigAndFonts();
  }
  if (config_ != nullptr && !family.empty()) {
    FcPattern* pattern = FcPatternBuild(nullptr, FC_FAMILY, FcTypeString,
                                        reinterpret_cast<const FcChar8*>(family.c_str()), FC_WEIGHT,
                                        FcTypeInteger, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR,
                                        FC_SLANT, FcTypeInteger, FC_SLANT_ROMAN, nullptr);
    if (pattern != nullptr) {
      FcConfigSubstitute(config_, pattern, FcMatchPattern);
      FcDefaultSubstitute(pattern);
      FcResult result = FcResultNoMatch;
      FcPattern* match = FcFontMatch(config_, pattern, &result);
      FcChar8* file = nullptr;
      FcChar8* format = nullptr;
      int index = 0;
      if (match != nullptr && has_family(match, family) &&
          FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch &&
          FcPatternGetInteger(match, FC_INDEX, 0, &index) == FcResultMatch &&
          FcPatternGetString(match, FC_FONTFORMAT, 0, &format) == FcResultMatch &&
          is_sfnt_format(format)) {
        try {
          // The high 16 bits of FC_INDEX name an instance of a variable font; the face is the low
          // 16 bits (the default instance is used).
          found = load_locked(reinterpret_cast<const char*>(file), index & 0xFFFF);
        } catch (const std::runtime_error&) {
          found = nullptr;  // an unreadable file is as good as an absent family
        }
      }
      if (match != nullptr) FcPatternDestroy(match);
      FcPatternDestroy(pattern);
    }
  }
  families_.emplace(key, found);
  return found;
}

FaceChain FontRegistry::resolve(const std::vector<std::string>& families, bool bold) {
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
