// The helpers behind the reader: edit distance and hints, value syntax, UTF-8, positions.
#include <gtest/gtest.h>

#include <array>
#include <string_view>

#include "did_you_mean.h"
#include "json_positions.h"
#include "utf8.h"
#include "value_syntax.h"

namespace paiban::json {
namespace {

TEST(EditDistance, CountsTranspositionsAsOne) {
  EXPECT_EQ(edit_distance("colspan", "colspan"), 0);
  EXPECT_EQ(edit_distance("colspna", "colspan"), 1);
  EXPECT_EQ(edit_distance("centre", "center"), 1);
  EXPECT_EQ(edit_distance("Bold", "bold"), 0);
  EXPECT_EQ(edit_distance("", "abc"), 3);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3);
  EXPECT_EQ(edit_distance("organization", "organisation"), 1);
}

TEST(DidYouMean, OnlyCloseWords) {
  constexpr std::array<std::string_view, 4> kWords = {"rowspan", "colspan", "align", "valign"};
  EXPECT_EQ(closest_match("colspna", kWords), "colspan");
  EXPECT_EQ(closest_match("rowpsan", kWords), "rowspan");
  EXPECT_EQ(closest_match("algin", kWords), "align");
  EXPECT_EQ(closest_match("width", kWords), "");
  EXPECT_EQ(closest_match("al", kWords), "");  // short words: only case differences
  EXPECT_EQ(did_you_mean("Valign", kWords), "did you mean \"valign\"?");
  EXPECT_EQ(did_you_mean("zzz", kWords), "");
}

TEST(ValueSyntax, Lengths) {
  EXPECT_TRUE(is_length("三号", LengthKind::kFontSize));
  EXPECT_TRUE(is_length("小四", LengthKind::kFontSize));
  EXPECT_TRUE(is_length("初号", LengthKind::kFontSize));
  EXPECT_TRUE(is_length("10.5pt", LengthKind::kFontSize));
  EXPECT_TRUE(is_length("2em", LengthKind::kFontSize));
  EXPECT_FALSE(is_length("12", LengthKind::kFontSize));
  EXPECT_FALSE(is_length("50%", LengthKind::kFontSize));
  EXPECT_FALSE(is_length("auto", LengthKind::kFontSize));
  EXPECT_FALSE(is_length("小八", LengthKind::kFontSize));
  EXPECT_FALSE(is_length("0pt", LengthKind::kFontSize));
  EXPECT_FALSE(is_length("-1pt", LengthKind::kFontSize));
  EXPECT_FALSE(is_length(".5pt", LengthKind::kFontSize));
  EXPECT_FALSE(is_length("5.pt", LengthKind::kFontSize));
  EXPECT_FALSE(is_length("12 pt", LengthKind::kFontSize));
  EXPECT_FALSE(is_length("12PT", LengthKind::kFontSize));

  EXPECT_TRUE(is_length("auto", LengthKind::kColumnWidth));
  EXPECT_TRUE(is_length("20mm", LengthKind::kColumnWidth));
  EXPECT_TRUE(is_length("15%", LengthKind::kColumnWidth));
  EXPECT_TRUE(is_length("0.5fr", LengthKind::kColumnWidth));
  EXPECT_FALSE(is_length("三号", LengthKind::kColumnWidth));
  EXPECT_FALSE(is_length("1line", LengthKind::kColumnWidth));
  EXPECT_FALSE(is_length("", LengthKind::kColumnWidth));

  EXPECT_TRUE(is_length("1line", LengthKind::kHeight));
  EXPECT_TRUE(is_length("12pt", LengthKind::kHeight));
  EXPECT_FALSE(is_length("1lines", LengthKind::kHeight));
  EXPECT_FALSE(is_length("1fr", LengthKind::kHeight));
  EXPECT_EQ(size_names().size(), 16u);
}

TEST(ValueSyntax, Dates) {
  EXPECT_TRUE(is_iso_date("2024-01-20"));
  EXPECT_TRUE(is_iso_date("2024-02-29"));
  EXPECT_TRUE(is_iso_date("2000-02-29"));
  EXPECT_FALSE(is_iso_date("1900-02-29"));
  EXPECT_FALSE(is_iso_date("2023-02-29"));
  EXPECT_FALSE(is_iso_date("2024-04-31"));
  EXPECT_FALSE(is_iso_date("2024-13-01"));
  EXPECT_FALSE(is_iso_date("2024-00-10"));
  EXPECT_FALSE(is_iso_date("2024-1-20"));
  EXPECT_FALSE(is_iso_date("2024/01/20"));
}

TEST(ValueSyntax, Languages) {
  EXPECT_TRUE(is_language_tag("zh-CN"));
  EXPECT_TRUE(is_language_tag("zh-Hans-CN"));
  EXPECT_TRUE(is_language_tag("en"));
  EXPECT_FALSE(is_language_tag("zh_CN"));
  EXPECT_FALSE(is_language_tag("z"));
  EXPECT_FALSE(is_language_tag("zh-"));
  EXPECT_FALSE(is_language_tag(""));
}

TEST(Utf8, PositionsCountCharacters) {
  const std::string text = "ab\n报告x\ny";
  EXPECT_EQ(position_of(text, 0).line, 1);
  EXPECT_EQ(position_of(text, 0).column, 1);
  EXPECT_EQ(position_of(text, 3).line, 2);
  EXPECT_EQ(position_of(text, 3).column, 1);
  EXPECT_EQ(position_of(text, 9).column, 3);  // 'x' after two 3-byte characters
  EXPECT_EQ(position_of(text, 11).line, 3);
  EXPECT_EQ(display_width("ab报告"), 6u);
  EXPECT_EQ(truncate_text("一二三四", 2), "一二…");
  EXPECT_EQ(truncate_text("一二", 2), "一二");
}

TEST(Utf8, FirstBadSequence) {
  EXPECT_FALSE(find_invalid_utf8("plain ascii, 中文, \xF0\x9F\x98\x80").has_value());
  const auto bad = find_invalid_utf8("ok\xE4\xB8\xAD\xC3");
  ASSERT_TRUE(bad.has_value());
  EXPECT_EQ(bad->offset, 5u);
  EXPECT_EQ(bad->reason, "truncated sequence");
}

TEST(Positions, LocatesPointersAndDuplicates) {
  const std::string text = R"({"a": [1, {"b/c": 2, "~": 3}], "d": {"e": 1, "e": 2}, "\u0041": 0})";
  const auto offsets =
      locate_pointers(text, {"", "/a", "/a/1", "/a/1/b~1c", "/a/1/~0", "/d/e", "/A", "/zz"});
  EXPECT_EQ(offsets.at(""), 0u);
  EXPECT_EQ(offsets.at("/a"), 1u);
  EXPECT_EQ(offsets.at("/a/1"), 10u);
  EXPECT_EQ(offsets.at("/a/1/b~1c"), 11u);
  EXPECT_EQ(offsets.at("/a/1/~0"), 21u);
  EXPECT_EQ(offsets.at("/A"), 54u);  // the escaped key is decoded
  EXPECT_EQ(offsets.count("/zz"), 0u);
  const auto dups = find_duplicate_keys(text);
  ASSERT_EQ(dups.size(), 1u);
  EXPECT_EQ(dups[0].pointer, "/d/e");
  EXPECT_EQ(dups[0].offset, 45u);
  EXPECT_EQ(find_excess_nesting("[[[]]]", 3), std::nullopt);
  EXPECT_EQ(find_excess_nesting("[[[[]]]]", 3), 3u);
  EXPECT_EQ(find_excess_nesting(R"(["[[[[\"[[["])", 1), std::nullopt);
}

TEST(Utf8Decode, ReplacesEachBadByteAndKeepsRealReplacementCharacters) {
  const Utf8Char han = decode_utf8_at("政府", 3);
  EXPECT_EQ(han.code_point, U'府');
  EXPECT_EQ(han.length, 3u);
  EXPECT_EQ(decode_utf8_lossy("a\xC3"), U"a\uFFFD");          // truncated
  EXPECT_EQ(decode_utf8_lossy("\xC0\x80"), U"\uFFFD\uFFFD");  // overlong: one per byte
  EXPECT_EQ(decode_utf8_lossy("\xED\xA0\x80").size(), 3u);    // surrogate
  std::size_t bad = 0;
  EXPECT_FALSE(decode_utf8("ok\xF4\x90\x80\x80", &bad).has_value());  // above U+10FFFF
  EXPECT_EQ(bad, 2u);
  EXPECT_EQ(decode_utf8("\xEF\xBF\xBD"), std::u32string(U"\uFFFD"));  // valid text
  EXPECT_EQ(encode_utf8(U"政府\U0001F600"), "政府\xF0\x9F\x98\x80");
}

}  // namespace
}  // namespace paiban::json
