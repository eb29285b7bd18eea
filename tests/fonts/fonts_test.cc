// Tests of the fonts layer (faces, FontRegistry, shaping, fallback, subsetting) against the free
// CJK fonts Debian installs (fonts-noto-cjk, fonts-arphic-ukai).
// Font files are found through fontconfig; a test skips, naming the package, when one is absent.
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_CID_H
#include FT_FONT_FORMATS_H
#include FT_OUTLINE_H
#include FT_TRUETYPE_TABLES_H

#include <gtest/gtest.h>
#include <hb.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "fonts/cff_subset.h"
#include "fonts/face.h"
#include "fonts/font_registry.h"
#include "fonts/lru_cache.h"
#include "fonts/shaping.h"
#include "fonts/subset.h"
#include "support/scratch_dir.h"
#include "support/test_fonts.h"
#include "utf8.h"

namespace paiban::fonts {
namespace {

using test_support::test_fonts;

constexpr const char* kNotoSerif = "Noto Serif CJK SC";
constexpr const char* kUkai = "AR PL UKai CN";
constexpr const char* kNotoPackage = "fonts-noto-cjk";
constexpr const char* kUkaiPackage = "fonts-arphic-ukai";

#define REQUIRE_FACE(var, family, package, bold)                                        \
  const Face* var = test_fonts().find(family, bold);                                    \
  if (var == nullptr) {                                                                 \
    GTEST_SKIP() << "font family \"" << (family) << "\" not installed (Debian package " \
                 << (package) << ")";                                                   \
  }

std::string file_name(const Face* face) {
  return std::filesystem::path(face->path()).filename().string();
}

std::string utf8(char32_t cp) { return encode_utf8(std::u32string(1, cp)); }

std::set<uint32_t> glyphs_of(const Face& face, const std::string& text) {
  std::set<uint32_t> gids;
  for (const ShapedGlyph& g : shape(face, text, 0, text.size())) gids.insert(g.gid);
  return gids;
}

// FreeType, as a PDF viewer reads an embedded font program.
class FreeType {
 public:
  FreeType() { EXPECT_EQ(FT_Init_FreeType(&library_), 0); }
  ~FreeType() {
    for (FT_Face face : faces_) FT_Done_Face(face);
    FT_Done_FreeType(library_);
  }
  FT_Face open_memory(const std::string& bytes) {
    FT_Face face = nullptr;
    if (FT_New_Memory_Face(library_, reinterpret_cast<const FT_Byte*>(bytes.data()),
                           static_cast<FT_Long>(bytes.size()), 0, &face) != 0) {
      return nullptr;
    }
    faces_.push_back(face);
    return face;
  }
  FT_Face open_file(const std::string& path, int index) {
    FT_Face face = nullptr;
    if (FT_New_Face(library_, path.c_str(), index, &face) != 0) return nullptr;
    faces_.push_back(face);
    return face;
  }

 private:
  FT_Library library_ = nullptr;
  std::vector<FT_Face> faces_;
};

// The unscaled outline's control box: equal boxes mean the subset kept the very glyph.
FT_BBox outline_box(FT_Face face, FT_UInt gid) {
  FT_BBox box{};
  EXPECT_EQ(FT_Load_Glyph(face, gid, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING), 0) << "glyph " << gid;
  FT_Outline_Get_CBox(&face->glyph->outline, &box);
  return box;
}

void expect_same_box(const FT_BBox& a, const FT_BBox& b, uint32_t gid) {
  EXPECT_EQ(a.xMin, b.xMin) << "glyph " << gid;
  EXPECT_EQ(a.yMin, b.yMin) << "glyph " << gid;
  EXPECT_EQ(a.xMax, b.xMax) << "glyph " << gid;
  EXPECT_EQ(a.yMax, b.yMax) << "glyph " << gid;
}

const char* const kText = "政府信息公开";

// --- resolve ---------------------------------------------------------------------------------

TEST(Resolve, NotoSerifScIsFaceTwoOfTheRegularCollection) {
  REQUIRE_FACE(noto, kNotoSerif, kNotoPackage, false);
  FaceChain chain = test_fonts().resolve({kNotoSerif});
  ASSERT_EQ(chain.faces.size(), 1u);
  EXPECT_EQ(chain.faces[0], noto);
  EXPECT_EQ(file_name(noto), "NotoSerifCJK-Regular.ttc");
  EXPECT_EQ(noto->index(), 2);
  EXPECT_EQ(noto->family(), kNotoSerif);
  EXPECT_EQ(noto->postscript_name(), "NotoSerifCJKsc-Regular");
  EXPECT_TRUE(noto->is_cff());
  EXPECT_EQ(noto->upem(), 1000);
  // OS/2 typo metrics: the ideographic em box.
  EXPECT_EQ(noto->ascender(), 880);
  EXPECT_EQ(noto->descender(), -120);
  EXPECT_GT(noto->cap_height(), 600);
  EXPECT_LT(noto->bbox()[0], 0);
  EXPECT_GT(noto->bbox()[3], 1000);
  EXPECT_EQ(noto->italic_angle(), 0);
}

// Face reads its metadata from the tables through HarfBuzz; FreeType, which read it before, is
// the reference: the same family and PostScript names, format, bbox, OS/2 typo metrics, cap
// height and italic angle, on the checked-in subsets and on every installed face of the test
// fonts' families (CFF and TrueType, collections included).
TEST(Face, MetadataIsWhatFreeTypeReads) {
  std::vector<std::pair<std::string, int>> faces;
  const auto data = std::filesystem::path(PAIBAN_SOURCE_DIR) / "tests/fonts/data";
  for (const char* file : {"NotoSerifCJKsc-Regular-subset.otf", "NotoSerifCJKsc-Bold-subset.otf",
                           "NotoSansCJKsc-Regular-subset.otf"}) {
    faces.emplace_back((data / file).string(), 0);
  }
  for (const char* family : {kNotoSerif, kUkai, "Liberation Serif", "DejaVu Sans"}) {
    for (bool bold : {false, true}) {
      if (const Face* face = test_fonts().find(family, bold)) {
        faces.emplace_back(face->path(), face->index());
      }
    }
  }
  FreeType ft;
  for (const auto& [path, index] : faces) {
    SCOPED_TRACE(path + ":" + std::to_string(index));
    const Face face(path, index);
    FT_Face f = ft.open_file(path, index);
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(face.is_cff(), std::string(FT_Get_Font_Format(f)) == "CFF");
    EXPECT_EQ(face.family(), f->family_name);
    EXPECT_EQ(face.postscript_name(), FT_Get_Postscript_Name(f));
    EXPECT_EQ(face.bbox(), (std::array<int, 4>{static_cast<int>(f->bbox.xMin),
                                               static_cast<int>(f->bbox.yMin),
                                               static_cast<int>(f->bbox.xMax),
                                               static_cast<int>(f->bbox.yMax)}));
    const auto* os2 = static_cast<const TT_OS2*>(FT_Get_Sfnt_Table(f, FT_SFNT_OS2));
    ASSERT_NE(os2, nullptr);
    ASSERT_GT(os2->sTypoAscender, 0);
    EXPECT_EQ(face.ascender(), os2->sTypoAscender);
    EXPECT_EQ(face.descender(), os2->sTypoDescender);
    if (os2->version >= 2 && os2->sCapHeight > 0) {
      EXPECT_EQ(face.cap_height(), os2->sCapHeight);
    }
    const auto* post = static_cast<const TT_Postscript*>(FT_Get_Sfnt_Table(f, FT_SFNT_POST));
    ASSERT_NE(post, nullptr);
    EXPECT_EQ(face.italic_angle(), static_cast<int>((post->italicAngle + 0x8000) >> 16));
  }
  EXPECT_GE(faces.size(), 3u);
}

TEST(Resolve, AbsentFamilyIsSkippedAndTheChainFallsThrough) {
  REQUIRE_FACE(noto, kNotoSerif, kNotoPackage, false);
  FontRegistry& registry = test_fonts();
  if (registry.find("仿宋_GB2312") != nullptr) GTEST_SKIP() << "仿宋_GB2312 is installed here";
  EXPECT_TRUE(registry.resolve({"仿宋_GB2312"}).faces.empty());
  FaceChain chain = registry.resolve({"仿宋_GB2312", "方正小标宋简体", kNotoSerif});
  ASSERT_EQ(chain.faces.size(), 1u);
  EXPECT_EQ(chain.faces[0], noto);
}

TEST(Resolve, OrderIsKeptAndRepeatsDropped) {
  REQUIRE_FACE(noto, kNotoSerif, kNotoPackage, false);
  REQUIRE_FACE(ukai, kUkai, kUkaiPackage, false);
  FaceChain chain = test_fonts().resolve({kUkai, "No Such Family", kNotoSerif, kUkai});
  ASSERT_EQ(chain.faces.size(), 2u);
  EXPECT_EQ(chain.faces[0], ukai);
  EXPECT_EQ(chain.faces[1], noto);
  EXPECT_EQ(file_name(ukai), "ukai.ttc");
  EXPECT_EQ(ukai->index(), 0);
  EXPECT_FALSE(ukai->is_cff());
}

TEST(Resolve, FamilyNamesIgnoreAsciiCaseAndSpacesOnly) {
  REQUIRE_FACE(noto, kNotoSerif, kNotoPackage, false);
  EXPECT_EQ(test_fonts().find("noto serif cjk sc"), noto);
  EXPECT_EQ(test_fonts().find("NotoSerifCJKSC"), noto);
  EXPECT_EQ(test_fonts().find("Noto Serif CJK"), nullptr);
}

TEST(Resolve, BoldPrefersTheBoldFile) {
  REQUIRE_FACE(regular, kNotoSerif, kNotoPackage, false);
  REQUIRE_FACE(bold, kNotoSerif, kNotoPackage, true);
  EXPECT_NE(bold, regular);
  EXPECT_EQ(file_name(bold), "NotoSerifCJK-Bold.ttc");
  EXPECT_EQ(bold->index(), 2);
  EXPECT_EQ(bold->postscript_name(), "NotoSerifCJKsc-Bold");
  FaceChain chain = test_fonts().resolve({kNotoSerif}, true);
  ASSERT_EQ(chain.faces.size(), 1u);
  EXPECT_EQ(chain.faces[0], bold);
}

TEST(Resolve, BoldOfAFamilyWithoutBoldIsItsRegularFace) {
  REQUIRE_FACE(ukai, kUkai, kUkaiPackage, false);
  EXPECT_EQ(test_fonts().find(kUkai, true), ukai);
}

TEST(Resolve, CachedAndThreadSafe) {
  REQUIRE_FACE(noto, kNotoSerif, kNotoPackage, false);
  FontRegistry registry;  // fresh, so that the threads race to fill the caches
  std::vector<const Face*> seen(4, nullptr);
  std::vector<size_t> glyph_counts(4, 0);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < seen.size(); ++t) {
    threads.emplace_back([&, t] {
      FaceChain chain = registry.resolve({"仿宋_GB2312", kNotoSerif, kUkai});
      seen[t] = chain.faces.empty() ? nullptr : chain.faces[0];
      if (seen[t] != nullptr) glyph_counts[t] = shape(*seen[t], kText, 0, 18).size();
    });
  }
  for (std::thread& t : threads) t.join();
  for (size_t t = 0; t < seen.size(); ++t) {
    EXPECT_EQ(seen[t], seen[0]);
    EXPECT_EQ(glyph_counts[t], 6u);
  }
  ASSERT_NE(seen[0], nullptr);
  EXPECT_EQ(seen[0]->path(), noto->path());
  EXPECT_EQ(registry.load(noto->path(), 2), seen[0]);
}

TEST(Resolve, RegistryOfGivenFilesSeesOnlyThem) {
  REQUIRE_FACE(ukai, kUkai, kUkaiPackage, false);
  FontRegistry registry({ukai->path()});
  const Face* face = registry.find(kUkai);
  ASSERT_NE(face, nullptr);
  EXPECT_EQ(face->path(), ukai->path());
  EXPECT_EQ(face->index(), 0);
  EXPECT_EQ(registry.find(kNotoSerif), nullptr);
  EXPECT_EQ(registry.find("DejaVu Sans"), nullptr);
}

// A folder given to the registry takes part before the system's fonts: a family it holds is
// served from it, and families it lacks still come from the system.
TEST(Resolve, GivenFolderTakesPartBeforeSystemFonts) {
  REQUIRE_FACE(ukai, kUkai, kUkaiPackage, false);
  REQUIRE_FACE(noto, kNotoSerif, kNotoPackage, false);
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(::testing::TempDir()) / "paiban-font-folder";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path copy = dir / fs::path(ukai->path()).filename();
  fs::create_symlink(ukai->path(), copy);

  FontRegistry registry(FontRegistryOptions{{dir.string()}, true});
  const Face* face = registry.find(kUkai);
  ASSERT_NE(face, nullptr);
  EXPECT_EQ(face->path(), copy.string());
  EXPECT_NE(test_fonts().find(kUkai)->path(), copy.string());  // the system's own copy
  const Face* system = registry.find(kNotoSerif);
  ASSERT_NE(system, nullptr);
  EXPECT_EQ(system->path(), noto->path());

  FontRegistry only(FontRegistryOptions{{dir.string()}, false});
  ASSERT_NE(only.find(kUkai), nullptr);
  EXPECT_EQ(only.find(kNotoSerif), nullptr);
  fs::remove_all(dir);
}

TEST(Resolve, DescribeChainNamesFileIndexAndFamilyOrNone) {
  REQUIRE_FACE(noto, kNotoSerif, kNotoPackage, false);
  if (test_fonts().find("仿宋_GB2312") != nullptr) {
    GTEST_SKIP() << "仿宋_GB2312 is installed";
  }
  std::string line = describe_chain(test_fonts(), "body", {"仿宋_GB2312", kNotoSerif});
  EXPECT_EQ(line, "body: 仿宋_GB2312 → none; Noto Serif CJK SC → " + noto->path() +
                      ":2:Noto Serif CJK SC");
  EXPECT_EQ(describe_chain(test_fonts(), "title", {}), "title: (no families) → none");
}

// --- Face ------------------------------------------------------------------------------------

TEST(Face, LoadErrorsThrow) {
  REQUIRE_FACE(ukai, kUkai, kUkaiPackage, false);
  FontRegistry registry;
  EXPECT_THROW(registry.load(ukai->path(), 99), std::runtime_error);
  EXPECT_THROW(registry.load(ukai->path() + ".absent", 0), std::runtime_error);
  EXPECT_THROW(Face(ukai->path(), -1), std::runtime_error);
  EXPECT_EQ(registry.load(ukai->path(), 1), registry.load(ukai->path(), 1));
  EXPECT_EQ(registry.load(ukai->path(), 1)->family(), "AR PL UKai HK");
}

TEST(Face, TrueTypeMetadataHasFallbacks) {
  REQUIRE_FACE(ukai, kUkai, kUkaiPackage, false);
  EXPECT_EQ(ukai->upem(), 1024);
  EXPECT_EQ(ukai->postscript_name(), "UKaiCN");
  EXPECT_GT(ukai->ascender(), 0);
  EXPECT_LT(ukai->descender(), 0);
  EXPECT_GT(ukai->cap_height(), 0);  // OS/2 version 1 has no sCapHeight: measured from 'H'
  EXPECT_LT(ukai->cap_height(), ukai->ascender());
}

TEST(Face, HasCharAgreesWithTheCmap) {
  REQUIRE_FACE(noto, kNotoSerif, kNotoPackage, false);
  for (char32_t cp : {U'政', U'“', U'A', U'\U0001F600', U'\uE000'}) {
    hb_codepoint_t gid = 0;
    bool mapped = hb_font_get_nominal_glyph(noto->hb_font(), cp, &gid);
    EXPECT_EQ(noto->has_char(cp), mapped) << "U+" << std::hex << static_cast<uint32_t>(cp);
  }
  EXPECT_TRUE(noto->has_char(U'政'));
}

TEST(Face, HasCharAnswersAgainAsTheCmapDoesOnEveryThread) {
  REQUIRE_FACE(noto, kNotoSerif, kNotoPackage, false);
  REQUIRE_FACE(ukai, kUkai, kUkaiPackage, false);
  // Every seventh code point of the BMP and a few beyond, asked on two threads at once, then
  // again: the kept answers are the cmap's, per face.
  auto ask_all = [](const Face* face, std::vector<char>& answers) {
    answers.clear();
    for (char32_t cp = 0; cp < 0x10000; cp += 7) answers.push_back(face->has_char(cp) ? 1 : 0);
    for (char32_t cp : {U'\U00020000', U'\U0001F600'}) answers.push_back(face->has_char(cp));
  };
  for (const Face* face : {noto, ukai}) {
    std::vector<char> cmap;
    for (char32_t cp = 0; cp < 0x10000; cp += 7) {
      hb_codepoint_t gid = 0;
      cmap.push_back(hb_font_get_nominal_glyph(face->hb_font(), cp, &gid) ? 1 : 0);
    }
    for (char32_t cp : {U'\U00020000', U'\U0001F600'}) {
      hb_codepoint_t gid = 0;
      cmap.push_back(hb_font_get_nominal_glyph(face->hb_font(), cp, &gid) ? 1 : 0);
    }
    std::vector<char> first, second, again;
    std::thread other([&] { ask_all(face, second); });
    ask_all(face, first);
    other.join();
    ask_all(face, again);
    EXPECT_EQ(first, cmap) << face->path();
    EXPECT_EQ(second, cmap) << face->path();
    EXPECT_EQ(again, cmap) << face->path();
  }
  // The two faces differ somewhere, so the answers are not shared between them.
  std::vector<char> a, b;
  ask_all(noto, a);
  ask_all(ukai, b);
  EXPECT_NE(a, b);
}

// --- LruCache --------------------------------------------------------------------------------

TEST(LruCache, ServesWhatWasAddedComparingWholeKeys) {
  LruCache<std::string, int, 1> cache(1000);
  int value = 0;
  EXPECT_FALSE(cache.find("a", 1, value));
  cache.add("a", 1, 10, 100);
  ASSERT_TRUE(cache.find("a", 1, value));
  EXPECT_EQ(value, 10);
  // Another key of the same hash is not served the first one's value, and replaces it.
  EXPECT_FALSE(cache.find("b", 1, value));
  cache.add("b", 1, 20, 100);
  EXPECT_FALSE(cache.find("a", 1, value));
  ASSERT_TRUE(cache.find("b", 1, value));
  EXPECT_EQ(value, 20);
}

TEST(LruCache, KeepsItsBoundDroppingTheLeastRecentlyUsed) {
  LruCache<std::string, int, 1> cache(300);
  cache.add("a", 1, 1, 100);
  cache.add("b", 2, 2, 100);
  cache.add("c", 3, 3, 100);
  int value = 0;
  ASSERT_TRUE(cache.find("a", 1, value));  // "a" is now the most recently used
  cache.add("d", 4, 4, 100);               // over the bound: "b" goes
  EXPECT_FALSE(cache.find("b", 2, value));
  EXPECT_TRUE(cache.find("a", 1, value));
  EXPECT_TRUE(cache.find("c", 3, value));
  EXPECT_TRUE(cache.find("d", 4, value));
  cache.add("big", 5, 5, 250);  // leaves room for none of the others
  EXPECT_TRUE(cache.find("big", 5, value));
  EXPECT_FALSE(cache.find("a", 1, value));
  EXPECT_FALSE(cache.find("c", 3, value));
  EXPECT_FALSE(cache.find("d", 4, value));
}

// --- shape -----------------------------------------------------------------------------------

TEST(Shape, SixHanziSixGlyphsWithByteOffsetClusters) {
  REQUIRE_FACE(noto, kNotoSerif, kNotoPackage, false);
  std::string text = kText;
  std::vector<ShapedGlyph> glyphs = shape(*noto, text, 0, text.size());
  ASSERT_EQ(glyphs.size(), 6u);
  for (size_t i = 0; i < glyphs.size(); ++i) {
    EXPECT_NE(glyphs[i].gid, 0u);
    EXPECT_EQ(glyphs[i].cluster, 3 * i);
    EXPECT_EQ(glyphs[i].x_advance, 1000);  // font units: scale = upem
    EXPECT_EQ(static_cast<uint32_t>(glyphs[i].x_advance), noto->h_advance(glyphs[i].gid));
  }
}

TEST(Shape, SliceKeepsOffsetsIntoTheWholeText) {
  REQUIRE_FACE(noto, kNotoSerif, kNotoPackage, false);
  std::string text = kText;
  std::vector<ShapedGlyph> whole = shape(*noto, text, 0, text.size());
  std::vector<ShapedGlyph> slice = shape(*noto, text, 6, 12);  // 信息
  ASSERT_EQ(slice.size(), 2u);
  EXPECT_EQ(slice[0].cluster, 6u);
  EXPECT_EQ(slice[1].cluster, 9u);
  EXPECT_EQ(slice[0].gid, whole[2].gid);
  EXPECT_EQ(slice[1].gid, whole[3].gid);
}

TEST(Shape, SliceFarIntoALongText) {
  REQUIRE_FACE(noto, kNotoSerif, kNotoPackage, false);
  std::string text;
  for (int i = 0; i < 100; ++i) text += kText;
  size_t begin = 3 * 6 * 50 + 3;
  std::vector<ShapedGlyph> glyphs = shape(*noto, text, begin, begin + 9);
  ASSERT_EQ(glyphs.size(), 3u);
  EXPECT_EQ(glyphs[0].cluster, begin);
  EXPECT_EQ(glyphs[2].cluster, begin + 6);
}

TEST(Shape, OutOfRangeIsClamped) {
  REQUIRE_FACE(noto, kNotoSerif, kNotoPackage, false);
  std::string text = kText;
  EXPECT_TRUE(shape(*noto, text, 12, 6).empty());
  EXPECT_TRUE(shape(*noto, text, 100, 200).empty());
  EXPECT_EQ(shape(*noto, text, 15, 1000).size(), 1u);
  EXPECT_TRUE(shape(*noto, "", 0, 0).empty());
}

TEST(Shape, LatinAndDigitsHaveGlyphs) {
  REQUIRE_FACE(noto, kNotoSerif, kNotoPackage, false);
  std::string text = "PDF 2023年";
  std::vector<ShapedGlyph> glyphs = shape(*noto, text, 0, text.size());
  ASSERT_EQ(glyphs.size(), 9u);
  for (const ShapedGlyph& g : glyphs) EXPECT_NE(g.gid, 0u);
  EXPECT_EQ(glyphs.back().cluster, 8u);
  EXPECT_LT(glyphs[0].x_advance, 1000);  // proportional Latin
}

TEST(Shape, MissingCharacterShapesToNotdef) {
  REQUIRE_FACE(noto, kNotoSerif, kNotoPackage, false);
  std::string text = utf8(0xE000);
  ASSERT_FALSE(noto->has_char(0xE000));
  std::vector<ShapedGlyph> glyphs = shape(*noto, text, 0, text.size());
  ASSERT_EQ(glyphs.size(), 1u);
  EXPECT_EQ(glyphs[0].gid, 0u);
}

// Items are shaped once and then served again (shape.cc keeps the last ones): what is served is
// what shaping gives, at the offsets of the text asked about, for that face and those features.
TEST(Shape, AnItemShapedAgainIsServedAtItsOwnOffsetsForItsFaceAndFeatures) {
  REQUIRE_FACE(noto, kNotoSerif, kNotoPackage, false);
  REQUIRE_FACE(ukai, kUkai, kUkaiPackage, false);
  // The same item with the same 64 bytes of context either side, at two places in two texts.
  const std::string near = std::string(100, 'x') + kText;
  const std::string far = std::string(300, 'y') + std::string(100, 'x') + kText;
  const size_t shift = far.size() - near.size();
  const std::vector<ShapedGlyph> first = shape(*noto, near, 100 + 6, 100 + 12);
  const std::vector<ShapedGlyph> again = shape(*noto, far, shift + 100 + 6, shift + 100 + 12);
  ASSERT_EQ(first.size(), 2u);
  ASSERT_EQ(again.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(first[i].cluster, 100 + 6 + 3 * i);
    EXPECT_EQ(again[i].cluster, first[i].cluster + shift);
    EXPECT_EQ(again[i].gid, first[i].gid);
    EXPECT_EQ(again[i].x_advance, first[i].x_advance);
  }
  // Another face: its own glyphs.
  const std::vector<ShapedGlyph> other = shape(*ukai, near, 100 + 6, 100 + 12);
  ASSERT_EQ(other.size(), 2u);
  hb_codepoint_t gid = 0;
  ASSERT_TRUE(hb_font_get_nominal_glyph(ukai->hb_font(), U'信', &gid));
  EXPECT_EQ(other[0].gid, gid);
  // Other features: 'halt' sets a full-width comma in half its width, and only with it asked.
  const std::string comma = "，";
  const hb_feature_t halt[] = {{HB_TAG('h', 'a', 'l', 't'), 1, 0, static_cast<unsigned>(-1)}};
  const int32_t plain = shape(*noto, comma, 0, comma.size()).at(0).x_advance;
  EXPECT_EQ(shape(*noto, comma, 0, comma.size(), halt).at(0).x_advance, plain / 2);
  EXPECT_EQ(shape(*noto, comma, 0, comma.size()).at(0).x_advance, plain);
}

// --- split_by_face ---------------------------------------------------------------------------

// A character the Noto face has and UKai lacks (Hangul, CJK Extension A), found, not assumed.
char32_t noto_only_char(const Face* ukai, const Face* noto) {
  for (char32_t cp : {U'한', U'㐀', U'“', U'…'}) {
    if (!ukai->has_char(cp) && noto->has_char(cp)) return cp;
  }
  return 0;
}

// A character neither face has (an emoji, private use, a plane-2 hanzi).
char32_t char_no_face_has(const FaceChain& chain) {
  for (char32_t cp : {U'\U0001F600', U'\uE000', U'\U000F0000'}) {
    bool any = false;
    for (const Face* face : chain.faces) any = any || face->has_char(cp);
    if (!any) return cp;
  }
  return 0;
}

class SplitByFace : public ::testing::Test {
 protected:
  void SetUp() override {
    ukai_ = test_fonts().find(kUkai);
    noto_ = test_fonts().find(kNotoSerif);
    if (ukai_ == nullptr) {
      GTEST_SKIP() << kUkai << " not installed (Debian package " << kUkaiPackage << ")";
    }
    if (noto_ == nullptr) {
      GTEST_SKIP() << kNotoSerif << " not installed (Debian package " << kNotoPackage << ")";
    }
    chain_ = test_fonts().resolve({kUkai, kNotoSerif});
    ASSERT_EQ(chain_.faces.size(), 2u);
  }
  const Face* ukai_ = nullptr;
  const Face* noto_ = nullptr;
  FaceChain chain_;
};

TEST_F(SplitByFace, CharacterTheFirstFaceLacksGoesToTheNext) {
  char32_t cp = noto_only_char(ukai_, noto_);
  ASSERT_NE(cp, 0u) << "no candidate that UKai lacks and Noto has";
  std::string text = "政府" + utf8(cp) + "公开";
  std::vector<MissingChar> missing;
  std::vector<FaceRun> runs = split_by_face(chain_, text, &missing);
  EXPECT_TRUE(missing.empty());
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(runs[0].face, ukai_);
  EXPECT_EQ(runs[0].begin, 0u);
  EXPECT_EQ(runs[0].end, 6u);
  EXPECT_EQ(runs[1].face, noto_);
  EXPECT_EQ(runs[1].begin, 6u);
  EXPECT_EQ(runs[1].end, 6 + utf8(cp).size());
  EXPECT_EQ(runs[2].face, ukai_);
  EXPECT_EQ(runs[2].end, text.size());
}

TEST_F(SplitByFace, CharacterNoFaceHasIsReportedAndStaysInTheRun) {
  char32_t cp = char_no_face_has(chain_);
  ASSERT_NE(cp, 0u);
  std::string text = "公开" + utf8(cp) + "信息";
  std::vector<MissingChar> missing;
  std::vector<FaceRun> runs = split_by_face(chain_, text, &missing);
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0].offset, 6u);
  EXPECT_EQ(missing[0].code_point, cp);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].face, ukai_);
  EXPECT_EQ(runs[0].begin, 0u);
  EXPECT_EQ(runs[0].end, text.size());
}

TEST_F(SplitByFace, LeadingMissingCharacterJoinsTheRunAfterIt) {
  char32_t cp = char_no_face_has(chain_);
  char32_t noto_only = noto_only_char(ukai_, noto_);
  ASSERT_NE(cp, 0u);
  ASSERT_NE(noto_only, 0u);
  std::string text = utf8(cp) + utf8(noto_only) + "公";
  std::vector<MissingChar> missing;
  std::vector<FaceRun> runs = split_by_face(chain_, text, &missing);
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0].offset, 0u);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].face, noto_);
  EXPECT_EQ(runs[0].begin, 0u);
  EXPECT_EQ(runs[1].face, ukai_);
}

TEST_F(SplitByFace, MarksAndVariationSelectorsStayWithTheirBase) {
  char32_t noto_only = noto_only_char(ukai_, noto_);
  ASSERT_NE(noto_only, 0u);
  ASSERT_TRUE(ukai_->has_char(0x0301));  // so that only the rule keeps it with the Noto base
  // 公, then a Noto-only base with a combining acute, then 葛 with an ideographic variation
  // selector no face maps (it is default-ignorable: not reported).
  std::string text = "公" + utf8(noto_only) + utf8(0x0301) + "葛" + utf8(0xE0100) + "开";
  std::vector<MissingChar> missing;
  std::vector<FaceRun> runs = split_by_face(chain_, text, &missing);
  EXPECT_TRUE(missing.empty());
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(runs[1].face, noto_);
  EXPECT_EQ(runs[1].begin, 3u);
  EXPECT_EQ(runs[1].end, 3 + utf8(noto_only).size() + 2);
  EXPECT_EQ(runs[2].face, ukai_);
  EXPECT_EQ(runs[2].end, text.size());
}

TEST_F(SplitByFace, ZwjSequenceStaysTogether) {
  char32_t noto_only = noto_only_char(ukai_, noto_);
  ASSERT_NE(noto_only, 0u);
  std::string text = utf8(noto_only) + utf8(0x200D) + "公";
  std::vector<FaceRun> runs = split_by_face(chain_, text, nullptr);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].face, noto_);
}

TEST_F(SplitByFace, InvalidUtf8AndEmptyInput) {
  std::string text = std::string("公") + "\xFF\xE4\xB8" + "开";
  std::vector<MissingChar> missing;
  std::vector<FaceRun> runs = split_by_face(chain_, text, &missing);
  ASSERT_EQ(missing.size(), 3u);  // one U+FFFD per bad byte
  EXPECT_EQ(missing[0].offset, 3u);
  EXPECT_EQ(missing[2].offset, 5u);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].end, text.size());
  EXPECT_TRUE(split_by_face(chain_, "", &missing).empty());
}

TEST_F(SplitByFace, EmptyChainReportsEverything) {
  std::vector<MissingChar> missing;
  EXPECT_TRUE(split_by_face(FaceChain{}, "公开", &missing).empty());
  ASSERT_EQ(missing.size(), 2u);
  EXPECT_EQ(missing[1].offset, 3u);
}

// --- subset ----------------------------------------------------------------------------------

const char* const kReportText = "2023年政府信息公开工作年度报告（一）主动公开情况，“十四五”规划。";

TEST(Subset, CffGivesABareCffTableAndCidCodes) {
  REQUIRE_FACE(noto, kNotoSerif, kNotoPackage, false);
  std::set<uint32_t> gids = glyphs_of(*noto, kReportText);
  SubsetFont font = subset(*noto, gids);
  ASSERT_TRUE(font.cff);
  ASSERT_GE(font.program.size(), 4u);
  EXPECT_EQ(font.program[0], 1);  // CFF header: major version 1
  EXPECT_LT(font.program.size(), 60000u);
  EXPECT_EQ(font.code_for_gid.size(), gids.size() + 1);  // + .notdef
  EXPECT_EQ(font.code_for_gid.at(0), 0);

  FreeType ft;
  FT_Face cff = ft.open_memory(font.program);
  ASSERT_NE(cff, nullptr) << "FreeType cannot open the subset CFF";
  EXPECT_STREQ(FT_Get_Font_Format(cff), "CFF");
  FT_Bool is_cid = 0;
  ASSERT_EQ(FT_Get_CID_Is_Internally_CID_Keyed(cff, &is_cid), 0);
  EXPECT_TRUE(is_cid);
  // FreeType, like PDF viewers, addresses a bare CID-keyed CFF by CID: its glyph count is the
  // highest CID + 1 and glyph index = CID.
  uint16_t max_code = 0;
  for (auto [gid, code] : font.code_for_gid) max_code = std::max(max_code, code);
  EXPECT_EQ(cff->num_glyphs, max_code + 1);
  EXPECT_GT(max_code, gids.size());  // CIDs, not the subset's dense glyph ids

  // Codes are the original CIDs, and each addresses the very glyph shaping chose.
  FT_Face original = ft.open_file(noto->path(), noto->index());
  ASSERT_NE(original, nullptr);
  for (auto [gid, code] : font.code_for_gid) {
    FT_UInt cid = 0;
    ASSERT_EQ(FT_Get_CID_From_Glyph_Index(original, gid, &cid), 0);
    EXPECT_EQ(code, cid) << "glyph " << gid;
    if (gid != 0) expect_same_box(outline_box(original, gid), outline_box(cff, code), gid);
  }
}

TEST(Subset, TrueTypeGivesAnSfntAndNewGlyphIds) {
  REQUIRE_FACE(ukai, kUkai, kUkaiPackage, false);
  std::set<uint32_t> gids = glyphs_of(*ukai, kReportText);
  ASSERT_EQ(gids.count(0), 0u);
  SubsetFont font = subset(*ukai, gids);
  ASSERT_FALSE(font.cff);
  ASSERT_GE(font.program.size(), 12u);
  EXPECT_EQ(font.program.substr(0, 4), std::string("\0\1\0\0", 4));  // sfnt version 1.0
  EXPECT_EQ(font.code_for_gid.size(), gids.size() + 1);

  FreeType ft;
  FT_Face sfnt = ft.open_memory(font.program);
  ASSERT_NE(sfnt, nullptr) << "FreeType cannot open the subset font";
  EXPECT_STREQ(FT_Get_Font_Format(sfnt), "TrueType");
  EXPECT_EQ(sfnt->num_glyphs, static_cast<FT_Long>(gids.size() + 1));
  FT_Face original = ft.open_file(ukai->path(), ukai->index());
  ASSERT_NE(original, nullptr);
  std::set<uint16_t> codes;
  for (auto [gid, code] : font.code_for_gid) {
    codes.insert(code);
    EXPECT_LT(code, sfnt->num_glyphs);
    if (gid != 0) expect_same_box(outline_box(original, gid), outline_box(sfnt, code), gid);
  }
  EXPECT_EQ(codes.size(), font.code_for_gid.size());
  EXPECT_EQ(font.code_for_gid.at(0), 0);
}

TEST(Subset, SameGlyphsSameBytes) {
  REQUIRE_FACE(noto, kNotoSerif, kNotoPackage, false);
  REQUIRE_FACE(ukai, kUkai, kUkaiPackage, false);
  for (const Face* face : {noto, ukai}) {
    std::set<uint32_t> gids = glyphs_of(*face, kReportText);
    SubsetFont first = subset(*face, gids);
    SubsetFont threaded[2];
    std::thread a([&] { threaded[0] = subset(*face, gids); });
    std::thread b([&] { threaded[1] = subset(*face, gids); });
    a.join();
    b.join();
    for (const SubsetFont& again : threaded) {
      EXPECT_EQ(again.program, first.program) << face->path();
      EXPECT_EQ(again.code_for_gid, first.code_for_gid) << face->path();
    }
  }
}

TEST(Subset, GlyphOutsideTheFaceThrows) {
  REQUIRE_FACE(ukai, kUkai, kUkaiPackage, false);
  EXPECT_THROW(subset(*ukai, {ukai->glyph_count()}), std::runtime_error);
}

TEST(Subset, OnlyNotdef) {
  REQUIRE_FACE(noto, kNotoSerif, kNotoPackage, false);
  SubsetFont font = subset(*noto, {});
  EXPECT_FALSE(font.program.empty());
  ASSERT_EQ(font.code_for_gid.size(), 1u);
  EXPECT_EQ(font.code_for_gid.at(0), 0);
}

// A face keeps its cmap-less view for every subset (a batch subsets the same faces for every
// report): what the view parsed for one subset must not change the next one's program or codes,
// which must be what a fresh face gives.
TEST(Subset, RepeatedSubsetsOfOneFaceMatchFreshFaces) {
  const auto data = std::filesystem::path(PAIBAN_SOURCE_DIR) / "tests/fonts/data";
  const std::string file = (data / "NotoSerifCJKsc-Regular-subset.otf").string();
  const Face repeated(file, 0);
  ASSERT_TRUE(repeated.is_cff());
  EXPECT_EQ(repeated.cff_subset_source(), repeated.cff_subset_source()) << "the view is kept";
  const std::vector<std::string> texts = {kReportText, "政府信息公开", "2023年（一）“十四五”",
                                          kReportText};
  for (size_t i = 0; i < texts.size(); ++i) {
    const Face fresh(file, 0);
    const SubsetFont expected = subset(fresh, glyphs_of(fresh, texts[i]));
    const SubsetFont font = subset(repeated, glyphs_of(repeated, texts[i]));
    EXPECT_TRUE(font.program == expected.program) << "text " << i;
    EXPECT_EQ(font.code_for_gid, expected.code_for_gid) << "text " << i;
  }
}

// cached_subset: the subset subset() makes, served again for the same face and glyphs; never a
// subset of another face, even one at the same address or of the same file.
TEST(Subset, CachedSubsetIsTheSubsetOfItsFaceAndGlyphs) {
  const auto data = std::filesystem::path(PAIBAN_SOURCE_DIR) / "tests/fonts/data";
  const std::string file = (data / "NotoSerifCJKsc-Regular-subset.otf").string();
  std::optional<Face> slot;
  slot.emplace(file, 0);
  const std::set<uint32_t> report = glyphs_of(*slot, kReportText);
  const std::set<uint32_t> other = glyphs_of(*slot, "政府信息公开");
  ASSERT_NE(report, other);

  const std::shared_ptr<const SubsetFont> first = cached_subset(*slot, report);
  const SubsetFont expected = subset(*slot, report);
  EXPECT_TRUE(first->program == expected.program);
  EXPECT_EQ(first->code_for_gid, expected.code_for_gid);
  EXPECT_EQ(cached_subset(*slot, report).get(), first.get()) << "served again";
  const std::shared_ptr<const SubsetFont> second = cached_subset(*slot, other);
  EXPECT_NE(second.get(), first.get());
  EXPECT_TRUE(second->program == subset(*slot, other).program);

  const Face same_file(file, 0);
  EXPECT_NE(same_file.serial(), slot->serial());
  const std::shared_ptr<const SubsetFont> of_same_file = cached_subset(same_file, report);
  EXPECT_NE(of_same_file.get(), first.get()) << "another face's subset";
  EXPECT_TRUE(of_same_file->program == expected.program);

  // A face made where a destroyed one was: its own serial, so none of the old face's subsets.
  const uint64_t old_serial = slot->serial();
  slot.reset();
  slot.emplace(file, 0);
  EXPECT_NE(slot->serial(), old_serial);
  EXPECT_NE(cached_subset(*slot, report).get(), first.get());
}

// The cache holds 16 MB of programs: older subsets make room for new ones and are made again
// when asked for, unchanged.
TEST(Subset, CachedSubsetsAreBoundedAndMadeAgainWhenDropped) {
  REQUIRE_FACE(ukai, kUkai, kUkaiPackage, false);
  std::vector<std::set<uint32_t>> sets;
  for (uint32_t k = 0; k < 12; ++k) {
    std::set<uint32_t> gids;
    for (uint32_t g = 1 + k; g < 6000 && g < ukai->glyph_count(); ++g) gids.insert(g);
    sets.push_back(std::move(gids));
  }
  const std::shared_ptr<const SubsetFont> first = cached_subset(*ukai, sets[0]);
  const std::string program = first->program;
  size_t bytes = 0;
  for (size_t k = 1; k < sets.size(); ++k) bytes += cached_subset(*ukai, sets[k])->program.size();
  ASSERT_GT(bytes, size_t{16} << 20) << "the later subsets alone exceed the bound";
  const std::shared_ptr<const SubsetFont> again = cached_subset(*ukai, sets[0]);
  EXPECT_NE(again.get(), first.get()) << "the first subset was dropped";
  EXPECT_TRUE(again->program == program);
  EXPECT_EQ(cached_subset(*ukai, sets.back()).get(), cached_subset(*ukai, sets.back()).get());
}

// find_for_char: a character a chain lacks is looked for among every font the source has; a
// source of the checked-in subsets has 中 and no Hebrew.
TEST(FindForChar, FindsAFaceThatHasTheCharacterAmongTheFontsGiven) {
  const auto data = std::filesystem::path(PAIBAN_SOURCE_DIR) / "tests/fonts/data";
  FontRegistry only({(data / "NotoSansCJKsc-Regular-subset.otf").string()});
  const Face* face = only.find_for_char(U'中');
  ASSERT_NE(face, nullptr);
  EXPECT_TRUE(face->has_char(U'中'));
  EXPECT_EQ(only.find_for_char(0x05E9), nullptr);
  EXPECT_EQ(only.find_for_char(0x0378), nullptr);  // unassigned: no font has it
}

// split_by_face: ASCII goes to the Latin chain first, everything else to the role's chain; a
// character the Latin chain lacks falls back to the role's chain.
TEST(LatinChainSplit, LatinChainServesAsciiFirst) {
  const auto data = std::filesystem::path(PAIBAN_SOURCE_DIR) / "tests/fonts/data";
  FontRegistry only({(data / "NotoSerifCJKsc-Regular-subset.otf").string(),
                     (data / "NotoSansCJKsc-Regular-subset.otf").string()});
  const Face* serif = only.find("Noto Serif CJK SC");
  const Face* sans = only.find("Noto Sans CJK SC");
  ASSERT_NE(serif, nullptr);
  ASSERT_NE(sans, nullptr);
  const FaceChain chain{{serif}};
  const FaceChain latin{{sans}};
  const std::string text = "年2022年";
  const std::vector<FaceRun> runs = split_by_face(chain, text, nullptr, &latin);
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(runs[0].face, serif);
  EXPECT_EQ(runs[1].face, sans);
  EXPECT_EQ(text.substr(runs[1].begin, runs[1].end - runs[1].begin), "2022");
  EXPECT_EQ(runs[2].face, serif);
  // Control: without the Latin chain one run.
  EXPECT_EQ(split_by_face(chain, text, nullptr).size(), 1u);
}

// The Fandol Bold faces declare weight 400; their style name decides, so the regular face serves
// regular text and the bold face bold text.
TEST(Resolve, FandolRegularAndBoldAreToldApartByTheirStyle) {
  const Face* regular = test_fonts().find("FandolHei", false);
  if (regular == nullptr) GTEST_SKIP() << "FandolHei is not installed (tools/setup.sh)";
  const Face* bold = test_fonts().find("FandolHei", true);
  ASSERT_NE(bold, nullptr);
  EXPECT_EQ(regular->postscript_name(), "FandolHei-Regular");
  EXPECT_EQ(bold->postscript_name(), "FandolHei-Bold");
}

}  // namespace
}  // namespace paiban::fonts

namespace paiban::fonts {
namespace {

// --- the copying CFF subsetter (cff_subset.h) -------------------------------------------------

std::filesystem::path font_data() {
  return std::filesystem::path(PAIBAN_SOURCE_DIR) / "tests/fonts/data";
}

std::filesystem::path flat_font_dir() {
  return std::filesystem::path(PAIBAN_SOURCE_DIR) / "tests/fonts/flat";
}

std::string cff_table(const Face& face) {
  hb_blob_t* blob = hb_face_reference_table(face.hb_face(), HB_TAG('C', 'F', 'F', ' '));
  unsigned length = 0;
  const char* data = hb_blob_get_data(blob, &length);
  std::string bytes = data != nullptr ? std::string(data, length) : std::string();
  hb_blob_destroy(blob);
  return bytes;
}

// A glyph as FreeType draws it, unscaled and unhinted: every point, tag and contour end, and the
// advance its charstring gives.
struct Outline {
  std::vector<std::pair<FT_Pos, FT_Pos>> points;
  std::vector<char> tags;
  std::vector<short> contours;
  FT_Pos advance = 0;
  bool operator==(const Outline&) const = default;
};

Outline outline_of(FT_Face face, FT_UInt index) {
  Outline o;
  EXPECT_EQ(FT_Load_Glyph(face, index, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING), 0) << index;
  const FT_Outline& outline = face->glyph->outline;
  for (int i = 0; i < outline.n_points; ++i) {
    o.points.emplace_back(outline.points[i].x, outline.points[i].y);
    o.tags.push_back(outline.tags[i]);
  }
  o.contours.assign(outline.contours, outline.contours + outline.n_contours);
  o.advance = face->glyph->metrics.horiAdvance;
  return o;
}

// The faces the copying path serves: the checked-in CID-keyed subset without subroutines (four
// Font DICTs), and the Fandol fonts tools/setup.sh installs, where present.
std::vector<std::unique_ptr<Face>> flat_cff_faces() {
  std::vector<std::unique_ptr<Face>> faces;
  faces.push_back(
      std::make_unique<Face>((flat_font_dir() / "NotoSerifCJKsc-Regular-flat.otf").string(), 0));
  for (const char* family : {"FandolFang", "FandolKai", "FandolSong", "FandolHei"}) {
    if (const Face* face = test_support::test_fonts().find(family, false)) {
      faces.push_back(std::make_unique<Face>(face->path(), face->index()));
    }
  }
  return faces;
}

TEST(CffSubset, CidKeyedWithoutSubroutinesIsCopiedGlyphForGlyph) {
  const std::string text = std::string(kReportText) + "政府信息公开年度报告";
  size_t checked = 0;
  for (const auto& face : flat_cff_faces()) {
    SCOPED_TRACE(face->path());
    const std::set<uint32_t> gids = glyphs_of(*face, text);
    ASSERT_GT(gids.size(), 10u);
    // subset() takes the copying path for this face, and gives what it gives.
    const std::optional<CffSubset> copied = subset_cid_cff_without_subrs(cff_table(*face), gids);
    ASSERT_TRUE(copied.has_value());
    const SubsetFont font = subset(*face, gids);
    ASSERT_TRUE(font.cff);
    EXPECT_EQ(font.program, copied->program);
    ASSERT_EQ(copied->cids.size(), gids.size() + 1);
    ASSERT_EQ(font.code_for_gid.size(), gids.size() + 1);

    FreeType ft;
    FT_Face cff = ft.open_memory(font.program);
    ASSERT_NE(cff, nullptr) << "FreeType cannot open the copied CFF";
    FT_Bool is_cid = 0;
    ASSERT_EQ(FT_Get_CID_Is_Internally_CID_Keyed(cff, &is_cid), 0);
    EXPECT_TRUE(is_cid);
    FT_Face original = ft.open_file(face->path(), face->index());
    ASSERT_NE(original, nullptr);
    uint16_t max_code = 0;
    for (auto [gid, code] : font.code_for_gid) {
      FT_UInt cid = 0;
      ASSERT_EQ(FT_Get_CID_From_Glyph_Index(original, gid, &cid), 0);
      EXPECT_EQ(code, cid) << "glyph " << gid;
      max_code = std::max(max_code, code);
      // A bare CID-keyed CFF is addressed by CID, as a PDF viewer addresses it.
      EXPECT_TRUE(outline_of(original, gid) == outline_of(cff, code)) << "glyph " << gid;
      ++checked;
    }
    EXPECT_EQ(cff->num_glyphs, max_code + 1);
  }
  EXPECT_GT(checked, 30u);
}

TEST(CffSubset, SubroutinesAndTrueTypeGoToHbSubset) {
  // The checked-in Noto subsets keep Noto's global and local subroutines.
  const Face noto((font_data() / "NotoSerifCJKsc-Regular-subset.otf").string(), 0);
  EXPECT_FALSE(subset_cid_cff_without_subrs(cff_table(noto), glyphs_of(noto, kReportText)));
  EXPECT_FALSE(subset_cid_cff_without_subrs("", {1}));
  const Face flat((flat_font_dir() / "NotoSerifCJKsc-Regular-flat.otf").string(), 0);
  EXPECT_FALSE(subset_cid_cff_without_subrs(cff_table(flat), {flat.glyph_count()}))
      << "a glyph beyond the CharStrings";
}

// The kept charstrings fetched through a reader (as subset() fetches them from the font file)
// make the same program as copied from the table, neighbours sharing a read; a reader that fails
// is asked no more, the copy does the rest, and the program is still the same.
TEST(CffSubset, CharstringsFetchedThroughAReaderMakeTheSameProgram) {
  const std::string text = std::string(kReportText) + "政府信息公开年度报告";
  size_t spread = 0;  // faces whose kept charstrings needed several reads
  for (const auto& face : flat_cff_faces()) {
    SCOPED_TRACE(face->path());
    const std::string cff = cff_table(*face);
    std::set<uint32_t> gids = glyphs_of(*face, text);
    for (uint32_t gid = 1; gid < 40 && gid < face->glyph_count(); ++gid) gids.insert(gid);
    const std::optional<CffSubset> copied = subset_cid_cff_without_subrs(cff, gids);
    ASSERT_TRUE(copied.has_value());

    size_t reads = 0;
    size_t bytes = 0;
    const CffTableReader reader = [&](size_t offset, size_t size, char* out) {
      EXPECT_LE(offset + size, cff.size());
      ++reads;
      bytes += size;
      std::copy(cff.data() + offset, cff.data() + offset + size, out);
      return true;
    };
    const std::optional<CffSubset> read = subset_cid_cff_without_subrs(cff, gids, reader);
    ASSERT_TRUE(read.has_value());
    EXPECT_TRUE(read->program == copied->program);
    EXPECT_EQ(read->cids, copied->cids);
    EXPECT_GE(reads, 1u);
    EXPECT_LT(reads, gids.size()) << "glyphs 0 to 39, stored side by side, share reads";
    if (reads > 1) {
      ++spread;
      EXPECT_LT(bytes, cff.size() / 4) << "only the kept glyphs' neighbourhoods are read";
    }

    for (size_t fail_at = 0; fail_at < std::min<size_t>(reads, 4); ++fail_at) {
      size_t calls = 0;
      const CffTableReader failing = [&](size_t offset, size_t size, char* out) {
        if (calls++ == fail_at) {
          std::fill(out, out + size, '\xee');  // whatever a failed read left behind
          return false;
        }
        std::copy(cff.data() + offset, cff.data() + offset + size, out);
        return true;
      };
      const std::optional<CffSubset> partly = subset_cid_cff_without_subrs(cff, gids, failing);
      ASSERT_TRUE(partly.has_value());
      EXPECT_TRUE(partly->program == copied->program) << "failing at read " << fail_at;
      EXPECT_EQ(calls, fail_at + 1) << "no read after the one that failed";
    }
  }
  if (spread == 0) {
    GTEST_SKIP() << "no installed Fandol font: only the checked-in subset, whose charstrings "
                    "all lie within one read";
  }
}

// A face reads its file only while the file is the one it mapped: replaced (renamed over) or
// touched, the reader refuses, and the face's subsets still come from its mapping, as before.
TEST(Face, ReadsItsFileOnlyWhileItIsTheFileItMapped) {
  namespace fs = std::filesystem;
  const fs::path dir = test_support::scratch_dir("face-file-reader");
  const fs::path path = dir / "font.otf";
  fs::copy_file(flat_font_dir() / "NotoSerifCJKsc-Regular-flat.otf", path,
                fs::copy_options::overwrite_existing);
  const Face face(path.string(), 0);
  const std::set<uint32_t> gids = glyphs_of(face, kReportText);
  const std::optional<CffSubset> from_table = subset_cid_cff_without_subrs(cff_table(face), gids);
  ASSERT_TRUE(from_table.has_value());

  hb_blob_t* table = hb_face_reference_table(face.hb_face(), HB_TAG('C', 'F', 'F', ' '));
  unsigned length = 0;
  const char* data = hb_blob_get_data(table, &length);
  const std::optional<uint64_t> at = face.file_offset(data);
  ASSERT_TRUE(at.has_value());
  {
    const Face::FileReader reader(face);
    ASSERT_TRUE(reader.ok());
    std::string bytes(length, '\0');
    ASSERT_TRUE(reader.read(*at, length, bytes.data()));
    EXPECT_TRUE(bytes == std::string(data, length));
    EXPECT_FALSE(reader.read(fs::file_size(path) - 1, 2, bytes.data())) << "past the end";
  }
  hb_blob_destroy(table);
  EXPECT_FALSE(face.file_offset(nullptr).has_value());
  const std::string elsewhere = "not in the file";
  EXPECT_FALSE(face.file_offset(elsewhere.data()).has_value());
  EXPECT_TRUE(subset(face, gids).program == from_table->program);
  {
    // A face's first readers only (subset.cc takes its first two subsets from the file).
    const Face fresh(path.string(), 0);
    EXPECT_TRUE(Face::FileReader(fresh, 2).ok());
    EXPECT_TRUE(Face::FileReader(fresh, 2).ok());
    EXPECT_FALSE(Face::FileReader(fresh, 2).ok());
    EXPECT_TRUE(subset(fresh, gids).program == from_table->program) << "from the mapping";
  }

  // Another font renamed over the file: the face keeps its mapping of the old one.
  const fs::path other = dir / "other.otf";
  fs::copy_file(font_data() / "NotoSansCJKsc-Regular-subset.otf", other,
                fs::copy_options::overwrite_existing);
  fs::rename(other, path);
  EXPECT_FALSE(Face::FileReader(face).ok());
  EXPECT_TRUE(subset(face, gids).program == from_table->program);

  // The old bytes back under a new inode, or touched in place: refused too.
  fs::copy_file(flat_font_dir() / "NotoSerifCJKsc-Regular-flat.otf", path,
                fs::copy_options::overwrite_existing);
  EXPECT_FALSE(Face::FileReader(face).ok());
  const Face again(path.string(), 0);
  EXPECT_TRUE(Face::FileReader(again).ok());
  fs::last_write_time(path, fs::last_write_time(path) + std::chrono::seconds(5));
  EXPECT_FALSE(Face::FileReader(again).ok());
  EXPECT_TRUE(subset(again, gids).program == from_table->program);
}

// A program's charset read back glyph by glyph gives the CIDs FreeType gives: for the Noto subset
// with subroutines (what hb-subset's output is read with), the flat subset, and the copied
// subset of it; damaged or cut short, it declines without reading outside the table (ASan).
TEST(CffSubset, GlyphCidsAreTheCharsetsAsFreeTypeReadsIt) {
  FreeType ft;
  for (const std::filesystem::path& file : {font_data() / "NotoSerifCJKsc-Regular-subset.otf",
                                            flat_font_dir() / "NotoSerifCJKsc-Regular-flat.otf"}) {
    SCOPED_TRACE(file.string());
    const Face face(file.string(), 0);
    const std::string cff = cff_table(face);
    const std::optional<std::vector<uint16_t>> cids = cff_glyph_cids(cff);
    ASSERT_TRUE(cids.has_value());
    ASSERT_EQ(cids->size(), face.glyph_count());
    FT_Face original = ft.open_file(file.string(), 0);
    ASSERT_NE(original, nullptr);
    for (uint32_t gid = 0; gid < face.glyph_count(); ++gid) {
      FT_UInt cid = 0;
      ASSERT_EQ(FT_Get_CID_From_Glyph_Index(original, gid, &cid), 0);
      EXPECT_EQ((*cids)[gid], cid) << "glyph " << gid;
    }
    const std::optional<CffSubset> copied =
        subset_cid_cff_without_subrs(cff, glyphs_of(face, kReportText));
    if (copied) {
      EXPECT_EQ(cff_glyph_cids(copied->program), copied->cids);
    }
    size_t declined = 0;
    for (size_t length = 0; length < cff.size(); length += 1 + cff.size() / 500) {
      // A copy of the prefix alone, so that a read past its end is a read outside the allocation.
      const std::vector<char> cut(cff.begin(), cff.begin() + static_cast<std::ptrdiff_t>(length));
      const std::optional<std::vector<uint16_t>> from_cut =
          cff_glyph_cids(std::string_view(cut.data(), cut.size()));
      // What follows the structures it reads (FDArray, Private DICTs) may be cut off.
      if (from_cut) {
        EXPECT_EQ(*from_cut, *cids) << "cut at " << length;
      }
      declined += from_cut ? 0 : 1;
    }
    EXPECT_GT(declined, 100u);
  }
  EXPECT_FALSE(cff_glyph_cids("").has_value());
}

// Subsetting a copied subset to all of its glyphs gives it back byte for byte: every structure
// the copy writes reads back as it was written.
TEST(CffSubset, TheSubsetOfASubsetToAllItsGlyphsIsItself) {
  const Face flat((flat_font_dir() / "NotoSerifCJKsc-Regular-flat.otf").string(), 0);
  const std::optional<CffSubset> once =
      subset_cid_cff_without_subrs(cff_table(flat), glyphs_of(flat, "政府公开年度"));
  ASSERT_TRUE(once.has_value());
  std::set<uint32_t> all;
  for (uint32_t gid = 1; gid < once->cids.size(); ++gid) all.insert(gid);
  const std::optional<CffSubset> twice = subset_cid_cff_without_subrs(once->program, all);
  ASSERT_TRUE(twice.has_value());
  EXPECT_TRUE(twice->program == once->program);
  EXPECT_EQ(twice->cids, once->cids);
}

// Damaged programs: cut short at every length, and each of the first bytes changed. The copy
// either declines (nullopt) or gives a program; it never reads outside the table (ASan in CI).
TEST(CffSubset, DamagedProgramsNeverReadOutsideTheTable) {
  const Face flat((flat_font_dir() / "NotoSerifCJKsc-Regular-flat.otf").string(), 0);
  const std::string cff = cff_table(flat);
  const std::set<uint32_t> gids = glyphs_of(flat, kReportText);
  size_t declined = 0;
  for (size_t length = 0; length < cff.size(); ++length) {
    // A copy of the prefix alone, so that a read past its end is a read outside the allocation.
    const std::vector<char> cut(cff.begin(), cff.begin() + static_cast<std::ptrdiff_t>(length));
    declined +=
        subset_cid_cff_without_subrs(std::string_view(cut.data(), cut.size()), gids) ? 0 : 1;
  }
  EXPECT_EQ(declined, cff.size()) << "a program cut short is never taken whole";
  for (size_t at = 0; at < std::min<size_t>(cff.size(), 400); ++at) {
    for (unsigned char value : {0x00, 0x01, 0x0c, 0x1d, 0x1e, 0x7f, 0xff}) {
      std::string damaged = cff;
      damaged[at] = static_cast<char>(value);
      (void)subset_cid_cff_without_subrs(damaged, gids);
    }
  }
}

}  // namespace
}  // namespace paiban::fonts
