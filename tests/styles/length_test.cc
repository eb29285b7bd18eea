// Size names and units (styles::parse_length_pt).
#include <gtest/gtest.h>

#include <string>

#include "styles/style.h"

namespace paiban::styles {
namespace {

constexpr double kPtPerMm = 72.0 / 25.4;

struct SizeCase {
  const char* name;
  double pt;
};

// Every size name of docs/gbt9704.md, with the points Word and WPS use.
constexpr SizeCase kSizes[] = {
    {"初号", 42},  {"小初", 36},  {"一号", 26},  {"小一", 24}, {"二号", 22},   {"小二", 18},
    {"三号", 16},  {"小三", 15},  {"四号", 14},  {"小四", 12}, {"五号", 10.5}, {"小五", 9},
    {"六号", 7.5}, {"小六", 6.5}, {"七号", 5.5}, {"八号", 5},
};

TEST(ParseLengthTest, EverySizeName) {
  for (const SizeCase& c : kSizes) {
    SCOPED_TRACE(c.name);
    const std::optional<double> pt = parse_length_pt(c.name);
    ASSERT_TRUE(pt.has_value());
    EXPECT_DOUBLE_EQ(*pt, c.pt);
  }
}

TEST(ParseLengthTest, SizeNameVariants) {
  // "小四号" is written as often as "小四"; GB/T 9704-2012 writes "3号", "4号".
  EXPECT_EQ(parse_length_pt("小四号"), 12);
  EXPECT_EQ(parse_length_pt("小初号"), 36);
  EXPECT_EQ(parse_length_pt("3号"), 16);
  EXPECT_EQ(parse_length_pt("4号"), 14);
  EXPECT_EQ(parse_length_pt(" 三号 "), 16);
  EXPECT_EQ(parse_length_pt("三号号"), std::nullopt);
  EXPECT_EQ(parse_length_pt("九号"), std::nullopt);
  EXPECT_EQ(parse_length_pt("0号"), std::nullopt);
}

TEST(ParseLengthTest, Units) {
  EXPECT_DOUBLE_EQ(*parse_length_pt("12pt"), 12);
  EXPECT_DOUBLE_EQ(*parse_length_pt("12"), 12);
  EXPECT_DOUBLE_EQ(*parse_length_pt("10.5"), 10.5);
  EXPECT_DOUBLE_EQ(*parse_length_pt(".5pt"), 0.5);
  EXPECT_DOUBLE_EQ(*parse_length_pt("25.4mm"), 72);
  EXPECT_DOUBLE_EQ(*parse_length_pt("37mm"), 37 * kPtPerMm);
  EXPECT_DOUBLE_EQ(*parse_length_pt("2.54cm"), 72);
  EXPECT_DOUBLE_EQ(*parse_length_pt("0.5in"), 36);
  EXPECT_DOUBLE_EQ(*parse_length_pt("16px"), 12);
  EXPECT_DOUBLE_EQ(*parse_length_pt("2em"), 32);
  EXPECT_DOUBLE_EQ(*parse_length_pt("2em", 12), 24);
  EXPECT_DOUBLE_EQ(*parse_length_pt("2字", 16), 32);
  EXPECT_DOUBLE_EQ(*parse_length_pt("28磅"), 28);
  EXPECT_DOUBLE_EQ(*parse_length_pt("5毫米"), 5 * kPtPerMm);
  EXPECT_DOUBLE_EQ(*parse_length_pt("12 PT"), 12);
  EXPECT_DOUBLE_EQ(*parse_length_pt("0"), 0);
}

TEST(ParseLengthTest, RejectsNegativesAndGarbage) {
  for (const char* text : {"", " ", "-1", "-1pt", "+3pt", "pt", "12ptx", "1.2.3", "1e3", "abc",
                           "12 pt pt", "nan", "inf", "1,5pt", "—", "12pc", "100000pt", "20000mm"}) {
    SCOPED_TRACE(text);
    EXPECT_EQ(parse_length_pt(text), std::nullopt);
  }
  // A line count needs a line pitch, which only a whole style knows.
  EXPECT_EQ(parse_length_pt("1line"), std::nullopt);
  EXPECT_EQ(parse_length_pt("2em", -1), std::nullopt);
}

}  // namespace
}  // namespace paiban::styles
