// Fonts by role: the real FangSong (FandolFang) serves the body, Latin letters and digits take the
// role's Latin face, characters a chain lacks are found in any installed font, a character no font
// has is reported once, and a heavy design (小标宋) is never emboldened synthetically.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "fonts/font_registry.h"
#include "layout_test_util.h"
#include "pipeline.h"

namespace paiban::layout {
namespace {

namespace fs = std::filesystem;
using testing::body_spec;
using testing::gbt9704;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string utf8(char32_t cp) { return encode_utf8(std::u32string(1, cp)); }

const fonts::Face* installed(const std::string& family) {
  return test_support::test_fonts().find(family);
}

// The face that serves each character of `text`, cluster by cluster.
std::vector<std::pair<char32_t, const fonts::Face*>> faces_of(const std::string& text,
                                                              FontContext& fonts,
                                                              std::vector<Diagnostic>& d) {
  const ShapedParagraph shaped = itemize_and_shape(body_spec(text), fonts, d);
  std::vector<std::pair<char32_t, const fonts::Face*>> out;
  for (const Cluster& c : shaped.clusters) out.emplace_back(c.cp, c.face);
  return out;
}

TEST(FontRoles, FangIsServedByARealFangSongBeforeAnySong) {
  const fonts::Face* fandol = installed("FandolFang");
  if (fandol == nullptr) GTEST_SKIP() << "FandolFang is not installed (tools/setup.sh)";
  // Only when no office 仿宋 is installed does FandolFang serve; then it must, not Noto Serif.
  for (const char* office : {"仿宋_GB2312", "仿宋", "FangSong", "方正仿宋_GBK"}) {
    if (installed(office) != nullptr) GTEST_SKIP() << office << " is installed";
  }
  FontContext fonts(test_support::test_fonts(), gbt9704());
  ASSERT_FALSE(fonts.chain(FontRole::kFang, false).chain.faces.empty());
  EXPECT_EQ(fonts.chain(FontRole::kFang, false).chain.faces.front(), fandol);
  const fonts::Face* kai = installed("FandolKai");
  ASSERT_NE(kai, nullptr) << "tools/setup.sh installs FandolKai with FandolFang";
  if (installed("楷体_GB2312") == nullptr && installed("楷体") == nullptr) {
    EXPECT_EQ(fonts.chain(FontRole::kKai, false).chain.faces.front(), kai);
  }
}

// Every character of the samples and of the real reports of the shared corpus is in FandolFang,
// so the body is never set in a Song design character by character.
TEST(FontRoles, FandolFangCoversEveryCharacterOfTheSamplesAndTheCorpus) {
  const fonts::Face* fandol = installed("FandolFang");
  if (fandol == nullptr) GTEST_SKIP() << "FandolFang is not installed (tools/setup.sh)";
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(fs::path(PAIBAN_SOURCE_DIR) / "samples")) {
    if (fs::exists(e.path() / "report.json")) files.push_back(e.path() / "report.json");
  }
  const fs::path corpus = fs::path(PAIBAN_SHARED_DIR) / "corpus";
  const bool have_corpus = fs::is_directory(corpus);
  if (have_corpus) {
    for (const auto& e : fs::recursive_directory_iterator(corpus)) {
      if (e.path().extension() == ".txt") files.push_back(e.path());
    }
  }
  ASSERT_GE(files.size(), 4u);
  std::set<char32_t> lacking;
  size_t checked = 0;
  for (const fs::path& file : files) {
    for (char32_t cp : testing::code_points(read_file(file))) {
      // ASCII goes to the Latin chain (Times New Roman practice); controls draw nothing.
      if (cp < 0x80 || cp == 0xFEFF) continue;
      ++checked;
      if (!fandol->has_char(cp)) lacking.insert(cp);
    }
  }
  EXPECT_GT(checked, 1000u);
  std::string list;
  for (char32_t cp : lacking) list += utf8(cp) + " ";
  EXPECT_TRUE(lacking.empty()) << "FandolFang lacks: " << list;
  if (!have_corpus) GTEST_SKIP() << "samples checked; the shared corpus is absent: " << corpus;
}

TEST(FontRoles, LatinLettersAndDigitsTakeTheRolesLatinFace) {
  const fonts::Face* latin = installed("Liberation Serif");
  if (latin == nullptr) GTEST_SKIP() << "Liberation Serif is not installed (fonts-liberation2)";
  if (installed("Times New Roman") != nullptr) GTEST_SKIP() << "Times New Roman is installed";
  FontContext fonts(test_support::test_fonts(), gbt9704());
  std::vector<Diagnostic> d;
  const auto faces = faces_of("2022年度GDP增长5.2%", fonts, d);
  ASSERT_FALSE(faces.empty());
  const fonts::Face* han = fonts.chain(FontRole::kFang, false).chain.faces.front();
  for (const auto& [cp, face] : faces) {
    if (cp < 0x80) {
      EXPECT_EQ(face, latin) << "U+" << std::hex << static_cast<unsigned>(cp);
    } else {
      EXPECT_EQ(face, han) << "U+" << std::hex << static_cast<unsigned>(cp);
    }
  }
  EXPECT_TRUE(d.empty());
}

// Control: a style without a Latin chain sets digits in the role's face.
TEST(FontRoles, WithoutALatinChainDigitsStayInTheRolesFace) {
  styles::Style style = gbt9704();
  style.fonts[FontRole::kFang].latin.clear();
  FontContext fonts(test_support::test_fonts(), style);
  if (fonts.chain(FontRole::kFang, false).chain.faces.empty()) GTEST_SKIP() << "no CJK font";
  std::vector<Diagnostic> d;
  const fonts::Face* han = fonts.chain(FontRole::kFang, false).chain.faces.front();
  for (const auto& [cp, face] : faces_of("2022年", fonts, d)) EXPECT_EQ(face, han);
}

// Hebrew and Arabic are in no CJK font: they are found in an installed font that has them
// (DejaVu on Debian) instead of being dropped.
TEST(FontRoles, CharactersTheChainLacksAreFoundInAnyInstalledFont) {
  const char32_t shin = 0x05E9, alef = 0x0627;
  if (test_support::test_fonts().find_for_char(shin) == nullptr ||
      test_support::test_fonts().find_for_char(alef) == nullptr) {
    GTEST_SKIP() << "no installed font has Hebrew and Arabic (fonts-dejavu-core)";
  }
  FontContext fonts(test_support::test_fonts(), gbt9704());
  if (fonts.chain(FontRole::kFang, false).chain.faces.empty()) GTEST_SKIP() << "no CJK font";
  std::vector<Diagnostic> d;
  const auto faces = faces_of("希伯来文שלום，阿拉伯文سلام。", fonts, d);
  EXPECT_TRUE(d.empty()) << d.front().message;
  int hebrew = 0, arabic = 0;
  for (const auto& [cp, face] : faces) {
    ASSERT_NE(face, nullptr);
    if (cp >= 0x0590 && cp <= 0x05FF) {
      ++hebrew;
      EXPECT_TRUE(face->has_char(cp));
    }
    if (cp >= 0x0600 && cp <= 0x06FF) {
      ++arabic;
      EXPECT_TRUE(face->has_char(cp));
    }
  }
  EXPECT_EQ(hebrew, 4);  // every letter kept (Arabic letters may join into fewer clusters)
  EXPECT_GE(arabic, 1);
}

// U+0378 is unassigned: no font has it. It is reported once for the document, however often it
// occurs, and the text around it is kept.
TEST(FontRoles, ACharacterNoFontHasIsReportedOncePerCharacter) {
  FontContext fonts(test_support::test_fonts(), gbt9704());
  if (fonts.chain(FontRole::kFang, false).chain.faces.empty()) GTEST_SKIP() << "no CJK font";
  std::vector<Diagnostic> d;
  const std::string odd = utf8(0x0378);
  const auto first = faces_of("甲" + odd + "乙" + odd + "丙", fonts, d);
  faces_of("丁" + odd, fonts, d);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].severity, Severity::kWarning);
  EXPECT_NE(d[0].message.find("U+0378"), std::string::npos) << d[0].message;
  EXPECT_EQ(first.size(), 3u);  // 甲乙丙 kept
  // A second character no font has is a second report.
  faces_of(utf8(0x0379), fonts, d);
  EXPECT_EQ(d.size(), 2u);
}

// 小标宋 is a heavy design: the title role (heavy) never strokes its face to fake bold, while a
// role whose face has no bold (the Regular subset alone) is emboldened.
TEST(FontRoles, AHeavyRoleIsNeverFakeBolded) {
  const fs::path regular =
      fs::path(PAIBAN_SOURCE_DIR) / "tests/fonts/data/NotoSerifCJKsc-Regular-subset.otf";
  fonts::FontRegistry only_regular(std::vector<std::string>{regular.string()});
  FontContext fonts(only_regular, gbt9704());
  ASSERT_TRUE(gbt9704().fonts.at(FontRole::kTitle).heavy);
  const ResolvedChain& title = fonts.chain(FontRole::kTitle, true);
  const ResolvedChain& fang = fonts.chain(FontRole::kFang, true);
  ASSERT_EQ(title.chain.faces.size(), 1u);
  ASSERT_EQ(fang.chain.faces.size(), 1u);
  EXPECT_FALSE(title.is_synthetic_bold(title.chain.faces.front()));
  EXPECT_TRUE(fang.is_synthetic_bold(fang.chain.faces.front()));
  // Control: the same title role without `heavy` is emboldened.
  styles::Style light = gbt9704();
  light.fonts[FontRole::kTitle].heavy = false;
  FontContext light_fonts(only_regular, light);
  const ResolvedChain& light_title = light_fonts.chain(FontRole::kTitle, true);
  EXPECT_TRUE(light_title.is_synthetic_bold(light_title.chain.faces.front()));
}

Report two_paragraphs() {
  Report report;
  report.metadata.title = "替代字体";
  for (const char* text : {"第一段正文。", "第二段正文。"}) {
    Paragraph p;
    Run run;
    run.text = text;
    p.runs.push_back(run);
    report.body.push_back(p);
  }
  return report;
}

// render names, once per role, the stand-in that serves it when the office font is absent.
TEST(FontRoles, RenderWarnsOncePerRoleSetInAStandIn) {
  if (installed("仿宋_GB2312") != nullptr) GTEST_SKIP() << "仿宋_GB2312 is installed";
  RenderOptions options;
  options.style = "gbt9704";
  const RenderResult result = detail::render(two_paragraphs(), options, test_support::test_fonts());
  if (!result.ok()) GTEST_SKIP() << "no CJK font installed (fonts-noto-cjk)";
  int fang = 0;
  for (const Diagnostic& d : result.diagnostics) {
    if (d.pointer != "/style/fonts/fang") continue;
    ++fang;
    EXPECT_EQ(d.severity, Severity::kWarning);
    EXPECT_NE(d.message.find("stand-in"), std::string::npos) << d.message;
    EXPECT_NE(d.message.find("仿宋_GB2312"), std::string::npos) << d.message;
  }
  EXPECT_EQ(fang, 1);
}

// A table's cells are shaped once at the style's sizes and laid out at the chosen one by
// rescaling that shaping (table sizing). What rescale gives must be what shaping at the new sizes
// gives, widths adjusted or not: the same clusters, glyphs, advances and offsets, to the unit.
TEST(Rescale, GivesWhatShapingAtTheNewSizesGives) {
  FontContext fonts(test_support::test_fonts(), gbt9704());
  if (fonts.chain(FontRole::kFang, false).chain.faces.empty()) GTEST_SKIP() << "no CJK font";
  auto spec_at = [](double scale) {
    ParagraphSpec spec = body_spec("");
    spec.spans.clear();
    const struct {
      const char* text;
      FontRole role;
      bool bold;
      double pt;
    } parts[] = {{"营业收入（万元）：", FontRole::kHei, true, 12},
                 // At scale 1 the body size: set on the character grid (an adjusted em).
                 {"2023年为1,234.5，增长12%——“稳中有进”。", FontRole::kFang, false, 16},
                 {"Office 365、Ⅳ、①、ﬁ、שלום", FontRole::kKai, false, 9}};
    for (const auto& part : parts) {
      StyledSpan span;
      span.text = part.text;
      span.role = part.role;
      span.bold = part.bold;
      span.size = pt_to_lu(part.pt * scale);
      spec.spans.push_back(span);
    }
    return spec;
  };
  std::vector<Diagnostic> d;
  const ShapedParagraph measured = prepare_paragraph(spec_at(1.0), fonts, d, /*units=*/true);
  ASSERT_FALSE(measured.clusters.empty());
  for (double scale : {0.75, 0.9, 1.0, 1.3}) {
    SCOPED_TRACE(scale);
    const ParagraphSpec spec = spec_at(scale);
    ShapedParagraph expected = itemize_and_shape(spec, fonts, d);
    find_break_opportunities(expected, spec.kinsoku);
    ShapedParagraph got = rescale(measured, spec);
    for (bool adjusted : {false, true}) {
      if (adjusted) {
        adjust_widths(spec, expected);
        adjust_widths(spec, got);
      }
      ASSERT_EQ(got.text, expected.text);
      ASSERT_EQ(got.clusters.size(), expected.clusters.size());
      for (size_t i = 0; i < got.clusters.size(); ++i) {
        const Cluster& g = got.clusters[i];
        const Cluster& e = expected.clusters[i];
        SCOPED_TRACE("cluster " + std::to_string(i) + " at byte " + std::to_string(e.begin));
        EXPECT_EQ(g.begin, e.begin);
        EXPECT_EQ(g.end, e.end);
        EXPECT_EQ(g.span, e.span);
        EXPECT_EQ(g.font, e.font);
        EXPECT_EQ(g.face, e.face);
        EXPECT_EQ(g.size, e.size);
        EXPECT_EQ(g.em, e.em);
        EXPECT_EQ(g.width, e.width);
        EXPECT_EQ(g.break_before, e.break_before);
        ASSERT_EQ(g.glyphs.size(), e.glyphs.size());
        for (size_t k = 0; k < g.glyphs.size(); ++k) {
          EXPECT_EQ(g.glyphs[k].gid, e.glyphs[k].gid);
          EXPECT_EQ(g.glyphs[k].advance, e.glyphs[k].advance);
          EXPECT_EQ(g.glyphs[k].natural_advance, e.glyphs[k].natural_advance);
          EXPECT_EQ(g.glyphs[k].x_offset, e.glyphs[k].x_offset);
          EXPECT_EQ(g.glyphs[k].y_offset, e.glyphs[k].y_offset);
        }
      }
    }
  }
}

}  // namespace
}  // namespace paiban::layout
