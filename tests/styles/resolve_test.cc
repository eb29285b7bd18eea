// Style resolution: built-in sheets, style files with "extends", overrides, diagnostics.
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "paiban_limits.h"
#include "styles/style.h"

namespace paiban::styles {
namespace {

namespace fs = std::filesystem;

constexpr double kPtPerMm = 72.0 / 25.4;

double to_mm(double pt) { return pt / kPtPerMm; }

std::string all_messages(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const Diagnostic& d : diagnostics) out += format_diagnostic(d) + "\n";
  return out;
}

Style resolve(const std::string& name, const std::map<std::string, std::string>& overrides,
              std::vector<Diagnostic>& diagnostics) {
  return resolve_style(name, overrides, diagnostics);
}

Style resolve_clean(const std::string& name,
                    const std::map<std::string, std::string>& overrides = {}) {
  std::vector<Diagnostic> diagnostics;
  Style style = resolve_style(name, overrides, diagnostics);
  EXPECT_TRUE(diagnostics.empty()) << all_messages(diagnostics);
  return style;
}

// A fresh folder per test for style files.
class StyleFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::path(::testing::TempDir()) / "paiban_styles_test" / info->name();
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) {
    const fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
  }

  fs::path dir_;
};

TEST(BuiltinStyleTest, Names) {
  EXPECT_EQ(builtin_style_names(), (std::vector<std::string>{"gbt9704", "report"}));
  for (const std::string& name : builtin_style_names()) {
    SCOPED_TRACE(name);
    EXPECT_EQ(resolve_clean(name).name, name);
  }
}

// GB/T 9704-2012 §5.2: A4, 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm, 22 lines × 28 characters.
TEST(BuiltinStyleTest, Gbt9704Page) {
  const Style s = resolve_clean("gbt9704");
  const PageStyle& p = s.page;
  EXPECT_NEAR(to_mm(p.width_pt), 210, 0.01);
  EXPECT_NEAR(to_mm(p.height_pt), 297, 0.01);
  EXPECT_NEAR(to_mm(p.margin_top_pt), 37, 0.01);
  EXPECT_NEAR(to_mm(p.margin_left_pt), 28, 0.01);
  EXPECT_NEAR(to_mm(p.width_pt - p.margin_left_pt - p.margin_right_pt), 156, 0.01);
  EXPECT_NEAR(to_mm(p.height_pt - p.margin_top_pt - p.margin_bottom_pt), 225, 0.01);
  EXPECT_EQ(p.grid_lines, 22);
  EXPECT_EQ(p.grid_chars, 28);
  // §7.5: "— 1 —", 7 mm below the type area, odd pages right and even pages left, one character in.
  EXPECT_EQ(p.page_number, PageNumberPosition::kOuter);
  EXPECT_EQ(p.page_number_format, "— {} —");
  EXPECT_DOUBLE_EQ(p.page_number_indent_em, 1);
  EXPECT_NEAR(to_mm(p.page_number_below_pt), 7, 0.01);
  EXPECT_EQ(s.page_number.role, FontRole::kSong);
  EXPECT_DOUBLE_EQ(s.page_number.size_pt, 14);
}

TEST(BuiltinStyleTest, Gbt9704Text) {
  const Style s = resolve_clean("gbt9704");
  // 22 lines fill the 225 mm type area: a pitch of 225 mm / 22 ≈ 28.99 pt for everything on the
  // grid.
  const double pitch = 225 * kPtPerMm / 22;
  EXPECT_NEAR(pitch, 28.99, 0.01);

  EXPECT_EQ(s.body.role, FontRole::kFang);
  EXPECT_DOUBLE_EQ(s.body.size_pt, 16);
  EXPECT_EQ(s.body.align, HAlign::kJustify);
  EXPECT_DOUBLE_EQ(s.body.first_line_indent_em, 2);
  EXPECT_NEAR(s.body.line_pitch_pt, pitch, 1e-9);

  EXPECT_EQ(s.title.role, FontRole::kTitle);
  EXPECT_DOUBLE_EQ(s.title.size_pt, 22);
  EXPECT_TRUE(s.title.bold);
  EXPECT_EQ(s.title.align, HAlign::kCenter);
  EXPECT_NEAR(s.title.line_pitch_pt, pitch, 1e-9);
  EXPECT_NEAR(s.title.space_after_pt, pitch, 1e-9);  // one blank line

  const FontRole roles[] = {FontRole::kHei, FontRole::kKai, FontRole::kFang, FontRole::kFang};
  for (int level = 1; level <= 4; ++level) {
    SCOPED_TRACE(level);
    const TextStyle& h = heading_style(s, level);
    EXPECT_EQ(h.role, roles[level - 1]);
    EXPECT_DOUBLE_EQ(h.size_pt, 16);
    EXPECT_EQ(h.bold, level == 3);
    EXPECT_TRUE(h.keep_with_next);
    EXPECT_DOUBLE_EQ(h.first_line_indent_em, 2);
    EXPECT_NEAR(h.line_pitch_pt, pitch, 1e-9);
  }
  EXPECT_EQ(&heading_style(s, 0), &s.heading[0]);
  EXPECT_EQ(&heading_style(s, 9), &s.heading[3]);

  EXPECT_DOUBLE_EQ(s.table_cell.size_pt, 14);
  EXPECT_EQ(s.table_cell.role, FontRole::kFang);
  EXPECT_DOUBLE_EQ(s.table_cell.line_pitch_pt, 0);
  EXPECT_DOUBLE_EQ(s.table_cell.line_spacing, 1.2);
  EXPECT_DOUBLE_EQ(s.table_header.size_pt, 14);
  EXPECT_DOUBLE_EQ(s.table.min_font_size_pt, 10.5);
  EXPECT_EQ(s.signature.role, FontRole::kFang);
  EXPECT_EQ(s.signature.align, HAlign::kRight);

  EXPECT_EQ(s.punctuation, "quanjiao");
  EXPECT_TRUE(s.autospace);
  EXPECT_EQ(s.kinsoku, "basic");
  EXPECT_FALSE(s.line_end_squeeze);  // word processors cannot squeeze: the DOCX keeps the lines
}

TEST(BuiltinStyleTest, Gbt9704Fonts) {
  const Style s = resolve_clean("gbt9704");
  ASSERT_EQ(s.fonts.size(), 5u);
  const FontChain& fang = s.fonts.at(FontRole::kFang);
  EXPECT_EQ(fang.families.front(), "仿宋_GB2312");
  EXPECT_EQ(fang.families.back(), "AR PL UKai CN");
  EXPECT_EQ(fang.docx_east_asia, "仿宋_GB2312");
  EXPECT_EQ(fang.docx_ascii, "Times New Roman");
  EXPECT_EQ(s.fonts.at(FontRole::kSong).docx_east_asia, "宋体");
  EXPECT_EQ(s.fonts.at(FontRole::kHei).docx_east_asia, "黑体");
  EXPECT_EQ(s.fonts.at(FontRole::kKai).docx_east_asia, "楷体_GB2312");
  EXPECT_EQ(s.fonts.at(FontRole::kTitle).docx_east_asia, "方正小标宋简体");
  EXPECT_EQ(s.fonts.at(FontRole::kTitle).families,
            (std::vector<std::string>{"方正小标宋简体", "方正小标宋_GBK", "小标宋",
                                      "Noto Serif CJK SC", "FandolSong"}));
  EXPECT_TRUE(s.fonts.at(FontRole::kTitle).heavy);
  EXPECT_FALSE(fang.heavy);
}

// Issue 10: the real free designs come after the office fonts and before any stand-in of another
// design; Latin letters have their own chain, and DOCX names its first family.
TEST(BuiltinStyleTest, FreeDesignsFollowTheOfficeFontsAndLatinHasItsChain) {
  const std::pair<FontRole, const char*> designs[] = {{FontRole::kFang, "FandolFang"},
                                                      {FontRole::kKai, "FandolKai"},
                                                      {FontRole::kSong, "FandolSong"},
                                                      {FontRole::kHei, "FandolHei"}};
  for (const char* name : {"gbt9704", "report"}) {
    const Style s = resolve_clean(name);
    for (const auto& [role, free] : designs) {
      const std::vector<std::string>& f = s.fonts.at(role).families;
      const auto at = std::find(f.begin(), f.end(), free);
      ASSERT_NE(at, f.end()) << name << " " << free;
      EXPECT_EQ(std::find(f.begin(), at, s.fonts.at(role).docx_east_asia) != at, true)
          << name << ": the office name comes before " << free;
      for (auto stand_in = f.begin(); stand_in != at; ++stand_in) {
        EXPECT_EQ(stand_in->find("Noto"), std::string::npos) << name << ": " << *stand_in;
        EXPECT_EQ(stand_in->find("AR PL"), std::string::npos) << name << ": " << *stand_in;
      }
    }
    for (const auto& [role, chain] : s.fonts) {
      ASSERT_FALSE(chain.latin.empty()) << name;
      EXPECT_EQ(chain.docx_ascii, chain.latin.front()) << name;
    }
  }
}

TEST(LatinStyleTest, LatinChainSetsTheDocxAsciiNameUnlessGiven) {
  const fs::path dir = fs::path(::testing::TempDir()) / "paiban-latin-style";
  fs::create_directories(dir);
  std::ofstream(dir / "a.json") << R"({"extends": "gbt9704", "fonts": {
      "fang": {"families": ["仿宋"], "latin": ["Liberation Serif"]},
      "kai": {"families": ["楷体"], "latin": ["Liberation Serif"], "docx_ascii": "Cambria"},
      "hei": {"families": ["黑体"], "heavy": "yes"}}})";
  std::vector<Diagnostic> d;
  const Style s = resolve_style((dir / "a.json").string(), {}, d);
  EXPECT_EQ(s.fonts.at(FontRole::kFang).latin, std::vector<std::string>{"Liberation Serif"});
  EXPECT_EQ(s.fonts.at(FontRole::kFang).docx_ascii, "Liberation Serif");
  EXPECT_EQ(s.fonts.at(FontRole::kKai).docx_ascii, "Cambria");
  // "heavy" must be a boolean: the error names where.
  ASSERT_EQ(d.size(), 1u);
  EXPECT_NE(d[0].pointer.find("/fonts/hei/heavy"), std::string::npos) << d[0].pointer;
  fs::remove_all(dir);
}

TEST(BuiltinStyleTest, ReportDiffers) {
  const Style s = resolve_clean("report");
  EXPECT_DOUBLE_EQ(s.body.size_pt, 12);
  EXPECT_EQ(s.body.role, FontRole::kSong);
  EXPECT_DOUBLE_EQ(s.body.line_spacing, 1.5);
  EXPECT_DOUBLE_EQ(s.body.line_pitch_pt, 0);
  EXPECT_DOUBLE_EQ(s.body.first_line_indent_em, 2);
  EXPECT_EQ(s.page.grid_lines, 0);
  EXPECT_EQ(s.page.grid_chars, 0);
  EXPECT_NEAR(to_mm(s.page.margin_top_pt), 25.4, 0.01);
  EXPECT_NEAR(to_mm(s.page.margin_left_pt), 31.8, 0.01);
  EXPECT_EQ(s.page.page_number, PageNumberPosition::kCenter);
  EXPECT_EQ(s.page.page_number_format, "{}");
  EXPECT_DOUBLE_EQ(s.page_number.size_pt, 9);
  EXPECT_DOUBLE_EQ(s.title.size_pt, 18);
  EXPECT_EQ(s.title.role, FontRole::kHei);
  EXPECT_DOUBLE_EQ(heading_style(s, 1).size_pt, 15);
  EXPECT_DOUBLE_EQ(heading_style(s, 2).size_pt, 14);
  EXPECT_DOUBLE_EQ(heading_style(s, 3).size_pt, 12);
  EXPECT_TRUE(heading_style(s, 1).bold);
  EXPECT_DOUBLE_EQ(s.table_cell.size_pt, 10.5);
  EXPECT_EQ(s.fonts.size(), 5u);
}

TEST(OverrideTest, Applied) {
  const Style s = resolve_clean("gbt9704", {{"body.size", "小四"},
                                            {"page.margin_top", "30mm"},
                                            {"heading2.role", "hei"},
                                            {"heading3.bold", "false"},
                                            {"body.line_spacing", "1.75"},
                                            {"title.space_after", "12pt"},
                                            {"fonts.fang.families", "FandolFang, 仿宋，FangSong"},
                                            {"fonts.fang.docx_east_asia", "仿宋"},
                                            {"page.grid_lines", "20"},
                                            {"page.page_number", "center"},
                                            {"table.min_font_size", "小五"},
                                            {"kinsoku", "strict"},
                                            {"autospace", "false"},
                                            {"line_end_squeeze", "true"}});
  EXPECT_DOUBLE_EQ(s.body.size_pt, 12);
  EXPECT_NEAR(to_mm(s.page.margin_top_pt), 30, 1e-9);
  EXPECT_EQ(heading_style(s, 2).role, FontRole::kHei);
  EXPECT_FALSE(heading_style(s, 3).bold);
  EXPECT_DOUBLE_EQ(s.body.line_spacing, 1.75);
  EXPECT_DOUBLE_EQ(s.title.space_after_pt, 12);
  EXPECT_EQ(s.fonts.at(FontRole::kFang).families,
            (std::vector<std::string>{"FandolFang", "仿宋", "FangSong"}));
  EXPECT_EQ(s.fonts.at(FontRole::kFang).docx_east_asia, "仿宋");
  EXPECT_EQ(s.page.page_number, PageNumberPosition::kCenter);
  EXPECT_DOUBLE_EQ(s.table.min_font_size_pt, 9);
  EXPECT_EQ(s.kinsoku, "strict");
  EXPECT_FALSE(s.autospace);
  EXPECT_TRUE(s.line_end_squeeze);
  // The grid pitch follows the new margin and line count: (297 − 30 − 35) mm / 20.
  EXPECT_NEAR(s.body.line_pitch_pt, 232 * kPtPerMm / 20, 1e-9);
}

TEST(OverrideTest, RelativeLengthsFollowTheFinalSize) {
  // "2em" and "1line" are resolved after every override, whatever the order they were set in.
  const Style s = resolve_clean("report", {{"body.space_before", "1em"},
                                           {"body.space_after", "1line"},
                                           {"body.size", "三号"},
                                           {"body.line_pitch", "1.5em"}});
  EXPECT_DOUBLE_EQ(s.body.space_before_pt, 16);
  EXPECT_DOUBLE_EQ(s.body.line_pitch_pt, 24);
  EXPECT_DOUBLE_EQ(s.body.space_after_pt, 24);
}

TEST(OverrideTest, BadValueReportsPointer) {
  std::vector<Diagnostic> diagnostics;
  const Style s = resolve("gbt9704", {{"body.size", "大号"}}, diagnostics);
  ASSERT_EQ(diagnostics.size(), 1u) << all_messages(diagnostics);
  const Diagnostic& d = diagnostics[0];
  EXPECT_EQ(d.severity, Severity::kError);
  EXPECT_EQ(d.pointer, "/style/overrides/body.size");
  EXPECT_NE(d.message.find("expected a size name"), std::string::npos) << d.message;
  EXPECT_NE(d.message.find("\"大号\""), std::string::npos) << d.message;
  EXPECT_DOUBLE_EQ(s.body.size_pt, 16);  // the bad value is skipped
}

TEST(OverrideTest, BadValuesOfEveryKind) {
  const std::map<std::string, std::string> bad = {
      {"body.role", "serif"},
      {"body.bold", "yes"},
      {"body.align", "middle"},
      {"body.line_pitch", "1line"},
      {"body.line_spacing", "0"},
      {"body.first_line_indent", "32pt"},
      {"body.space_after", "-1pt"},
      {"page.margin_left", "-5mm"},
      {"page.width", "0"},
      {"page.grid_chars", "28.5"},
      {"page.page_number", "left"},
      {"page.page_number_format", "第页"},
      {"fonts.fang.families", " , "},
      {"punctuation", "fullwidth"},
      {"kinsoku", "jis"},
      {"table.min_font_size", "2em"},
  };
  std::vector<Diagnostic> diagnostics;
  const Style s = resolve("gbt9704", bad, diagnostics);
  ASSERT_EQ(diagnostics.size(), bad.size()) << all_messages(diagnostics);
  for (const Diagnostic& d : diagnostics) {
    EXPECT_EQ(d.severity, Severity::kError);
    EXPECT_EQ(d.pointer.rfind("/style/overrides/", 0), 0u) << d.pointer;
    EXPECT_EQ(d.message.rfind("expected ", 0), 0u) << d.message;
  }
  // Nothing changed.
  const Style g = resolve_clean("gbt9704");
  EXPECT_EQ(dump_style(s), dump_style(g));
}

TEST(OverrideTest, UnknownPropertySuggests) {
  std::vector<Diagnostic> diagnostics;
  resolve("gbt9704",
          {{"body.sise", "12pt"},
           {"bdy.size", "12pt"},
           {"body.font_size", "12pt"},
           {"page.margin-top", "1cm"},
           {"fonts.fnag.families", "A"},
           {"kinsok", "gb"}},
          diagnostics);
  ASSERT_EQ(diagnostics.size(), 6u) << all_messages(diagnostics);
  std::map<std::string, Diagnostic> by_pointer;
  for (const Diagnostic& d : diagnostics) by_pointer[d.pointer] = d;
  EXPECT_EQ(by_pointer["/style/overrides/body.sise"].hint, "did you mean \"body.size\"?");
  EXPECT_NE(by_pointer["/style/overrides/body.sise"].message.find("unknown property \"sise\""),
            std::string::npos);
  EXPECT_EQ(by_pointer["/style/overrides/bdy.size"].hint, "did you mean \"body\"?");
  EXPECT_EQ(by_pointer["/style/overrides/body.font_size"].hint, "did you mean \"body.size\"?");
  EXPECT_EQ(by_pointer["/style/overrides/page.margin-top"].hint,
            "did you mean \"page.margin_top\"?");
  EXPECT_EQ(by_pointer["/style/overrides/fonts.fnag.families"].hint,
            "did you mean \"fonts.fang\"?");
  EXPECT_EQ(by_pointer["/style/overrides/kinsok"].hint, "did you mean \"kinsoku\"?");
  for (const Diagnostic& d : diagnostics) EXPECT_EQ(d.severity, Severity::kError);
}

TEST(OverrideTest, PointerEscaping) {
  std::vector<Diagnostic> diagnostics;
  resolve("gbt9704", {{"body/size", "12pt"}, {"a~b.c", "1"}}, diagnostics);
  ASSERT_EQ(diagnostics.size(), 2u);
  EXPECT_EQ(diagnostics[0].pointer, "/style/overrides/a~0b.c");
  EXPECT_EQ(diagnostics[1].pointer, "/style/overrides/body~1size");
}

TEST(OverrideTest, MalformedPaths) {
  std::vector<Diagnostic> diagnostics;
  const Style s =
      resolve("gbt9704", {{"body", "12pt"}, {"body.size.x", "1"}, {"fonts.fang", "A"}, {"", "1"}},
              diagnostics);
  EXPECT_EQ(diagnostics.size(), 4u) << all_messages(diagnostics);
  EXPECT_DOUBLE_EQ(s.body.size_pt, 16);
}

TEST(ResolveTest, UnknownStyleListsBuiltins) {
  std::vector<Diagnostic> diagnostics;
  const Style s = resolve("gbt9705", {{"body.size", "小四"}}, diagnostics);
  ASSERT_EQ(diagnostics.size(), 1u) << all_messages(diagnostics);
  EXPECT_EQ(diagnostics[0].pointer, "/style/name");
  EXPECT_NE(diagnostics[0].message.find("gbt9704, report"), std::string::npos);
  EXPECT_EQ(diagnostics[0].hint, "did you mean \"gbt9704\"?");
  // Still usable: gbt9704 with the overrides.
  EXPECT_EQ(s.name, "gbt9704");
  EXPECT_EQ(s.page.grid_lines, 22);
  EXPECT_DOUBLE_EQ(s.body.size_pt, 12);
}

TEST(ResolveTest, TooSmallTypeAreaFallsBackToA4) {
  std::vector<Diagnostic> diagnostics;
  const Style s = resolve("gbt9704", {{"page.margin_left", "200mm"}}, diagnostics);
  ASSERT_EQ(diagnostics.size(), 1u) << all_messages(diagnostics);
  EXPECT_EQ(diagnostics[0].pointer, "/style/page");
  EXPECT_NEAR(to_mm(s.page.width_pt - s.page.margin_left_pt - s.page.margin_right_pt), 156, 0.01);
}

TEST(ResolveTest, TightLinePitchWarns) {
  std::vector<Diagnostic> diagnostics;
  resolve("gbt9704", {{"body.line_pitch", "12pt"}}, diagnostics);
  ASSERT_EQ(diagnostics.size(), 1u) << all_messages(diagnostics);
  EXPECT_EQ(diagnostics[0].severity, Severity::kWarning);
  EXPECT_EQ(diagnostics[0].pointer, "/style/body/line_pitch");
}

TEST_F(StyleFileTest, ExtendsBuiltinChangingOneProperty) {
  const std::string path = write("small.json", R"({
    "name": "small-body",
    "extends": "gbt9704",
    "body": { "size": "小四" }
  })");
  const Style s = resolve_clean(path);
  EXPECT_EQ(s.name, "small-body");
  EXPECT_DOUBLE_EQ(s.body.size_pt, 12);

  // Everything else is gbt9704's.
  Style expected = resolve_clean("gbt9704");
  expected.name = "small-body";
  expected.body.size_pt = 12;
  EXPECT_EQ(dump_style(s), dump_style(expected));
}

TEST_F(StyleFileTest, ExtendsFileRelativeToFile) {
  fs::create_directories(dir_ / "base");
  write("base/house.json", R"({"extends": "report", "heading1": {"size": "三号"}})");
  const std::string path = write("doc.json", R"(// comments are allowed
    {"extends": "base/house.json", "page": {"margin_left": "3cm"}})");
  const Style s = resolve_clean(path);
  EXPECT_EQ(s.name, "doc");  // the file's stem when "name" is missing
  EXPECT_DOUBLE_EQ(heading_style(s, 1).size_pt, 16);
  EXPECT_NEAR(to_mm(s.page.margin_left_pt), 30, 1e-9);
  EXPECT_DOUBLE_EQ(s.body.size_pt, 12);  // report's
}

TEST_F(StyleFileTest, ExtendsCycleIsAnError) {
  const std::string a = write("a.json", R"({"extends": "b.json", "body": {"bold": true}})");
  write("b.json", R"({"extends": "a.json", "body": {"size": "小四"}})");
  std::vector<Diagnostic> diagnostics;
  const Style s = resolve(a, {}, diagnostics);
  ASSERT_EQ(diagnostics.size(), 1u) << all_messages(diagnostics);
  const Diagnostic& d = diagnostics[0];
  EXPECT_EQ(d.severity, Severity::kError);
  EXPECT_EQ(d.pointer, "/extends");
  EXPECT_NE(d.source.find("b.json"), std::string::npos);
  EXPECT_NE(d.message.find("cycle"), std::string::npos) << d.message;
  // Usable: b builds on gbt9704 instead, then a on b.
  EXPECT_TRUE(s.body.bold);
  EXPECT_DOUBLE_EQ(s.body.size_pt, 12);
  EXPECT_EQ(s.page.grid_lines, 22);
  EXPECT_EQ(s.fonts.size(), 5u);
}

TEST_F(StyleFileTest, SelfExtendIsAnError) {
  const std::string a = write("self.json", R"({"extends": "./self.json"})");
  std::vector<Diagnostic> diagnostics;
  const Style s = resolve(a, {}, diagnostics);
  ASSERT_EQ(diagnostics.size(), 1u) << all_messages(diagnostics);
  EXPECT_NE(diagnostics[0].message.find("cycle"), std::string::npos);
  EXPECT_EQ(s.page.grid_lines, 22);
}

TEST_F(StyleFileTest, UnknownPropertyInFile) {
  const std::string path = write("typo.json", R"({
    "extends": "gbt9704",
    "body": {"sise": "小四", "align": "justify"},
    "heading": {"size": "三号"},
    "fonts": {"fang": {"familes": ["A"]}, "song": ["B"]}
  })");
  std::vector<Diagnostic> diagnostics;
  resolve(path, {}, diagnostics);
  ASSERT_EQ(diagnostics.size(), 4u) << all_messages(diagnostics);
  EXPECT_EQ(diagnostics[0].source, path);
  EXPECT_EQ(diagnostics[0].pointer, "/body/sise");
  EXPECT_EQ(diagnostics[0].hint, "did you mean \"size\"?");
  EXPECT_EQ(diagnostics[1].pointer, "/heading");
  EXPECT_NE(diagnostics[1].hint.find("heading1"), std::string::npos) << diagnostics[1].hint;
  EXPECT_EQ(diagnostics[2].pointer, "/fonts/fang/familes");
  EXPECT_EQ(diagnostics[2].hint, "did you mean \"families\"?");
  EXPECT_EQ(diagnostics[3].pointer, "/fonts/song");
}

TEST_F(StyleFileTest, BadValueInFile) {
  const std::string path =
      write("bad.json", R"({"extends": "gbt9704", "page": {"grid_lines": "many"}})");
  std::vector<Diagnostic> diagnostics;
  const Style s = resolve(path, {}, diagnostics);
  ASSERT_EQ(diagnostics.size(), 1u) << all_messages(diagnostics);
  EXPECT_EQ(diagnostics[0].pointer, "/page/grid_lines");
  EXPECT_NE(diagnostics[0].message.find("whole number"), std::string::npos);
  EXPECT_EQ(s.page.grid_lines, 22);
}

TEST_F(StyleFileTest, InvalidJsonHasLineAndColumn) {
  const std::string path = write("broken.json", "{\n  \"body\": {\"size\": \"小四\",}\n}\n");
  std::vector<Diagnostic> diagnostics;
  const Style s = resolve(path, {}, diagnostics);
  ASSERT_EQ(diagnostics.size(), 1u) << all_messages(diagnostics);
  EXPECT_EQ(diagnostics[0].source, path);
  EXPECT_EQ(diagnostics[0].line, 2);
  EXPECT_GT(diagnostics[0].column, 1);
  EXPECT_EQ(s.name, "gbt9704");
}

// A number that does not fit a double (found by fuzzing: it escaped as an exception) is an
// error with its line and column, quoting only the number's start.
TEST_F(StyleFileTest, NumberOutOfRangeIsAnErrorWithItsPlace) {
  const std::string digits(500, '9');
  const std::string path =
      write("huge.json", "{\n  \"body\": {\"space_before\": 1e400},\n  \"x\": " + digits + "e9\n}\n");
  std::vector<Diagnostic> diagnostics;
  Style s;
  ASSERT_NO_THROW(s = resolve(path, {}, diagnostics));
  ASSERT_EQ(diagnostics.size(), 1u) << all_messages(diagnostics);
  EXPECT_EQ(diagnostics[0].severity, Severity::kError);
  EXPECT_EQ(diagnostics[0].source, path);
  EXPECT_EQ(diagnostics[0].line, 2);
  EXPECT_EQ(diagnostics[0].column, 28);
  EXPECT_NE(diagnostics[0].message.find("1e400"), std::string::npos) << diagnostics[0].message;
  EXPECT_LT(diagnostics[0].message.size(), 200u);
  EXPECT_EQ(s.name, "gbt9704");
}

TEST_F(StyleFileTest, MissingFile) {
  std::vector<Diagnostic> diagnostics;
  const Style s = resolve((dir_ / "nowhere.json").string(), {}, diagnostics);
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_NE(diagnostics[0].message.find("not found"), std::string::npos);
  EXPECT_EQ(s.name, "gbt9704");
}

// Issue #15: a report's style files come from its folder (or an allowed root) only, are regular
// files, and messages never show their contents.
TEST_F(StyleFileTest, FilesOutsideTheRootsAreNotAllowed) {
  fs::create_directories(dir_ / "report");
  write("outside.json", R"({"body": {"size": "小四"}})");
  StyleFileAccess access;
  access.base_dir = dir_ / "report";
  access.roots = {dir_ / "report"};
  for (const std::string& ref : {std::string("../outside.json"), (dir_ / "outside.json").string(),
                                std::string("/etc/passwd"), std::string("/etc/none.json")}) {
    std::vector<Diagnostic> diagnostics;
    const Style s = resolve_style(ref, {}, diagnostics, access);
    ASSERT_EQ(diagnostics.size(), 1u) << ref;
    EXPECT_EQ(diagnostics[0].pointer, "/style/name");
    EXPECT_NE(diagnostics[0].message.find("not allowed"), std::string::npos)
        << diagnostics[0].message;
    EXPECT_EQ(diagnostics[0].message.find("root:"), std::string::npos);
    EXPECT_EQ(s.name, "gbt9704");
  }
  // Allowed through a second root, and a link inside the root that leads out is refused.
  access.roots.push_back(dir_);
  std::vector<Diagnostic> diagnostics;
  EXPECT_EQ(resolve_style("../outside.json", {}, diagnostics, access).name, "outside");
  EXPECT_TRUE(diagnostics.empty()) << all_messages(diagnostics);
  access.roots = {dir_ / "report"};
  fs::create_symlink(dir_ / "outside.json", dir_ / "report" / "link.json");
  diagnostics.clear();
  resolve_style("link.json", {}, diagnostics, access);
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_NE(diagnostics[0].message.find("not allowed"), std::string::npos);
}

TEST_F(StyleFileTest, OnlyRegularFilesUpToTheLimitAreRead) {
  StyleFileAccess access;
  access.base_dir = dir_;
  access.roots = {dir_};
  ASSERT_EQ(mkfifo((dir_ / "fifo.json").c_str(), 0644), 0);
  std::vector<Diagnostic> diagnostics;
  resolve_style("fifo.json", {}, diagnostics, access);  // must not block
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_NE(diagnostics[0].message.find("not a regular file"), std::string::npos);

  // limits::kMaxStyleFileBytes: a sheet of exactly that size is read, one byte more is refused.
  std::string sheet = R"({"body": {"size": "小四"}})";
  sheet += std::string(limits::kMaxStyleFileBytes - sheet.size(), ' ');
  write("at-limit.json", sheet);
  write("past-limit.json", sheet + " ");
  diagnostics.clear();
  EXPECT_EQ(resolve_style("at-limit.json", {}, diagnostics, access).body.size_pt, 12);
  EXPECT_TRUE(diagnostics.empty()) << all_messages(diagnostics);
  resolve_style("past-limit.json", {}, diagnostics, access);
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].pointer, "/style/name");
  EXPECT_NE(diagnostics[0].message.find("larger than"), std::string::npos);

  diagnostics.clear();
  resolve_style("nul\0.json", {}, diagnostics, access);
  resolve_style(std::string("a\0b.json", 8), {}, diagnostics, access);
  ASSERT_EQ(diagnostics.size(), 2u);
  EXPECT_NE(diagnostics[1].message.find("control character"), std::string::npos);
}

// limits::kMaxExtendsDepth: a chain of that many sheets (the built-in base included) resolves;
// one more is refused at the "extends" that goes too far.
TEST_F(StyleFileTest, ExtendsDepthLimit) {
  const size_t depth = limits::kMaxExtendsDepth;
  // s1 extends gbt9704; sK extends s(K-1). A chain from sN holds N files + the built-in.
  write("s1.json", R"({"extends": "gbt9704"})");
  for (size_t k = 2; k <= depth; ++k) {
    write("s" + std::to_string(k) + ".json",
          "{\"extends\": \"s" + std::to_string(k - 1) + ".json\"}");
  }
  std::vector<Diagnostic> diagnostics;
  resolve_style((dir_ / ("s" + std::to_string(depth - 1) + ".json")).string(), {}, diagnostics);
  EXPECT_TRUE(diagnostics.empty()) << all_messages(diagnostics);
  resolve_style((dir_ / ("s" + std::to_string(depth) + ".json")).string(), {}, diagnostics);
  ASSERT_FALSE(diagnostics.empty());
  EXPECT_EQ(diagnostics[0].pointer, "/extends");
  EXPECT_NE(diagnostics[0].source.find("s1.json"), std::string::npos) << diagnostics[0].source;
  EXPECT_NE(diagnostics[0].message.find(std::to_string(depth)), std::string::npos);
}

TEST_F(StyleFileTest, StandaloneSheetGetsFallbackFonts) {
  const std::string path = write("bare.json", R"({"body": {"role": "song"}})");
  const Style s = resolve_clean(path);
  ASSERT_EQ(s.fonts.size(), 5u);
  EXPECT_EQ(s.fonts.at(FontRole::kSong).docx_east_asia, "宋体");
}

TEST_F(StyleFileTest, DumpRoundTrips) {
  for (const std::string& name : builtin_style_names()) {
    SCOPED_TRACE(name);
    const Style original = resolve_clean(name, {{"body.size", "小四"}});
    const std::string dumped = dump_style(original);
    const Style again = resolve_clean(write(name + "-dump.json", dumped));
    EXPECT_EQ(dump_style(again), dumped);
    EXPECT_NEAR(again.body.line_pitch_pt, original.body.line_pitch_pt, 1e-4);
  }
}

}  // namespace
}  // namespace paiban::styles
