// shape: one run of text with one face through HarfBuzz.
#include <algorithm>
#include <climits>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "lru_cache.h"
#include "shaping.h"

namespace paiban::fonts {

namespace {

// HarfBuzz looks at most five characters either side of the item for context; 64 bytes hold
// more than that in UTF-8 and keep the length HarfBuzz sees (an int) small for any text size.
constexpr size_t kContextBytes = 64;

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// A run that mixes Latin and Han ("PDF格式") is shaped as Han: Han is what the chain's fonts and
// language (zh-Hans → 'locl' ZHS forms) are for. Only a run without Han keeps the guessed script.
bool has_han(hb_buffer_t* buffer) {
  unsigned count = 0;
  const hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buffer, &count);
  hb_unicode_funcs_t* unicode = hb_buffer_get_unicode_funcs(buffer);
  for (unsigned i = 0; i < count; ++i) {
    if (hb_unicode_script(unicode, info[i].codepoint) == HB_SCRIPT_HAN) return true;
  }
  return false;
}

// What HarfBuzz is given for one item: its result depends on nothing else.
struct ShapeKey {
  uint64_t face = 0;   // Face::serial
  std::string window;  // the item with its context (see shape())
  uint32_t item = 0;   // the item's offset and length in `window`
  uint32_t length = 0;
  unsigned flags = 0;
  std::string features;  // the hb_feature_t array's bytes

  bool operator==(const ShapeKey&) const = default;
  size_t hash() const {
    size_t h = std::hash<std::string_view>()(window);
    for (uint64_t v : {face, uint64_t{item}, uint64_t{length}, uint64_t{flags}}) {
      h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    }
    return h ^ (std::hash<std::string_view>()(features) << 1);
  }
};

// Items shaped lately, so that the same item is shaped once: a table's repeated cells ("—",
// "0.00"), text that resolve measures and layout sets again, and every item of a report
// rendered again (a preview after an edit, an archive regenerated with the same headings).
// Clusters are kept relative to the window.
using ShapeCache = LruCache<ShapeKey, std::vector<ShapedGlyph>>;
constexpr size_t kMaxWindow = 4096;  // longer items are shaped every time

ShapeCache& shape_cache() {
  // 8 MB at most; never destroyed: renders may outlive statics.
  static ShapeCache* cache = new ShapeCache(size_t{8} << 20);
  return *cache;
}

}  // namespace

std::vector<ShapedGlyph> shape(const Face& face, std::string_view text, size_t begin, size_t end) {
  return shape(face, text, begin, end, {});
}

std::vector<ShapedGlyph> shape(const Face& face, std::string_view text, size_t begin, size_t end,
                               std::span<const hb_feature_t> features) {
  end = std::min(end, text.size());
  begin = std::min(begin, end);
  end = std::min(end, begin + static_cast<size_t>(INT_MAX / 2));
  if (begin == end) return {};

  // The window handed to HarfBuzz: the item plus context, cut at character boundaries.
  size_t window_begin = begin > kContextBytes ? begin - kContextBytes : 0;
  while (window_begin < begin && is_continuation(text[window_begin])) ++window_begin;
  size_t window_end = std::min(text.size(), end + kContextBytes);
  while (window_end > end && window_end < text.size() && is_continuation(text[window_end])) {
    --window_end;
  }

  unsigned flags = HB_BUFFER_FLAG_DEFAULT;
  if (begin == 0) flags |= HB_BUFFER_FLAG_BOT;
  if (end == text.size()) flags |= HB_BUFFER_FLAG_EOT;

  std::optional<ShapeKey> key;
  size_t key_hash = 0;
  if (window_end - window_begin <= kMaxWindow) {
    key.emplace();
    key->face = face.serial();
    key->window.assign(text.substr(window_begin, window_end - window_begin));
    key->item = static_cast<uint32_t>(begin - window_begin);
    key->length = static_cast<uint32_t>(end - begin);
    key->flags = flags;
    key->features.assign(reinterpret_cast<const char*>(features.data()), features.size_bytes());
    key_hash = key->hash();
    std::vector<ShapedGlyph> glyphs;
    if (shape_cache().find(*key, key_hash, glyphs)) {
      for (ShapedGlyph& g : glyphs) g.cluster += static_cast<uint32_t>(window_begin);
      return glyphs;
    }
  }

  std::unique_ptr<hb_buffer_t, decltype(&hb_buffer_destroy)> buffer(hb_buffer_create(),
                                                                    &hb_buffer_destroy);
  hb_buffer_t* buf = buffer.get();
  hb_buffer_set_cluster_level(buf, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS);
  hb_buffer_set_flags(buf, static_cast<hb_buffer_flags_t>(flags));
  hb_buffer_add_utf8(buf, text.data() + window_begin, static_cast<int>(window_end - window_begin),
                     static_cast<unsigned>(begin - window_begin), static_cast<int>(end - begin));
  hb_buffer_set_direction(buf, HB_DIRECTION_LTR);
  hb_buffer_set_language(buf, hb_language_from_string("zh-Hans", -1));
  if (has_han(buf)) {
    hb_buffer_set_script(buf, HB_SCRIPT_HAN);
  } else {
    hb_buffer_guess_segment_properties(buf);
    hb_script_t script = hb_buffer_get_script(buf);
    if (script == HB_SCRIPT_INVALID || script == HB_SCRIPT_COMMON ||
        script == HB_SCRIPT_INHERITED || script == HB_SCRIPT_UNKNOWN) {
      hb_buffer_set_script(buf, HB_SCRIPT_HAN);
    }
  }
  hb_shape(face.hb_font(), buf, features.data(), static_cast<unsigned>(features.size()));
  if (!hb_buffer_allocation_successful(buf)) return {};

  unsigned count = 0;
  const hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buf, &count);
  const hb_glyph_position_t* pos = hb_buffer_get_glyph_positions(buf, &count);
  std::vector<ShapedGlyph> glyphs(count);
  for (unsigned i = 0; i < count; ++i) {
    glyphs[i].gid = info[i].codepoint;
    glyphs[i].cluster = info[i].cluster;  // in the window, for the cache
    glyphs[i].x_advance = pos[i].x_advance;
    glyphs[i].x_offset = pos[i].x_offset;
    glyphs[i].y_offset = pos[i].y_offset;
  }
  if (key) {
    const size_t bytes = sizeof(ShapeKey) + key->window.size() + key->features.size() +
                         glyphs.size() * sizeof(ShapedGlyph) + 128;
    shape_cache().add(std::move(*key), key_hash, glyphs, bytes);
  }
  for (ShapedGlyph& g : glyphs) g.cluster += static_cast<uint32_t>(window_begin);
  return glyphs;
}

}  // namespace paiban::fonts
