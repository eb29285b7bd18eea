// Chinese typography rules of the layout, each measured on the laid-out lines and each shown to
// fail when the rule is switched off (the "control" case beside every assertion):
// punctuation schemes (clreq §3.1.6), 避头尾 levels (clreq §3.1.4), even punctuation, no 孤字,
// numbers kept with their measure words, and URLs / phone numbers broken at their separators.
#include <gtest/gtest.h>

#include "layout_test_util.h"

namespace paiban::layout {
namespace {

using testing::body_spec;
using testing::code_points;
using testing::gbt9704;

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// The glyphs of a line with their source text, in order.
std::vector<std::pair<Glyph, std::string>> glyphs_of(const Line& line) {
  std::vector<std::pair<Glyph, std::string>> out;
  for (const GlyphRun& r : line.runs) {
    for (const Glyph& g : r.glyphs) out.emplace_back(g, std::string(r.text_of(g)));
  }
  return out;
}

LU advance_of(const Line& line, const std::string& text, int nth = 0) {
  for (const auto& [g, g_text] : glyphs_of(line)) {
    if (g_text == text && nth-- == 0) return g.advance;
  }
  ADD_FAILURE() << "no " << text << " in " << line.text;
  return 0;
}

class TypographyTest : public ::testing::Test {
 protected:
  std::vector<Line> lay(const ParagraphSpec& spec) {
    return layout_paragraph(spec, fonts_, diagnostics_);
  }
  // Break opportunities of a text under a kinsoku level: for each cluster, "may start a line".
  std::vector<bool> opportunities(const std::string& text, KinsokuLevel level) {
    ShapedParagraph p = itemize_and_shape(body_spec(text), fonts_, diagnostics_);
    find_break_opportunities(p, level);
    std::vector<bool> out;
    for (const Cluster& c : p.clusters) out.push_back(c.break_before);
    return out;
  }
  FontContext fonts_{test_support::test_fonts(), gbt9704()};
  std::vector<Diagnostic> diagnostics_;
};

TEST(TypographyNames, StyleNamesBecomeEnums) {
  EXPECT_EQ(punctuation_scheme("quanjiao"), PunctuationScheme::kQuanjiao);
  EXPECT_EQ(punctuation_scheme("kaiming"), PunctuationScheme::kKaiming);
  EXPECT_EQ(punctuation_scheme("banjiao"), PunctuationScheme::kBanjiao);
  EXPECT_EQ(punctuation_scheme("plain"), PunctuationScheme::kPlain);
  EXPECT_EQ(kinsoku_level("none"), KinsokuLevel::kNone);
  EXPECT_EQ(kinsoku_level("basic"), KinsokuLevel::kBasic);
  EXPECT_EQ(kinsoku_level("gb"), KinsokuLevel::kGb);
  EXPECT_EQ(kinsoku_level("strict"), KinsokuLevel::kStrict);
  ParagraphSpec spec;
  styles::Style style = gbt9704();
  style.punctuation = "kaiming";
  style.kinsoku = "strict";
  apply_typography(style, spec);
  EXPECT_EQ(spec.punctuation, PunctuationScheme::kKaiming);
  EXPECT_EQ(spec.kinsoku, KinsokuLevel::kStrict);
  EXPECT_TRUE(spec.autospace_shrink);
}

// clreq §3.1.6 / ctex: quanjiao keeps every lone mark 1 em and sets adjacent marks in 1.5 em;
// kaiming keeps 。？！ 1 em and sets the others ½ em; banjiao sets every mark ½ em; plain keeps
// every mark at its font advance, adjacent ones too (the control for the other three).
TEST_F(TypographyTest, PunctuationSchemesSetMarkWidths) {
  const std::string text = "政府，信息。公开（工作）”。完";
  auto widths = [&](PunctuationScheme scheme) {
    ParagraphSpec spec = body_spec(text);
    spec.punctuation = scheme;
    spec.align = HAlign::kLeft;  // no justification: advances are the scheme's widths
    std::vector<Line> lines = lay(spec);
    EXPECT_EQ(lines.size(), 1u);
    struct W {
      LU comma, stop, open, close, quote_before_stop, pitch;
    };
    return W{advance_of(lines[0], "，"), advance_of(lines[0], "。", 0),
             advance_of(lines[0], "（"),  advance_of(lines[0], "）"),
             advance_of(lines[0], "”"),   spec.grid_advance};
  };
  const auto q = widths(PunctuationScheme::kQuanjiao);
  EXPECT_EQ(q.comma, q.pitch);
  EXPECT_EQ(q.stop, q.pitch);
  EXPECT_EQ(q.open, q.pitch);
  // ）”。: three marks in sequence; each closing mark before another gives up its blank half.
  EXPECT_EQ(q.close, q.pitch / 2 + q.pitch % 2);
  EXPECT_EQ(q.quote_before_stop, q.pitch / 2 + q.pitch % 2);

  const auto k = widths(PunctuationScheme::kKaiming);
  EXPECT_LT(k.comma, q.pitch * 3 / 4);  // ，½ em
  EXPECT_EQ(k.stop, q.pitch);           // 。1 em
  EXPECT_LT(k.open, q.pitch * 3 / 4);   // （ ½ em

  const auto b = widths(PunctuationScheme::kBanjiao);
  EXPECT_LT(b.comma, q.pitch * 3 / 4);
  EXPECT_LT(b.stop, q.pitch * 3 / 4);
  EXPECT_LT(b.open, q.pitch * 3 / 4);

  // Control: plain adjusts nothing, so the pair ”。 keeps 2 em where quanjiao gives 1.5 em.
  const auto p = widths(PunctuationScheme::kPlain);
  EXPECT_EQ(p.quote_before_stop, q.pitch);
  EXPECT_EQ(p.close, q.pitch);
  EXPECT_EQ(p.comma, q.pitch);
}

// clreq §3.1.4 levels, on the break opportunities themselves.
TEST_F(TypographyTest, KinsokuLevels) {
  // 甲·乙: the interpunct is on Word's zh-CN lists (basic) but UAX #14 lets a line start with it.
  const std::vector<bool> none = opportunities("甲·乙", KinsokuLevel::kNone);
  const std::vector<bool> basic = opportunities("甲·乙", KinsokuLevel::kBasic);
  ASSERT_EQ(none.size(), 3u);
  EXPECT_TRUE(none[1] || none[2]);  // control: UAX #14 alone breaks around ·
  EXPECT_FALSE(basic[1]);
  EXPECT_FALSE(basic[2]);
  // 甲/乙: gb forbids a solidus at line end; basic (control) allows it.
  EXPECT_TRUE(opportunities("甲/乙", KinsokuLevel::kBasic)[2]);
  EXPECT_FALSE(opportunities("甲/乙", KinsokuLevel::kGb)[2]);
  // 甲——乙: strict forbids a two-em dash at line start; gb (control) allows it.
  EXPECT_TRUE(opportunities("甲——乙", KinsokuLevel::kGb)[1]);
  EXPECT_FALSE(opportunities("甲——乙", KinsokuLevel::kStrict)[1]);
  // 甲……乙 likewise for the ellipsis.
  EXPECT_FALSE(opportunities("甲……乙", KinsokuLevel::kStrict)[1]);
  // Basic: a closing quote or a stop never starts a line, an opening one never ends one.
  const std::vector<bool> marks = opportunities("甲“乙”。丙", KinsokuLevel::kBasic);
  EXPECT_FALSE(marks[2]);  // after “
  EXPECT_FALSE(marks[3]);  // before ”
  EXPECT_FALSE(marks[4]);  // before 。
}

TEST_F(TypographyTest, ATextBrokenAgainGetsUax14sOpportunitiesBeforeItsOwnLevelsRules) {
  // UAX #14's opportunities of a text are kept for the next time it is broken; the kinsoku rules
  // of each call apply to them afresh: a strict call first must not leave its cuts behind.
  const std::string text = "甲·乙“丙”。丁";
  const std::vector<bool> basic = opportunities(text, KinsokuLevel::kBasic);
  const std::vector<bool> none = opportunities(text, KinsokuLevel::kNone);
  const std::vector<bool> basic_again = opportunities(text, KinsokuLevel::kBasic);
  ASSERT_EQ(none.size(), basic.size());
  EXPECT_TRUE(none[1] || none[2]);  // UAX #14 alone breaks around ·
  EXPECT_FALSE(basic[1] || basic[2]);
  EXPECT_EQ(basic_again, basic);
  // A text too long to be kept (over 4 KB) is broken as its pieces are.
  std::string piece = "甲乙丙丁，";
  std::string long_text;
  while (long_text.size() <= 5000) long_text += piece;
  const std::vector<bool> short_one = opportunities(piece + piece, KinsokuLevel::kGb);
  const std::vector<bool> long_one = opportunities(long_text, KinsokuLevel::kGb);
  const std::vector<bool> long_again = opportunities(long_text, KinsokuLevel::kGb);
  ASSERT_GT(long_one.size(), 1000u);
  EXPECT_EQ(long_again, long_one);
  for (size_t i = 1; i < short_one.size(); ++i) {
    EXPECT_EQ(long_one[i], short_one[i]) << "cluster " << i;
  }
}

TEST_F(TypographyTest, QuotesBreakLikeTheOtherMarksBesideChineseText) {
  // 建设‘四最’一流: a line may end after the closing quote and start with the opening one (clreq
  // §3.1.4; Unicode 15.1 LB19a), which older UAX #14 forbids around the ambiguous quotes.
  const std::vector<bool> b = opportunities("建设‘四最’一流", KinsokuLevel::kBasic);
  ASSERT_EQ(b.size(), 8u);
  EXPECT_TRUE(b[2]);   // before ‘
  EXPECT_FALSE(b[3]);  // after ‘: 避尾
  EXPECT_FALSE(b[5]);  // before ’: 避头
  EXPECT_TRUE(b[6]);   // after ’
  // Control: between Latin letters the quotes keep UAX #14's rule.
  const std::vector<bool> latin = opportunities("ab’cd", KinsokuLevel::kBasic);
  ASSERT_EQ(latin.size(), 5u);
  EXPECT_FALSE(latin[3]);
}

// Strict on a grid line: 27 characters then ——: basic starts the next line with the dash,
// strict pushes the character before it down.
TEST_F(TypographyTest, StrictKeepsTheDashOffTheLineStart) {
  const std::string text = repeat("政", 27) + "——" + repeat("府", 10);
  ParagraphSpec spec = body_spec(text);
  spec.kinsoku = KinsokuLevel::kBasic;
  std::vector<Line> basic = lay(spec);
  ASSERT_EQ(basic.size(), 2u);
  EXPECT_EQ(code_points(basic[1].text).front(), U'—');  // control
  spec.kinsoku = KinsokuLevel::kStrict;
  std::vector<Line> strict = lay(spec);
  ASSERT_EQ(strict.size(), 2u);
  EXPECT_EQ(code_points(strict[1].text).front(), U'政');
  EXPECT_EQ(code_points(strict[0].text).size(), 26u);
  EXPECT_EQ(strict[0].width, spec.width);  // the pushed line is spread to the full measure
}

// Even punctuation: a lone ， inside a line keeps its full width. The 29th cluster 。 may not
// start a line: the line pushes its last character down and spreads the room instead of
// squeezing the ， (control: the old squeeze halves it to fit 29 clusters).
TEST_F(TypographyTest, EvenPunctuationPushesInsteadOfSqueezingALoneMark) {
  const std::string text = repeat("政", 10) + "，" + repeat("府", 17) + "。" + repeat("信", 5);
  ParagraphSpec spec = body_spec(text);
  std::vector<Line> lines = lay(spec);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_GE(advance_of(lines[0], "，"), spec.grid_advance * 85 / 100);
  EXPECT_EQ(code_points(lines[0].text).size(), 27u);
  EXPECT_EQ(lines[0].width, spec.width);
  EXPECT_EQ(code_points(lines[1].text).substr(0, 2), U"府。");

  ParagraphSpec control = spec;
  control.even_punctuation = false;
  std::vector<Line> squeezed = lay(control);
  ASSERT_EQ(squeezed.size(), 2u);
  EXPECT_EQ(code_points(squeezed[0].text).size(), 29u);
  EXPECT_LT(advance_of(squeezed[0], "，"), spec.grid_advance * 85 / 100);
}

// With line_end_squeeze, a line-end mark may give back its blank half when that alone makes the
// room (quanjiao); plain has no blank half to give, and with line_end_squeeze off (the default:
// word processors never squeeze), the line pushes (controls).
TEST_F(TypographyTest, LineEndMarkMayLoseItsBlankHalf) {
  // 27 characters and a 。: the mark is the 28th cell and fits anyway; at a measure half a
  // cell short, only trimming the 。 keeps it on the line.
  const std::string text = repeat("政", 27) + "。" + repeat("信", 5);
  ParagraphSpec spec = body_spec(text);
  spec.width = spec.grid_advance * 28 - spec.grid_advance / 3;
  std::vector<Line> pushed = lay(spec);
  ASSERT_EQ(pushed.size(), 2u);
  EXPECT_EQ(code_points(pushed[1].text).substr(0, 2), U"政。");
  EXPECT_EQ(pushed[0].width, spec.width);  // the pushed line is spread to the full measure

  spec.line_end_squeeze = true;
  std::vector<Line> lines = lay(spec);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(code_points(lines[0].text).back(), U'。');
  EXPECT_LE(lines[0].width, spec.width);
  spec.punctuation = PunctuationScheme::kPlain;
  std::vector<Line> plain = lay(spec);
  ASSERT_EQ(plain.size(), 2u);
  EXPECT_EQ(code_points(plain[1].text).substr(0, 2), U"政。");
}

// The style's line_end_squeeze reaches the paragraph spec; the built-in styles leave it off.
TEST_F(TypographyTest, LineEndSqueezeComesFromTheStyle) {
  styles::Style style;
  ParagraphSpec spec;
  spec.line_end_squeeze = true;
  apply_typography(style, spec);
  EXPECT_FALSE(spec.line_end_squeeze);
  style.line_end_squeeze = true;
  apply_typography(style, spec);
  EXPECT_TRUE(spec.line_end_squeeze);
}

// No 孤字: 26 + 28 characters and one more: the last line would hold a single character; a
// character comes down from the line before (control: the rule off leaves it alone).
TEST_F(TypographyTest, LastLineNeverHoldsASingleCharacter) {
  const std::string text = repeat("政", 54) + "府。";
  ParagraphSpec spec = body_spec(text);
  spec.first_indent = spec.grid_advance * 2;
  auto characters = [](const Line& l) {
    size_t n = 0;
    for (char32_t cp : code_points(l.text)) n += is_compressible_punct(classify(cp)) ? 0 : 1;
    return n;
  };
  ParagraphSpec control = spec;
  control.avoid_lone_character = false;
  std::vector<Line> lone = lay(control);
  ASSERT_EQ(lone.size(), 3u);
  EXPECT_EQ(characters(lone[2]), 1u);

  std::vector<Line> lines = lay(spec);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(characters(lines[2]), 2u);
  EXPECT_EQ(code_points(lines[1].text).size(), 27u);
  EXPECT_EQ(lines[1].width, spec.width);  // still justified to the full measure
  for (const Line& l : lines) EXPECT_FALSE(is_no_start(code_points(l.text).front()));
}

// A justified line the PDF ends before a greedy fill's end records the room it spreads, per
// character, rounded down (Line::spread_per_char, which the DOCX repeats as character spacing so
// that a word processor breaks there too); a line a greedy fill ends alike records nothing.
// Controls: with no 孤字 off, and with a number followed by a word that is no measure word, the
// same lines are greedy and record nothing.
TEST_F(TypographyTest, LinesEndedEarlyRecordTheRoomTheySpread) {
  const LU pitch = body_spec("").grid_advance;
  auto expect_spread = [&](const Line& line, LU room) {
    const LU chars = static_cast<LU>(code_points(line.text).size());
    EXPECT_EQ(line.spread_per_char, room / chars) << line.text;
    EXPECT_GT(line.spread_per_char, 0) << line.text;
    EXPECT_LE(line.spread_per_char * chars, room) << line.text;  // the line never overflows
  };
  // No 孤字: the second line ends one character early (27 characters).
  ParagraphSpec lone = body_spec(repeat("政", 54) + "府。");
  lone.first_indent = pitch * 2;
  std::vector<Line> lines = lay(lone);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].spread_per_char, 0);  // 26 characters after the indent: greedy
  ASSERT_EQ(code_points(lines[1].text).size(), 27u);
  expect_spread(lines[1], lone.width - 27 * pitch);
  EXPECT_EQ(lines[1].text_begin, 26 * 3u);  // bytes of the paragraph before the line
  EXPECT_EQ(lines[2].spread_per_char, 0);   // the last line is not justified
  ParagraphSpec lone_off = lone;
  lone_off.avoid_lone_character = false;
  for (const Line& l : lay(lone_off)) EXPECT_EQ(l.spread_per_char, 0) << l.text;

  // A number kept with its measure word: 「860万元」 moves down whole, the first line ends early.
  lines = lay(body_spec(repeat("政", 26) + "860万元。" + repeat("府", 10)));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].text, repeat("政", 26));
  expect_spread(lines[0], body_spec("").width - 26 * pitch);
  EXPECT_EQ(lines[1].spread_per_char, 0);
  // Control: 「860是」 may break after the number, the first line is filled greedily.
  lines = lay(body_spec(repeat("政", 26) + "860是元。" + repeat("府", 10)));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].text, repeat("政", 26) + "860");
  EXPECT_EQ(lines[0].spread_per_char, 0);

  // Source spaces between Han and digits: layout sets no autospace beside them, a word processor
  // may, so each leaves an eighth of an em less room to spread. The line's natural width is
  // measured by setting its text alone, left-aligned, in a wide measure.
  const std::string head = repeat("政", 10) + " 2023 " + repeat("政", 13);
  lines = lay(body_spec(head + "860万元。" + repeat("府", 10)));
  ASSERT_EQ(lines.size(), 2u);
  ASSERT_EQ(lines[0].text, head);
  ParagraphSpec probe = body_spec(head, pt_to_lu(1000));
  probe.align = HAlign::kLeft;
  const LU natural = lay(probe).at(0).width;
  const LU em = pt_to_lu(gbt9704().body.size_pt);
  const LU chars = static_cast<LU>(code_points(head).size());
  EXPECT_EQ(lines[0].spread_per_char, (body_spec("").width - natural - 2 * (em / 8)) / chars);
  EXPECT_GT(lines[0].spread_per_char, 0);
}

// clreq §3.2: the Han–digit space is about ¼ em and may shrink, to ⅕ em and no further, where a
// line would otherwise push a character down; a line that fits keeps ¼ em. Control: with the
// shrink off, the same measure pushes the last character down.
TEST_F(TypographyTest, HanDigitSpaceShrinksToFitALine) {
  const std::string head = repeat("政", 20) + "2024年政政";
  const std::string text = head + repeat("府", 20);
  ParagraphSpec probe = body_spec(head, pt_to_lu(1000));
  probe.align = HAlign::kLeft;
  const LU natural = lay(probe).at(0).width;  // the head at ¼ em spaces

  ParagraphSpec fits = body_spec(text, natural);  // the head fits as it is: ¼ em kept
  fits.autospace_shrink = true;
  EXPECT_EQ(lay(fits).at(0).text, head);

  const LU em = pt_to_lu(gbt9704().body.size_pt);
  ParagraphSpec spec = body_spec(text, natural - pt_to_lu(1));  // 1 pt short: both spaces give
  spec.autospace_shrink = true;
  std::vector<Line> lines = lay(spec);
  EXPECT_EQ(lines.at(0).text, head);
  EXPECT_EQ(lines.at(0).width, spec.width);  // set to the measure, not past it

  ParagraphSpec control = spec;
  control.autospace_shrink = false;
  EXPECT_EQ(lay(control).at(0).text, head.substr(0, head.size() - std::string("政").size()));

  // Two spaces of ¼ em give at most 2 × (¼ − ⅕) em: a line shorter still pushes.
  ParagraphSpec too_short = body_spec(text, natural - em / 10 - pt_to_lu(0.5));
  too_short.autospace_shrink = true;
  EXPECT_NE(lay(too_short).at(0).text, head);
}

// Numbers stay with their measure words and units at every measure ("105 条", "28 个"); the
// control shows a break between a number and an ordinary character is there to be taken.
TEST_F(TypographyTest, NumbersStayWithMeasureWords) {
  const std::string text = "本年度共受理申请105条，办结98件，其中公开28个，涉及3家单位，收到105是否公开的咨询。";
  bool control_seen = false;
  for (LU width = pt_to_lu(60); width <= pt_to_lu(300); width += pt_to_lu(2)) {
    std::vector<Line> lines = lay(body_spec(text, width));
    for (size_t i = 0; i + 1 < lines.size(); ++i) {
      const std::u32string a = code_points(lines[i].text);
      const std::u32string b = code_points(lines[i + 1].text);
      const bool digit_end = a.back() >= U'0' && a.back() <= U'9';
      if (!digit_end) continue;
      EXPECT_FALSE(is_number_suffix(b.front())) << lines[i].text << " | " << lines[i + 1].text;
      if (b.front() == U'是') control_seen = true;
    }
  }
  EXPECT_TRUE(control_seen);
}

// URLs, e-mail addresses and phone numbers break at their separators when they do not fit,
// instead of moving whole to the next line and leaving a loose line; a token that is none of
// these (control) stays whole.
TEST_F(TypographyTest, AddressesBreakAtSeparators) {
  const std::string url = "https://www.huaian.gov.cn/zwgk/xxgkml/index.html";
  ParagraphSpec spec = body_spec("网址：" + url + "，欢迎访问。", pt_to_lu(200));
  std::vector<Line> lines = lay(spec);
  ASSERT_GE(lines.size(), 2u);
  // The first line starts the URL rather than leaving its room empty.
  EXPECT_NE(lines[0].text.find("https://"), std::string::npos) << lines[0].text;
  EXPECT_EQ(lines[0].text.find(url), std::string::npos);
  std::vector<Line> mail = lay(body_spec("邮箱：zhengwugongkai.office@huaian.gov.cn。", pt_to_lu(200)));
  ASSERT_GE(mail.size(), 2u);

  EXPECT_NE(mail[0].text.find("zhengwugongkai."), std::string::npos) << mail[0].text;
  std::vector<Line> phone = lay(body_spec("电话：0517-83605888-1234，传真同号。", pt_to_lu(110)));
  ASSERT_GE(phone.size(), 2u);
  EXPECT_NE(phone[0].text.find("0517-"), std::string::npos) << phone[0].text;
  // Control: a dotted token with no address marker is one word to UAX #14 and moves whole.
  std::vector<Line> plain = lay(body_spec("版本号：abcdefgh.ijklmn。", pt_to_lu(150)));
  ASSERT_EQ(plain.size(), 2u);
  EXPECT_EQ(plain[0].text, "版本号：");
  // …and the same token as an address breaks at its dot on the first line.
  std::vector<Line> web = lay(body_spec("版本号：www.ijklmnopq.cn。", pt_to_lu(150)));
  ASSERT_EQ(web.size(), 2u);
  EXPECT_EQ(web[0].text, "版本号：www.");
}

// Phone numbers listed with a comma break after it; a number with thousands separators
// (GB/T 15835) is one number and moves whole (control).
TEST_F(TypographyTest, PhoneListsBreakAfterTheirCommaNumbersStayWhole) {
  std::vector<Line> phones = lay(body_spec("电话：24311633,18606026994。", pt_to_lu(150)));
  ASSERT_EQ(phones.size(), 2u);
  EXPECT_EQ(phones[0].text, "电话：24311633,");
  std::vector<Line> number = lay(body_spec("金额：1,234,567,890,123元。", pt_to_lu(180)));
  ASSERT_EQ(number.size(), 2u);
  EXPECT_EQ(number[0].text, "金额：");
}

}  // namespace
}  // namespace paiban::layout
