// Heading numbers as the PDF and the DOCX print them (GB/T 9704-2012 §7.3.3).
#include "numbering.h"

#include <gtest/gtest.h>

#include <string>

namespace paiban {
namespace {

Heading heading(int level, Numbering numbering = Numbering::kAuto, std::string number = "") {
  Heading h;
  h.level = level;
  h.numbering = numbering;
  h.number = std::move(number);
  return h;
}

TEST(ChineseNumber, WritesOneToNinetyNine) {
  EXPECT_EQ(chinese_number(1), "一");
  EXPECT_EQ(chinese_number(10), "十");
  EXPECT_EQ(chinese_number(11), "十一");
  EXPECT_EQ(chinese_number(20), "二十");
  EXPECT_EQ(chinese_number(99), "九十九");
  EXPECT_EQ(chinese_number(0), "0");
}

// Past 九十九 headings continue in Chinese numerals, never falling back to Arabic digits.
TEST(ChineseNumber, ContinuesPastNinetyNine) {
  EXPECT_EQ(chinese_number(100), "一百");
  EXPECT_EQ(chinese_number(101), "一百零一");
  EXPECT_EQ(chinese_number(109), "一百零九");
  EXPECT_EQ(chinese_number(110), "一百一十");
  EXPECT_EQ(chinese_number(111), "一百一十一");
  EXPECT_EQ(chinese_number(120), "一百二十");
  EXPECT_EQ(chinese_number(999), "九百九十九");
  EXPECT_EQ(chinese_number(1000), "一千");
  EXPECT_EQ(chinese_number(1001), "一千零一");
  EXPECT_EQ(chinese_number(1010), "一千零一十");
  EXPECT_EQ(chinese_number(1100), "一千一百");
  EXPECT_EQ(chinese_number(10000), "一万");
  EXPECT_EQ(chinese_number(10001), "一万零一");
  EXPECT_EQ(chinese_number(100010), "十万零一十");
  EXPECT_EQ(chinese_number(120300), "十二万零三百");
  EXPECT_EQ(heading_number(1, 101), "一百零一、");
  EXPECT_EQ(heading_number(2, 110), "（一百一十）");
}

TEST(HeadingNumber, ByLevel) {
  EXPECT_EQ(heading_number(1, 3), "三、");
  EXPECT_EQ(heading_number(2, 12), "（十二）");
  EXPECT_EQ(heading_number(3, 2), "2.");
  EXPECT_EQ(heading_number(4, 11), "（11）");
}

TEST(HeadingCounter, CountsPerLevelAndRestartsDeeperLevels) {
  HeadingCounter c;
  EXPECT_EQ(c.next(heading(1)), "一、");
  EXPECT_EQ(c.next(heading(2)), "（一）");
  EXPECT_EQ(c.next(heading(3)), "1.");
  EXPECT_EQ(c.next(heading(4)), "（1）");
  EXPECT_EQ(c.next(heading(4)), "（2）");
  EXPECT_EQ(c.next(heading(3)), "2.");
  EXPECT_EQ(c.next(heading(4)), "（1）");                               // restarted by level 3
  EXPECT_EQ(c.next(heading(2, Numbering::kExplicit, "(二)")), "(二)");  // printed as given…
  EXPECT_EQ(c.next(heading(2)), "（三）");                              // …and counted
  EXPECT_EQ(c.next(heading(2, Numbering::kNone)), "");  // neither printed nor counted
  EXPECT_EQ(c.next(heading(2)), "（四）");
  EXPECT_EQ(c.next(heading(1)), "二、");
  EXPECT_EQ(c.next(heading(2)), "（一）");
  EXPECT_EQ(c.next(heading(9)), "（1）");  // levels clamp to 1..4
}

}  // namespace
}  // namespace paiban
