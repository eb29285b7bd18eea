// Paragraph layout on real fonts: the GB/T 9704 grid, 避头尾, justification, spacing.
#include <gtest/gtest.h>

#include "layout_test_util.h"
#include "support/test_fonts.h"

namespace paiban::layout {
namespace {

using testing::body_spec;
using testing::code_points;
using testing::gbt9704;

const char* kSeedParagraph =
    "2023 年，区城建局认真贯彻落实上级关于全面推进政府信息公开有关决策部署。不断健全政府信息公开"
    "工作机制，严格依法履行政府信息公开的各项职责，扎实做好重点领域信息公开、政策解读，回应关切、"
    "依申请公开等工作，不断增强政府信息公开工作实效。现将我局政府信息公开工作总结如下：以“应公开尽"
    "公开”为原则，对照 2023 年工作要点，及时公开有关信息。2023 年全年共公示行政许可 28 条，行政处罚"
    " 0 条，行政管理信息填报（监督检查信息）填报 23 个，其他事项 114 条双公示信息及时率、合格率均达到"
    " 100%，瞒报率为 0。收费 5949.088667 万元（含“三安全一稳定”）。";

class ParagraphTest : public ::testing::Test {
 protected:
  std::vector<Line> lay(const ParagraphSpec& spec) {
    return layout_paragraph(spec, fonts_, diagnostics_);
  }
  FontContext fonts_{test_support::test_fonts(), gbt9704()};
  std::vector<Diagnostic> diagnostics_;
};

TEST_F(ParagraphTest, GridLineHolds28HanCharacters) {
  std::string text;
  for (int i = 0; i < 70; ++i) text += "政";
  std::vector<Line> lines = lay(body_spec(text));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(code_points(lines[0].text).size(), 28u);
  EXPECT_EQ(code_points(lines[1].text).size(), 28u);
  EXPECT_EQ(code_points(lines[2].text).size(), 14u);
}

TEST_F(ParagraphTest, FirstLineIndentTakesTwoCharacters) {
  std::string text;
  for (int i = 0; i < 60; ++i) text += "信";
  ParagraphSpec spec = body_spec(text);
  spec.first_indent = spec.grid_advance * 2;
  std::vector<Line> lines = lay(spec);
  EXPECT_EQ(code_points(lines[0].text).size(), 26u);
  EXPECT_EQ(code_points(lines[1].text).size(), 28u);
  EXPECT_EQ(lines[0].runs.front().x, spec.grid_advance * 2);
}

TEST_F(ParagraphTest, NoLineStartsOrEndsAgainstTheRules) {
  // Many widths, so that every mark of the text falls at a line edge somewhere.
  const LU step = pt_to_lu(3);
  int lines_checked = 0;
  for (LU width = pt_to_lu(120); width <= pt_to_lu(442); width += step) {
    std::vector<Line> lines = lay(body_spec(kSeedParagraph, width));
    for (size_t i = 0; i < lines.size(); ++i) {
      std::u32string cps = code_points(lines[i].text);
      ASSERT_FALSE(cps.empty());
      EXPECT_FALSE(is_no_start(cps.front())) << "width " << width << " line " << i << ": "
                                             << lines[i].text;
      if (i + 1 < lines.size()) {
        EXPECT_FALSE(is_no_end(cps.back())) << lines[i].text;
        // A number stays with its unit, and a decimal number is never split.
        EXPECT_FALSE(cps.back() >= U'0' && cps.back() <= U'9' &&
                     code_points(lines[i + 1].text).front() == U'年')
            << lines[i].text;
        EXPECT_EQ(lines[i].text.find("5949.") != std::string::npos &&
                      lines[i].text.find("5949.088667") == std::string::npos,
                  false)
            << lines[i].text;
      }
      ++lines_checked;
    }
  }
  EXPECT_GT(lines_checked, 500);
}

TEST_F(ParagraphTest, JustifiedLinesFillTheWidthExactly) {
  for (LU width : {pt_to_lu(200), pt_to_lu(301), pt_to_lu(442)}) {
    ParagraphSpec spec = body_spec(kSeedParagraph, width);
    std::vector<Line> lines = lay(spec);
    ASSERT_GT(lines.size(), 2u);
    for (size_t i = 0; i + 1 < lines.size(); ++i) {
      EXPECT_EQ(lines[i].width, width) << lines[i].text;
    }
    EXPECT_LE(lines.back().width, width);
  }
}

TEST_F(ParagraphTest, TextIsKeptInOrder) {
  std::vector<Line> lines = lay(body_spec(kSeedParagraph, pt_to_lu(250)));
  std::string joined;
  for (const Line& l : lines) joined += l.text;
  auto squash = [](const std::string& s) {
    std::string out;
    for (char c : s) {
      if (c != ' ') out += c;
    }
    return out;
  };
  EXPECT_EQ(squash(joined), squash(kSeedParagraph));
  // Every glyph carries its cluster text: the glyph texts concatenate to the line text.
  for (const Line& l : lines) {
    std::string glyph_text;
    for (const GlyphRun& r : l.runs) {
      for (const Glyph& g : r.glyphs) {
        EXPECT_NE(g.gid, 0u);
        glyph_text += r.text_of(g);
      }
    }
    EXPECT_EQ(glyph_text, l.text);
  }
}

// A word with no break opportunity (UAX #14 gives none inside Latin letters) breaks where it
// overflows: left-aligned, every line but the last is as full as it can be — its next letter
// would not fit; justified, every line but the last spreads to the full width. No text is lost,
// and each line's glyph advances add up to its width. Long enough that the line filler's
// bounded look-ahead and the per-line justification arrays run over many lines.
TEST_F(ParagraphTest, UnbreakableWordBreaksWhereItOverflows) {
  std::string word;
  for (int i = 0; i < 400; ++i) word += "paiban";
  const LU width = pt_to_lu(200);
  for (HAlign align : {HAlign::kLeft, HAlign::kJustify}) {
    ParagraphSpec spec = body_spec(word, width);
    spec.align = align;
    spec.avoid_lone_character = false;  // the rule under test only: fill, break, justify
    const std::vector<Line> lines = lay(spec);
    ASSERT_GT(lines.size(), 10u);
    std::string joined;
    for (size_t i = 0; i < lines.size(); ++i) {
      const Line& l = lines[i];
      joined += l.text;
      ASSERT_FALSE(l.runs.empty());
      LU x = l.runs.front().x;
      for (const GlyphRun& r : l.runs) {
        EXPECT_EQ(r.x, x) << "runs of line " << i << " follow each other";
        for (const Glyph& g : r.glyphs) x += g.advance;
      }
      EXPECT_EQ(x - l.runs.front().x, l.width) << "line " << i;
      EXPECT_LE(l.width, width) << "line " << i;
      if (i + 1 == lines.size()) continue;
      if (align == HAlign::kJustify) {
        EXPECT_EQ(l.width, width) << "line " << i;
      } else {
        const LU next = lines[i + 1].runs.front().glyphs.front().advance;
        EXPECT_GT(l.width + next, width) << "line " << i << " could have taken one more letter";
      }
    }
    EXPECT_EQ(joined, word);
  }
}

// Each glyph with its pen position: digits may be set in the role's Latin face, a run of their
// own whose x carries the space before it.
struct PlacedGlyph {
  LU x = 0;
  Glyph glyph;
};
std::vector<PlacedGlyph> placed_glyphs(const Line& line) {
  std::vector<PlacedGlyph> out;
  for (const GlyphRun& r : line.runs) {
    LU x = r.x;
    for (const Glyph& g : r.glyphs) {
      out.push_back({x, g});
      x += g.advance;
    }
  }
  return out;
}

TEST_F(ParagraphTest, QuarterEmBetweenHanAndDigits) {
  ParagraphSpec spec = body_spec("许可28条");
  spec.grid_advance = 0;  // natural advances, so the space is what autospace adds
  std::vector<Line> lines = lay(spec);
  ASSERT_EQ(lines.size(), 1u);
  const std::vector<PlacedGlyph> g = placed_glyphs(lines[0]);
  ASSERT_EQ(g.size(), 5u);
  const LU em = pt_to_lu(16);
  // The room between a glyph's natural end and the next glyph's start.
  auto gap_after = [&](size_t i) { return g[i + 1].x - g[i].x - g[i].glyph.natural_advance; };
  EXPECT_EQ(gap_after(1), em / 4);  // 可|2
  EXPECT_EQ(gap_after(2), 0);       // 2|8: nothing inside numbers
  EXPECT_EQ(gap_after(3), em / 4);  // 8|条
  // A space in the source is not doubled.
  ParagraphSpec spaced = body_spec("许可 28 条");
  spaced.grid_advance = 0;
  std::vector<Line> l2 = lay(spaced);
  const std::vector<PlacedGlyph> g2 = placed_glyphs(l2[0]);
  ASSERT_EQ(g2.size(), 7u);
  // 可| : the source space is the only space.
  EXPECT_EQ(g2[2].x - g2[1].x, g2[1].glyph.natural_advance);
  EXPECT_EQ(g2[3].x - g2[2].x, g2[2].glyph.natural_advance);
}

TEST_F(ParagraphTest, AdjacentMarksAreCompressed) {
  ParagraphSpec spec = body_spec("以“应公开尽公开”。");
  std::vector<Line> lines = lay(spec);
  ASSERT_EQ(lines.size(), 1u);
  std::vector<Glyph> glyphs;
  for (const GlyphRun& r : lines[0].runs) glyphs.insert(glyphs.end(), r.glyphs.begin(), r.glyphs.end());
  ASSERT_EQ(glyphs.size(), 10u);
  // ” followed by 。: the closing quote gives up its blank half (2 em → 1.5 em).
  EXPECT_LT(glyphs[8].advance, spec.grid_advance * 3 / 4);
  EXPECT_GT(glyphs[8].advance, spec.grid_advance / 4);
}

TEST_F(ParagraphTest, MissingCharacterIsReportedNotDrawn) {
  ParagraphSpec spec = body_spec("公开\U0010FFFD信息");
  spec.where = "/body/3";
  std::vector<Line> lines = lay(spec);
  ASSERT_EQ(lines.size(), 1u);
  bool warned = false;
  for (const Diagnostic& d : diagnostics_) {
    if (d.pointer == "/body/3" && d.message.find("U+10FFFD") != std::string::npos) warned = true;
  }
  EXPECT_TRUE(warned);
  for (const GlyphRun& r : lines[0].runs) {
    for (const Glyph& g : r.glyphs) EXPECT_NE(g.gid, 0u);
  }
}

}  // namespace
}  // namespace paiban::layout
