// The JSON writer: canonical form (key order, defaults left out, shorthands, line breaking) and
// the round trip read(write(x)) == x.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "json_io.h"
#include "model_dump.h"
#include "support/model_builders.h"

namespace paiban::json {
namespace {

std::string all_messages(const ReadResult& result) {
  std::string out;
  for (const Diagnostic& d : result.diagnostics) out += format_diagnostic(d) + "\n";
  return out;
}

using paiban::test_support::cell;
using paiban::test_support::paragraph;
using paiban::test_support::text_run;

// A report that uses every field of the model with a non-default value somewhere, and the
// defaults elsewhere. Header flags are set the way the reader sets them.
Report sample_report() {
  Report r;
  r.metadata.title = "红旗区城乡建设局2023年\n政府信息公开工作年度报告";
  r.metadata.subtitle = "（征求意见稿）";
  r.metadata.organisation = "红旗区城乡建设局";
  r.metadata.date = "2024-01-20";
  r.metadata.doc_number = "红建〔2024〕1号";
  r.metadata.keywords = {"政府信息公开", "年度报告"};
  r.metadata.language = "zh-Hans-CN";
  r.style.name = "report";
  r.style.overrides = {{"body.size", "小四"}, {"table.min_font_size", "9pt"}};
  r.show_title = false;

  Heading h1;
  h1.level = 1;
  h1.runs = {text_run("总体情况")};
  r.body.push_back(h1);

  Heading h2;
  h2.level = 2;
  h2.runs = {text_run("存在的主要问题")};
  h2.numbering = Numbering::kExplicit;
  h2.number = "(一)";
  Paragraph run_in;
  Run strong = text_run("一是");
  strong.bold = true;
  run_in.runs = {strong, text_run("信息公开的内容有待进一步完善。")};
  h2.run_in_body = run_in;
  r.body.push_back(h2);

  Heading h3;
  h3.level = 3;
  Run italic = text_run("Italic \"quoted\" \\ text");
  italic.italic = false;
  italic.underline = true;
  italic.font = FontRole::kKai;
  italic.size = "10.5pt";
  h3.runs = {italic};
  h3.numbering = Numbering::kNone;
  Paragraph plain_run_in;
  plain_run_in.runs = {text_run("正文。")};
  h3.run_in_body = plain_run_in;
  r.body.push_back(h3);

  Paragraph p =
      paragraph("2023 年，区城建局认真贯彻落实上级关于全面推进政府信息公开有关决策部署。");
  r.body.push_back(p);
  Paragraph centred = paragraph("居中");
  centred.align = HAlign::kCenter;
  centred.first_line_indent = false;
  r.body.push_back(centred);
  Paragraph empty_runs;
  r.body.push_back(empty_runs);
  Paragraph empty_text = paragraph("");
  empty_text.first_line_indent = true;
  r.body.push_back(empty_text);

  Table t;
  t.caption = "表1";
  t.note = "注：单位为件。";
  t.form = "gov-annual-2021/table-3";
  t.header_rows = 1;
  t.header_columns = 1;
  t.columns.resize(3);
  t.columns[0].width = "30mm";
  t.columns[2].align = HAlign::kRight;
  TableRow r0;
  r0.cells = {cell("项目"), cell("数量", 1, 2)};
  TableRow r1;
  r1.cells = {cell("行政许可", 2), cell("1"), cell("28")};
  TableCell multi;
  multi.paragraphs = {paragraph("第一段"), centred};
  multi.valign = VAlign::kMiddle;
  TableCell empty_cell;
  empty_cell.align = HAlign::kJustify;
  TableRow r2;
  r2.cells = {multi, empty_cell};
  for (TableCell& c : r0.cells) c.header = true;
  r1.cells[0].header = true;
  t.rows = {r0, r1, r2};
  r.body.push_back(t);

  Table plain;
  plain.columns.resize(2);
  TableRow only;
  only.cells = {cell("a"), cell("b")};
  TableCell zero_paragraphs;
  zero_paragraphs.colspan = 2;
  TableRow second;
  second.cells = {zero_paragraphs};
  plain.rows = {only, second};
  r.body.push_back(plain);

  r.body.push_back(PageBreak{});
  Signature s;
  s.organisation = "红旗区城乡建设局";
  s.date = "2024年1月20日";
  r.body.push_back(s);
  r.body.push_back(Signature{});
  r.body.push_back(Spacer{});
  Spacer tall;
  tall.height = "3line";
  r.body.push_back(tall);
  return r;
}

TEST(RoundTrip, ReadOfWriteIsIdentity) {
  const Report original = sample_report();
  const std::string text = write_report(original);
  const ReadResult result = read_report(text, "written.json");
  ASSERT_TRUE(result.report.has_value()) << all_messages(result) << text;
  EXPECT_EQ(test::dump_report(*result.report), test::dump_report(original)) << text;
  EXPECT_EQ(write_report(*result.report), text);
}

TEST(RoundTrip, DefaultReport) {
  Report r;
  r.metadata.title = "T";
  const std::string text = write_report(r);
  EXPECT_EQ(text,
            "{\n"
            "  \"metadata\": {\"title\": \"T\"},\n"
            "  \"body\": []\n"
            "}\n");
  const ReadResult result = read_report(text, "");
  ASSERT_TRUE(result.report.has_value()) << all_messages(result);
  EXPECT_EQ(test::dump_report(*result.report), test::dump_report(r));
}

// Fails when a field is added to the model but not to the dump, the writer or the reader: the
// dump of the sample must show every non-default value the sample sets.
TEST(RoundTrip, TheDumpSeesEveryField) {
  const std::string dump = test::dump_report(sample_report());
  for (const char* needle :
       {"subtitle=[（征求意见稿）]", "doc_number=[红建〔2024〕1号]", "language=[zh-Hans-CN]",
        "[table.min_font_size]=[9pt]", "show_title=false", "numbering=1 number=[(一)]",
        "numbering=2", "italic=false underline=true font=4 size=[10.5pt]", "align=2 indent=false",
        "header_rows=1 header_columns=1", "width=[30mm]", "valign=2", "header=true",
        "spacer height=[3line]", "date=[2024年1月20日]"}) {
    EXPECT_NE(dump.find(needle), std::string::npos) << needle << "\n" << dump;
  }
}

TEST(Canonical, KeyOrderShorthandsAndLines) {
  Report r;
  r.metadata.title = "T";
  r.metadata.language = "en";
  r.style.name = "report";
  Heading h;
  h.level = 2;
  h.numbering = Numbering::kExplicit;
  h.number = "(一)";
  h.runs = {text_run("问题")};
  r.body.push_back(h);
  Table t;
  t.columns.resize(2);
  t.header_rows = 1;
  TableRow row;
  row.cells = {cell("a", 1, 2)};
  TableRow row2;
  row2.cells = {cell("b"), cell("c")};
  t.rows = {row, row2};
  r.body.push_back(t);
  EXPECT_EQ(write_report(r),
            R"J({
  "metadata": {"title": "T", "language": "en"},
  "style": "report",
  "body": [
    {"type": "heading", "level": 2, "text": "问题", "number": "(一)"},
    {
      "type": "table",
      "header_rows": 1,
      "columns": 2,
      "rows": [{"cells": [{"text": "a", "colspan": 2}]}, {"cells": ["b", "c"]}]
    }
  ]
}
)J");
}

TEST(Canonical, LongValuesBreakAtHundredColumns) {
  Report r;
  r.metadata.title = "T";
  // 40 Han characters are 80 columns: with the indent and the keys the block no longer fits.
  std::string text;
  for (int i = 0; i < 40; ++i) text += "字";
  r.body.push_back(paragraph(text));
  Table t;
  t.columns.resize(12);
  TableRow row;
  for (int i = 0; i < 12; ++i) row.cells.push_back(cell("第" + std::to_string(i) + "列数据"));
  t.rows = {row};
  r.body.push_back(t);
  const std::string out = write_report(r);
  EXPECT_NE(
      out.find("    {\n      \"type\": \"paragraph\",\n      \"text\": \"" + text + "\"\n    }"),
      std::string::npos)
      << out;
  // The row does not fit on one line either, so its cells array is broken one cell a line.
  EXPECT_NE(out.find("\"cells\": [\n"), std::string::npos) << out;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    std::size_t width = 0;
    for (const char c : line) {
      const auto b = static_cast<unsigned char>(c);
      if (b < 0x80)
        ++width;
      else if ((b & 0xC0) != 0x80)
        width += 2;
    }
    EXPECT_LE(width, 100u) << line;
  }
}

TEST(Canonical, InvalidUtf8InTheModelIsReplaced) {
  Report r;
  r.metadata.title = "bad \xFF byte";
  const std::string out = write_report(r);
  EXPECT_NE(out.find("bad \xEF\xBF\xBD byte"), std::string::npos) << out;
  EXPECT_TRUE(read_report(out, "").report.has_value());
}

// Every sample, read and written, reads back to the same model, and writing is idempotent.
TEST(RoundTrip, Samples) {
  namespace fs = std::filesystem;
  const fs::path samples = fs::path(PAIBAN_SOURCE_DIR) / "samples";
  int count = 0;
  if (fs::exists(samples)) {
    for (const auto& entry : fs::recursive_directory_iterator(samples)) {
      if (entry.path().extension() != ".json") continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::stringstream buffer;
      buffer << in.rdbuf();
      const ReadResult first = read_report(buffer.str(), entry.path().string());
      ASSERT_TRUE(first.report.has_value()) << all_messages(first);
      const std::string written = write_report(*first.report);
      const ReadResult second = read_report(written, "written");
      ASSERT_TRUE(second.report.has_value()) << all_messages(second);
      EXPECT_EQ(test::dump_report(*second.report), test::dump_report(*first.report))
          << entry.path();
      EXPECT_EQ(write_report(*second.report), written) << entry.path();
      ++count;
    }
  }
  if (count == 0) GTEST_SKIP() << "no samples/**/*.json yet";
}

}  // namespace
}  // namespace paiban::json
