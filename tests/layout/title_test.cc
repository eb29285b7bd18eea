// The title phase (GB/T 9704-2012 §7.3.3): a title of several lines breaks between ICU words,
// never before a unit suffix (…局, …厅, …委员会, 年度, 年), prefers phrase boundaries, and
// comes out in lines of about equal length. Control: the first-fit lines of the same title
// break inside a word.
#include <gtest/gtest.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include <map>
#include <string_view>

#include "support/test_fonts.h"
#include "layout/layout.h"
#include "layout/title.h"
#include "layout_test_util.h"

namespace paiban::layout {
namespace {

using testing::code_points;
using testing::gbt9704;

// ICU's dictionary word boundaries (byte offsets), computed here independently of the phase.
std::vector<bool> icu_words(const std::string& text) {
  std::vector<bool> at(text.size() + 1, false);
  UErrorCode status = U_ZERO_ERROR;
  UText* ut = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
  UBreakIterator* bi = ubrk_open(UBRK_WORD, "zh", nullptr, 0, &status);
  ubrk_setUText(bi, ut, &status);
  EXPECT_FALSE(U_FAILURE(status));
  for (int32_t p = ubrk_first(bi); p != UBRK_DONE; p = ubrk_next(bi)) at[p] = true;
  ubrk_close(bi);
  utext_close(ut);
  return at;
}

ParagraphSpec title_spec(const std::string& text) {
  const styles::Style& s = gbt9704();
  ParagraphSpec spec;
  spec.width = testing::text_width(s);
  spec.align = HAlign::kCenter;
  spec.line_pitch = pt_to_lu(s.title.size_pt * 1.5);
  StyledSpan span;
  span.text = text;
  span.role = FontRole::kTitle;
  span.size = pt_to_lu(s.title.size_pt);
  span.bold = s.title.bold;
  spec.spans.push_back(span);
  return spec;
}

// Where a line break falls badly: inside an ICU word or right before a unit suffix.
std::string bad_break(const std::vector<Line>& lines, const std::string& text) {
  const std::vector<bool> words = icu_words(text);
  size_t at = 0;
  for (size_t i = 0; i + 1 < lines.size(); ++i) {
    at += lines[i].text.size();
    const std::string_view next = std::string_view(text).substr(at);
    if (!words[at]) return "inside a word: " + lines[i].text + " | " + lines[i + 1].text;
    for (std::string_view s : {"局", "厅", "委员会", "年度", "年"}) {
      if (next.substr(0, s.size()) == s) return "before " + std::string(s);
    }
  }
  return "";
}

class TitleTest : public ::testing::Test {
 protected:
  FontContext fonts_{test_support::test_fonts(), gbt9704()};
  std::vector<Diagnostic> diagnostics_;
};

TEST_F(TitleTest, BreaksBetweenWordsAtPhrasesInBalancedLines) {
  const char* titles[] = {
      "XX市自然资源与生态环境局2022年度政府信息公开工作年度报告",
      "XX省人民政府办公厅政府信息公开工作年度报告",
      "中华人民共和国国家发展和改革委员会2023年政府信息公开工作年度报告",
      "淮安市淮安区住房和城乡建设局关于2024年度政府信息公开工作情况的年度报告",
  };
  int first_fit_bad = 0;
  for (const char* t : titles) {
    const ParagraphSpec spec = title_spec(t);
    TextBlock block;
    block.lines = layout_paragraph(spec, fonts_, diagnostics_);
    ASSERT_GE(block.lines.size(), 2u) << t;
    if (!bad_break(block.lines, t).empty()) ++first_fit_bad;  // control
    const LU first_fit_spread = block.lines.front().width - block.lines.back().width;
    break_title(spec, fonts_, block);
    ASSERT_GE(block.lines.size(), 2u);
    std::string joined;
    for (const Line& l : block.lines) joined += l.text;
    EXPECT_EQ(joined, t);
    EXPECT_EQ(bad_break(block.lines, t), "") << t;
    // Balanced: no line longer than another by more than a third of the longest, and never
    // less balanced than first fit.
    LU lo = spec.width, hi = 0;
    for (const Line& l : block.lines) {
      lo = std::min(lo, l.width);
      hi = std::max(hi, l.width);
      EXPECT_LE(l.width, spec.width);
    }
    EXPECT_LE(hi - lo, hi / 3) << t;
    EXPECT_LE(hi - lo, std::abs(first_fit_spread)) << t;
    // Centred: each line's margins are equal (symmetric shape).
    for (const Line& l : block.lines) {
      const LU left = l.runs.front().x;
      EXPECT_NEAR(left, spec.width - l.width - left, pt_to_lu(1)) << l.text;
    }
  }
  // First fit splits 2024年|度 (inside the word 年度).
  EXPECT_GE(first_fit_bad, 1);
}

TEST_F(TitleTest, PrefersTheOrganisationYearBoundary) {
  const std::string t = "XX省人民政府办公厅政府信息公开工作年度报告";
  TextBlock block;
  const ParagraphSpec spec = title_spec(t);
  block.lines = layout_paragraph(spec, fonts_, diagnostics_);
  break_title(spec, fonts_, block);
  ASSERT_EQ(block.lines.size(), 2u);
  EXPECT_EQ(block.lines[0].text, "XX省人民政府办公厅");
  EXPECT_EQ(block.lines[1].text, "政府信息公开工作年度报告");
  const TitleBreaks breaks = find_title_breaks(spec, fonts_);
  // No break before 办公厅's 厅, nor inside 办公厅 (a unit suffix).
  for (size_t k = 0; k < breaks.shaped.clusters.size(); ++k) {
    if (breaks.shaped.clusters[k].cp == U'厅') {
      EXPECT_FALSE(breaks.allowed[k]);
    }
  }
}

// A joint document's title names two authorities: no line may start with the tail of a name
// (平潭综合实验区财政 | 金融局…, a break ICU allows), even when keeping the names whole takes a
// line more than first fit.
TEST_F(TitleTest, NoLineStartsWithTheTailOfAnOrganisationsName) {
  const std::string t = "平潭综合实验区教育局 平潭综合实验区财政金融局关于做好2024年学生资助工作的通知";
  TextBlock block;
  const ParagraphSpec spec = title_spec(t);
  block.lines = layout_paragraph(spec, fonts_, diagnostics_);
  ASSERT_EQ(block.lines.size(), 2u) << "first fit takes two lines";
  break_title(spec, fonts_, block);
  ASSERT_GE(block.lines.size(), 2u);
  // The space between the names ends a line there and is not drawn.
  std::string unspaced = t;
  unspaced.erase(unspaced.find(' '), 1);
  std::string joined;
  for (const Line& l : block.lines) joined += l.text;
  EXPECT_EQ(joined, unspaced);
  EXPECT_EQ(bad_break(block.lines, unspaced), "");
  for (size_t i = 1; i < block.lines.size(); ++i) {
    const std::string& l = block.lines[i].text;
    EXPECT_NE(l.rfind("金融局", 0), 0u) << l;
    EXPECT_NE(l.rfind("财政金融局", 0), 0u) << l;
  }
  const TitleBreaks breaks = find_title_breaks(spec, fonts_);
  size_t names_split = 0;
  for (size_t k = 0; k < breaks.inside_name.size(); ++k) names_split += breaks.inside_name[k];
  EXPECT_GE(names_split, 2u) << "财政|金融局 and 实验区|财政金融局 are breaks inside the name";
}

TEST_F(TitleTest, OneLineTitleIsLeftAlone) {
  const ParagraphSpec spec = title_spec("政府信息公开工作年度报告");
  TextBlock block;
  block.lines = layout_paragraph(spec, fonts_, diagnostics_);
  ASSERT_EQ(block.lines.size(), 1u);
  const LU x = block.lines[0].runs.front().x;
  break_title(spec, fonts_, block);
  ASSERT_EQ(block.lines.size(), 1u);
  EXPECT_EQ(block.lines[0].runs.front().x, x);
}

// A "\n" in the title forces a break, wherever the words would have broken it.
TEST(TitleDocument, NewlineForcesABreak) {
  Report r;
  r.show_title = true;
  r.metadata.title = "XX省人民政府\n办公厅政府信息公开工作年度报告";
  std::vector<Diagnostic> d;
  PageModel m = testing::lay_out(r, gbt9704(), d);
  ASSERT_FALSE(m.pages.empty());
  std::map<LU, std::string> lines;
  for (const GlyphRun& run : m.pages[0].runs) {
    if (run.size != pt_to_lu(gbt9704().title.size_pt)) continue;
    for (const Glyph& g : run.glyphs) lines[run.y] += run.text_of(g);
  }
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines.begin()->second, "XX省人民政府");
  EXPECT_EQ(std::next(lines.begin())->second, "办公厅政府信息公开工作年度报告");
}

}  // namespace
}  // namespace paiban::layout
