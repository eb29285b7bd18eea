// Exact-value tests of the PDF writer's pure parts: number and string syntax, ToUnicode and /W
// building, clusters and /ActualText, content-stream operators, dates and XMP.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pdf/content_stream.h"
#include "pdf/font_embedding.h"
#include "pdf/metadata.h"
#include "pdf/pdf_syntax.h"

namespace paiban::pdf {
namespace {

using page::Glyph;
using page::GlyphRun;
using page::LU;
using page::pt_to_lu;

TEST(PdfSyntax, NumbersAreTrimmedAndLocaleFree) {
  EXPECT_EQ(format_number(12.5), "12.5");
  EXPECT_EQ(format_number(3.0), "3");
  EXPECT_EQ(format_number(-0.0001), "0");
  EXPECT_EQ(format_number(1.23456), "1.235");
  EXPECT_EQ(format_number(-83.333, 2), "-83.33");
  EXPECT_EQ(format_number(10000000), "10000000");
  std::string out;
  append_points(out, 1);  // 1/64 pt, exactly
  EXPECT_EQ(out, "0.015625");
}

TEST(PdfSyntax, Utf16AndHex) {
  EXPECT_EQ(utf16be_hex("一A"), "4E000041");
  EXPECT_EQ(utf16be_hex("\xF0\x9F\x98\x80"), "D83DDE00");  // U+1F600: a surrogate pair
  EXPECT_EQ(utf16be_hex("\xFF"), "FFFD");                  // invalid byte
  EXPECT_EQ(text_string_hex("⼀"), "<FEFF2F00>");
  EXPECT_EQ(sanitize_utf8("a\xC3"), "a\xEF\xBF\xBD");  // truncated sequence
  std::string code;
  append_code_hex(code, 0x0A1F);
  EXPECT_EQ(code, "<0A1F>");
}

// FIPS 180-2's test vectors for SHA-256 (what the /ID and the subset tags are made from).
TEST(PdfSyntax, Sha256GivesThePublishedDigests) {
  auto hex = [](const std::array<unsigned char, 32>& digest) {
    std::string out;
    for (unsigned char byte : digest) {
      out += "0123456789abcdef"[byte >> 4];
      out += "0123456789abcdef"[byte & 0xF];
    }
    return out;
  };
  EXPECT_EQ(hex(sha256("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(hex(sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(hex(sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(FontEmbedding, WidthsScaleAndRound) {
  EXPECT_EQ(pdf_glyph_width(1000, 1000), 1000);
  EXPECT_EQ(pdf_glyph_width(1024, 2048), 500);
  EXPECT_EQ(pdf_glyph_width(1, 2048), 0);
  EXPECT_EQ(pdf_glyph_width(3, 2048), 1);  // 1.46 → 1
  EXPECT_EQ(to_thousandths(-120, 1000), -120);
  EXPECT_EQ(to_thousandths(-3, 2048), -1);
}

TEST(FontEmbedding, WidthGroupsSkipTheDefault) {
  const std::map<uint16_t, int> widths = {{1, 1000}, {2, 500}, {3, 500}, {5, 600}, {6, 1000}};
  const std::vector<WidthGroup> groups = group_widths(widths, 1000);
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].first, 2);
  EXPECT_EQ(groups[0].widths, (std::vector<int>{500, 500}));
  EXPECT_EQ(groups[1].first, 5);
  EXPECT_EQ(groups[1].widths, (std::vector<int>{600}));
}

TEST(FontEmbedding, ToUnicodeCMap) {
  const std::string cmap =
      build_to_unicode_cmap({{1, "一"}, {2, "fi"}, {3, "\xF0\x9F\x98\x80"}, {4, ""}});
  EXPECT_NE(cmap.find("1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"),
            std::string::npos);
  EXPECT_NE(cmap.find("3 beginbfchar\n<0001> <4E00>\n<0002> <00660069>\n<0003> <D83DDE00>\n"
                      "endbfchar\n"),
            std::string::npos);
  EXPECT_EQ(cmap.find("<0004>"), std::string::npos);
}

TEST(FontEmbedding, ToUnicodeBlocksHoldAtMostOneHundredEntries) {
  std::map<uint16_t, std::string> texts;
  for (uint16_t c = 1; c <= 250; ++c) texts[c] = "a";
  const std::string cmap = build_to_unicode_cmap(texts);
  EXPECT_NE(cmap.find("100 beginbfchar"), std::string::npos);
  EXPECT_NE(cmap.find("50 beginbfchar"), std::string::npos);
}

TEST(FontEmbedding, SubsetTagIsStableUppercaseAndDependsOnTheGlyphs) {
  const std::string a = subset_tag("NotoSerifCJKsc-Regular", {3, 5, 8});
  EXPECT_EQ(a.size(), 6u);
  for (char c : a) EXPECT_TRUE(c >= 'A' && c <= 'Z') << a;
  EXPECT_EQ(a, subset_tag("NotoSerifCJKsc-Regular", {3, 5, 8}));
  EXPECT_NE(a, subset_tag("NotoSerifCJKsc-Regular", {3, 5, 9}));
  EXPECT_NE(a, subset_tag("AR-PL-UKai-CN", {3, 5, 8}));
  EXPECT_EQ(pdf_font_name("AR PL/UKai"), "AR-PL-UKai");
  EXPECT_EQ(pdf_font_name(""), "Font");
}

struct TextGlyph {
  uint32_t gid = 0;
  LU advance = 0;
  std::string text;  // the cluster's text; empty: a later glyph of a cluster
};

// A run of these glyphs, each cluster's text held in the run.
GlyphRun run_of(const std::vector<TextGlyph>& glyphs) {
  GlyphRun run;
  for (const TextGlyph& t : glyphs) {
    Glyph g;
    g.gid = t.gid;
    g.advance = t.advance;
    g.natural_advance = t.advance;
    run.add_glyph(g, t.text);
  }
  return run;
}

// Glyph i of `run` replaced by `t` (its text appended to the run's).
void replace_glyph(GlyphRun& run, size_t i, const TextGlyph& t) {
  Glyph& g = run.glyphs[i];
  g.gid = t.gid;
  g.advance = t.advance;
  g.natural_advance = t.advance;
  g.text_begin = static_cast<uint32_t>(run.text.size());
  g.text_length = static_cast<uint32_t>(t.text.size());
  run.text += t.text;
}

TEST(FontEmbedding, FirstTextWinsAndClustersSplitOnText) {
  page::PageModel model;
  model.fonts.resize(1);
  model.pages.resize(1);
  const GlyphRun run =
      run_of({{10, 768, "一"}, {20, 768, "fi"}, {21, 0, ""}, {10, 768, "⼀"}, {0, 768, "?"}});
  model.pages[0].runs.push_back(run);
  const std::vector<FontGlyphs> fonts = collect_font_glyphs(model);
  ASSERT_EQ(fonts.size(), 1u);
  EXPECT_EQ(fonts[0].gids, (std::set<uint32_t>{10, 20, 21}));
  EXPECT_EQ(fonts[0].text_for_gid.at(10), "一");
  EXPECT_EQ(fonts[0].text_for_gid.count(21), 0u);

  const std::vector<GlyphCluster> clusters = split_clusters(run);
  ASSERT_EQ(clusters.size(), 4u);
  EXPECT_EQ(clusters[1].begin, 1u);
  EXPECT_EQ(clusters[1].end, 3u);
  EXPECT_FALSE(needs_actual_text(run, clusters[0], fonts[0].text_for_gid));
  EXPECT_FALSE(needs_actual_text(run, clusters[1], fonts[0].text_for_gid));
  EXPECT_TRUE(needs_actual_text(run, clusters[2], fonts[0].text_for_gid));
  EXPECT_TRUE(needs_actual_text(run, clusters[3], fonts[0].text_for_gid));  // .notdef
}

TEST(FontEmbedding, AGlyphFirstDrawnInsideAClusterTakesTheTextItLaterStartsPerFont) {
  page::PageModel model;
  model.fonts.resize(2);
  model.pages.resize(2);
  // Glyph 21 first continues a cluster (no text), then starts one ("乙") on the next page; in the
  // second font the same glyph ids are another font's and keep their own texts. A glyph id past
  // 16 bits is recorded as any other.
  GlyphRun first = run_of({{20, 768, "甲"}, {21, 0, ""}, {70000, 768, "丙"}});
  first.font = 0;
  GlyphRun second = run_of({{21, 768, "乙"}, {20, 768, "丁"}, {70000, 768, "戊"}});
  second.font = 0;
  GlyphRun other = run_of({{21, 768, "己"}, {20, 0, ""}});
  other.font = 1;
  model.pages[0].runs = {first, other};
  model.pages[1].runs = {second};
  const std::vector<FontGlyphs> fonts = collect_font_glyphs(model);
  ASSERT_EQ(fonts.size(), 2u);
  EXPECT_EQ(fonts[0].gids, (std::set<uint32_t>{20, 21, 70000}));
  EXPECT_EQ(fonts[0].text_for_gid,
            (std::map<uint32_t, std::string>{{20, "甲"}, {21, "乙"}, {70000, "丙"}}));
  EXPECT_EQ(fonts[1].gids, (std::set<uint32_t>{20, 21}));
  EXPECT_EQ(fonts[1].text_for_gid, (std::map<uint32_t, std::string>{{21, "己"}}));
}

TEST(FontEmbedding, ContinuationGlyphMappedElsewhereNeedsActualText) {
  const GlyphRun run = run_of({{5, 768, "é"}, {6, 0, ""}});
  const std::map<uint32_t, std::string> texts = {{5, "é"}, {6, "\xCC\x81"}};
  EXPECT_TRUE(needs_actual_text(run, GlyphCluster{0, 2}, texts));
}

class ContentStreamTest : public ::testing::Test {
 protected:
  void SetUp() override {
    font_.resource_name = "F0";
    font_.code_for_gid = {{10, 1}, {11, 2}, {12, 3}};
    font_.width_for_gid = {{10, 1000}, {11, 1000}, {12, 1000}};
    font_.text_for_gid = {{10, "一"}, {11, "二"}, {12, "三"}};
    run_.font = 0;
    run_.size = pt_to_lu(12);
    run_.x = pt_to_lu(72);
    run_.y = pt_to_lu(100);
    const GlyphRun glyphs =
        run_of({{10, pt_to_lu(12), "一"}, {11, pt_to_lu(12), "二"}, {12, pt_to_lu(12), "三"}});
    run_.text = glyphs.text;
    run_.glyphs = glyphs.glyphs;
  }
  std::string draw() {
    std::string out;
    append_glyph_run(out, run_, kPageHeight, font_);
    return out;
  }
  static constexpr LU kPageHeight = 800 * 64;
  ContentFont font_;
  GlyphRun run_;
};

TEST_F(ContentStreamTest, NaturalAdvancesNeedNoAdjustment) {
  EXPECT_EQ(draw(), "BT\n/F0 12 Tf\n1 0 0 1 72 700 Tm\n[<000100020003>]TJ\nET\n");
}

TEST_F(ContentStreamTest, JustifiedAdvanceBecomesANegativeAdjustment) {
  run_.glyphs[1].advance += pt_to_lu(1);  // 1 pt = 83.33/1000 em at 12 pt
  EXPECT_EQ(draw(), "BT\n/F0 12 Tf\n1 0 0 1 72 700 Tm\n[<00010002>-83.33<0003>]TJ\nET\n");
}

TEST_F(ContentStreamTest, CompressedAdvanceBecomesAPositiveAdjustment) {
  run_.glyphs[0].advance = pt_to_lu(6);  // half-width punctuation
  EXPECT_EQ(draw(), "BT\n/F0 12 Tf\n1 0 0 1 72 700 Tm\n[<0001>500<00020003>]TJ\nET\n");
}

TEST_F(ContentStreamTest, XOffsetMovesOneGlyphOnly) {
  run_.glyphs[1].x_offset = pt_to_lu(1);
  EXPECT_EQ(draw(), "BT\n/F0 12 Tf\n1 0 0 1 72 700 Tm\n[<0001>-83.33<0002>83.33<0003>]TJ\nET\n");
}

TEST_F(ContentStreamTest, YOffsetIsATextRise) {
  run_.glyphs[1].y_offset = pt_to_lu(3);
  EXPECT_EQ(draw(),
            "BT\n/F0 12 Tf\n1 0 0 1 72 700 Tm\n[<0001>]TJ\n3 Ts\n[<0002>]TJ\n0 Ts\n"
            "[<0003>]TJ\nET\n");
}

TEST_F(ContentStreamTest, SyntheticBoldStrokesTheText) {
  run_.synthetic_bold = true;
  EXPECT_EQ(draw(), "q 2 Tr 0.36 w\nBT\n/F0 12 Tf\n1 0 0 1 72 700 Tm\n[<000100020003>]TJ\nET\nQ\n");
}

TEST_F(ContentStreamTest, ConflictingTextGetsAnActualTextSpan) {
  replace_glyph(run_, 1, {10, pt_to_lu(12), "⼀"});  // the glyph of 一, standing for U+2F00
  EXPECT_EQ(draw(),
            "BT\n/F0 12 Tf\n1 0 0 1 72 700 Tm\n[<0001>]TJ\n/Span<</ActualText<FEFF2F00>>>BDC\n"
            "[<0001>]TJ\nEMC\n[<0003>]TJ\nET\n");
}

TEST_F(ContentStreamTest, NotdefIsSkippedButItsAdvanceKept) {
  replace_glyph(run_, 1, {0, pt_to_lu(12), ""});
  EXPECT_EQ(draw(), "BT\n/F0 12 Tf\n1 0 0 1 72 700 Tm\n[<0001>-1000<0003>]TJ\nET\n");
}

TEST(ContentStream, PathsFlipToBottomLeftOriginAndSetOnlyWhatChanges) {
  page::Page page;
  page.width = pt_to_lu(600);
  page.height = pt_to_lu(800);
  const page::Color black = page::Color::black();
  page.paths.push_back(page::line_path(pt_to_lu(72), pt_to_lu(100), pt_to_lu(523), pt_to_lu(100),
                                       pt_to_lu(1), black, page::LineCap::kSquare));
  page.paths.push_back(page::line_path(pt_to_lu(72), pt_to_lu(100), pt_to_lu(72), pt_to_lu(200),
                                       pt_to_lu(1), black, page::LineCap::kSquare));
  page::Path filled = page::rect_path(pt_to_lu(72), pt_to_lu(100), pt_to_lu(10), pt_to_lu(20));
  filled.fill = true;
  filled.fill_color = page::Color::gray(0.9);
  page.paths.push_back(filled);
  page::Path boxed = page::rect_path(pt_to_lu(72), pt_to_lu(100), pt_to_lu(10), pt_to_lu(20));
  boxed.stroke = true;
  boxed.stroke_width = pt_to_lu(0.5);
  boxed.stroke_color = page::Color::rgb(1, 0, 0);
  boxed.cap = page::LineCap::kButt;
  boxed.dash.pattern = {pt_to_lu(3), pt_to_lu(1)};
  page.paths.push_back(boxed);
  page::Path both = boxed;
  both.fill = true;
  both.fill_color = page::Color::cmyk(0, 1, 1, 0);
  both.dash = {};
  page.paths.push_back(both);
  EXPECT_EQ(build_page_content(page, {}),
            "q 2 J\n1 w\n72 700 m 523 700 l S\n72 700 m 72 600 l S\n"
            "0.9 g\n72 700 m 82 700 l 82 680 l 72 680 l h f\n"
            "0 J\n0.5 w\n[3 1] 0 d\n1 0 0 RG\n72 700 m 82 700 l 82 680 l 72 680 l h S\n"
            "[] 0 d\n0 1 1 0 k\n72 700 m 82 700 l 82 680 l 72 680 l h B\nQ\n");
}

TEST(ContentStream, TextColourIsSetWhenItChangesAndSpotColoursUseTheirSpace) {
  page::Page page;
  page.width = pt_to_lu(600);
  page.height = pt_to_lu(800);
  ContentFont font;
  font.resource_name = "F0";
  font.code_for_gid = {{1, 1}};
  font.width_for_gid = {{1, 1000}};
  font.text_for_gid = {{1, "a"}};
  page::GlyphRun run;
  run.size = pt_to_lu(10);
  run.x = pt_to_lu(10);
  run.y = pt_to_lu(100);
  run.add_glyph(page::Glyph{1, pt_to_lu(10), pt_to_lu(10), 0, 0}, "a");
  ContentResources resources;
  resources.colors = {page::Color::black(), page::Color::rgb(1, 0, 0),
                      page::Color::spot("PANTONE 485 C", 0.5, {0, 0.95, 1, 0})};
  page.runs.push_back(run);  // black: nothing to set
  run.color = 1;
  page.runs.push_back(run);
  page.runs.push_back(run);  // still red: not set again
  run.color = 2;
  page.runs.push_back(run);
  run.color = 3;  // not in the palette: the run is skipped
  page.runs.push_back(run);
  resources.spot_names["PANTONE 485 C"] = "CS0";
  const std::string text = "BT\n/F0 10 Tf\n1 0 0 1 10 700 Tm\n[<0001>]TJ\nET\n";
  EXPECT_EQ(build_page_content(page, {&font}, resources),
            text + "1 0 0 rg\n" + text + text + "/CS0 cs 0.5 scn\n" + text);
  // Without its colour space a spot colour falls back to the alternate at its tint.
  EXPECT_EQ(color_operator(resources.colors[2], true, {}), "0 0.475 0.5 0 K\n");
}

TEST(ContentStream, ImagesAreScaledIntoTheirBoxBelowOrAboveTheText) {
  page::Page page;
  page.width = pt_to_lu(600);
  page.height = pt_to_lu(800);
  page.images.push_back(page::PlacedImage{1, pt_to_lu(100), pt_to_lu(50), pt_to_lu(80),
                                          pt_to_lu(40), true, page::kArtifact});
  page.images.push_back(page::PlacedImage{0, 0, 0, pt_to_lu(600), pt_to_lu(800), false,
                                          page::kArtifact});
  ContentResources resources;
  resources.image_names = {"Im0", "Im1"};
  EXPECT_EQ(build_page_content(page, {}, resources),
            "q 600 0 0 800 0 0 cm /Im0 Do Q\nq 80 0 0 40 100 710 cm /Im1 Do Q\n");
}

TEST(ContentStream, TaggedItemsGetMcidsAndArtifactsAreMarked) {
  std::vector<page::StructElement> structure(3);
  structure[1].role = page::StructRole::kHeading;
  structure[1].level = 2;
  structure[2].role = page::StructRole::kTableCell;
  structure[2].header = true;
  page::Page page;
  page.width = pt_to_lu(600);
  page.height = pt_to_lu(800);
  page.paths.push_back(
      page::line_path(0, pt_to_lu(100), pt_to_lu(10), pt_to_lu(100), 64, page::Color::black()));
  ContentFont font;
  font.resource_name = "F0";
  font.code_for_gid = {{1, 1}};
  font.width_for_gid = {{1, 1000}};
  font.text_for_gid = {{1, "a"}};
  page::GlyphRun run;
  run.size = pt_to_lu(10);
  run.y = pt_to_lu(100);
  run.add_glyph(page::Glyph{1, pt_to_lu(10), pt_to_lu(10), 0, 0}, "a");
  run.structure = 2;
  page.runs.push_back(run);
  run.structure = page::kArtifact;  // a page number
  page.runs.push_back(run);
  run.structure = 1;
  page.runs.push_back(run);
  PageTags tags;
  tags.structure = &structure;
  const std::string text = "BT\n/F0 10 Tf\n1 0 0 1 0 700 Tm\n[<0001>]TJ\nET\n";
  EXPECT_EQ(build_page_content(page, {&font}, {}, &tags),
            "/Artifact BMC\nq 1 w\n0 700 m 10 700 l S\nQ\nEMC\n"
            "/TH <</MCID 0>>BDC\n" + text + "EMC\n/Artifact BMC\n" + text +
                "EMC\n/H2 <</MCID 1>>BDC\n" + text + "EMC\n");
  EXPECT_EQ(tags.mcid_element, (std::vector<int>{2, 1}));
  // Untagged: the same operators without marks.
  EXPECT_EQ(build_page_content(page, {&font}), "q 1 w\n0 700 m 10 700 l S\nQ\n" + text + text + text);
}

TEST(Metadata, ModelDateStaysADate) {
  std::vector<Diagnostic> diagnostics;
  const DocumentDates d = resolve_dates("2023-03-15", 1700000000, diagnostics);
  EXPECT_EQ(d.pdf, "D:20230315");
  EXPECT_EQ(d.xmp, "2023-03-15");
  EXPECT_TRUE(diagnostics.empty());
}

TEST(Metadata, EpochGivesUtcTime) {
  std::vector<Diagnostic> diagnostics;
  DocumentDates d = resolve_dates("", 0, diagnostics);
  EXPECT_EQ(d.pdf, "D:20000101000000Z");
  EXPECT_EQ(d.xmp, "2000-01-01T00:00:00Z");
  d = resolve_dates("", 1700000000, diagnostics);
  EXPECT_EQ(d.pdf, "D:20231114221320Z");
  EXPECT_EQ(d.xmp, "2023-11-14T22:13:20Z");
  EXPECT_TRUE(diagnostics.empty());
}

TEST(Metadata, InvalidDateWarnsAndFallsBack) {
  std::vector<Diagnostic> diagnostics;
  const DocumentDates d = resolve_dates("2023-02-30", 0, diagnostics);
  EXPECT_EQ(d.pdf, "D:20000101000000Z");
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].severity, Severity::kWarning);
}

TEST(Metadata, XmpEscapesAndCarriesTheFields) {
  page::DocumentInfo info;
  info.title = "年度报告 <草稿> & 附件";
  info.author = "红旗区城乡建设局";
  info.keywords = "政府信息公开";
  const std::string xmp = build_xmp(info, DocumentDates{"D:20230315", "2023-03-15"});
  EXPECT_NE(xmp.find("<rdf:li xml:lang=\"x-default\">年度报告 &lt;草稿&gt; &amp; 附件</rdf:li>"),
            std::string::npos);
  EXPECT_NE(xmp.find("<dc:creator><rdf:Seq><rdf:li>红旗区城乡建设局</rdf:li>"), std::string::npos);
  EXPECT_NE(xmp.find("<pdf:Keywords>政府信息公开</pdf:Keywords>"), std::string::npos);
  EXPECT_NE(xmp.find("<xmp:CreateDate>2023-03-15</xmp:CreateDate>"), std::string::npos);
  EXPECT_NE(xmp.find("<dc:language><rdf:Bag><rdf:li>zh-CN</rdf:li>"), std::string::npos);
  EXPECT_EQ(xmp.find("dc:description"), std::string::npos);  // empty subject: left out
}

}  // namespace
}  // namespace paiban::pdf
