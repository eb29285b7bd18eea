// The plain-text importer: corpus files (geometry, every word kept, blank cells) and small cases.
#include "importer.h"
#include "json_io.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "forms.h"
#include "numbering.h"
#include "table_grid.h"
#include "test_support.h"
#include "text_util.h"

namespace paiban::import {
namespace {

using testing::import_fixture;
using testing::squash_utf8;

std::vector<const Table*> tables_of(const Report& report) {
  std::vector<const Table*> out;
  for (const Block& b : report.body) {
    if (const Table* t = std::get_if<Table>(&b)) out.push_back(t);
  }
  return out;
}

using Geometry = std::set<std::tuple<int, int, int, int>>;

Geometry geometry_of(const Table& table) {
  Geometry g;
  const TableGrid placed = resolve_table_grid(table);
  EXPECT_FALSE(placed.repaired);
  for (const GridCell& c : placed.cells) g.insert({c.row, c.col, c.rowspan, c.colspan});
  return g;
}

// The geometry of the template's tables from the shared JSON; table 三 optionally in the
// documented one-row （六） variant.
std::map<std::string, Geometry> template_geometry() {
  std::map<std::string, Geometry> out;
  const auto path = testing::structure_json();
  if (!path) return out;
  const nlohmann::json j = nlohmann::json::parse(testing::read_file(*path));
  const char* names[] = {"gov-annual-2021/table-2", "gov-annual-2021/table-3",
                         "gov-annual-2021/table-4"};
  for (size_t i = 0; i < 3; ++i) {
    Geometry g;
    Geometry variant;
    for (const auto& c : j.at("tables")[i].at("cells")) {
      int row = c.at("row"), col = c.at("col"), rowspan = c.at("rowspan"),
          colspan = c.at("colspan");
      g.insert({row, col, rowspan, colspan});
      if (i != 1) continue;
      if (row == 5 && col == 0) rowspan = 20;
      if (row == 23 && col == 1) rowspan = 1, colspan = 2;
      if ((row == 23 && col == 2) || row == 24 || row == 25) continue;
      if (row >= 26) row -= 2;
      variant.insert({row, col, rowspan, colspan});
    }
    out[names[i]] = g;
    if (i == 1) out["gov-annual-2019/table-3"] = variant;
  }
  return out;
}

TEST(ImporterCorpusTest, TablesHaveTheTemplateGeometryCellForCell) {
  const std::map<std::string, Geometry> expected = template_geometry();
  if (expected.empty()) GTEST_SKIP() << "shared/corpus/template-2021-structure.json not found";
  for (const char* name : testing::kFixtures) {
    const Report report = import_fixture(name);
    const std::vector<const Table*> tables = tables_of(report);
    ASSERT_EQ(tables.size(), 3u) << name;
    EXPECT_EQ(tables[0]->form, "gov-annual-2021/table-2") << name;
    // hongzequ prints （六）其他处理 as one row (the 2019 shape); the others have three sub-rows.
    EXPECT_EQ(tables[1]->form, std::string(name) == "hongzequ-2023.txt" ? "gov-annual-2019/table-3"
                                                                        : "gov-annual-2021/table-3")
        << name;
    EXPECT_EQ(tables[2]->form, "gov-annual-2021/table-4") << name;
    for (const Table* t : tables) {
      ASSERT_TRUE(expected.count(t->form)) << t->form;
      EXPECT_EQ(geometry_of(*t), expected.at(t->form)) << name << " " << t->form;
    }
    EXPECT_EQ(tables[0]->header_rows, 0);
    EXPECT_EQ(tables[0]->header_columns, 0);
    EXPECT_EQ(tables[1]->header_rows, 3);
    EXPECT_EQ(tables[1]->header_columns, 3);
    EXPECT_EQ(tables[2]->header_rows, 3);
    EXPECT_EQ(tables[2]->header_columns, 0);
  }
}

// The report's text in reading order with the tables left out (each replaced by a mark), and
// each table's cells: header rows as a set (a header label extracted on the wrong line moves to
// its template cell), body rows in order.
struct TextView {
  std::string text;
  std::vector<std::multiset<std::string>> headers;
  std::vector<std::vector<std::string>> bodies;
};

constexpr const char* kTableMark = "\x01";

TextView report_text(const Report& report) {
  TextView v;
  v.text = squash_utf8(report.metadata.title);
  HeadingCounter headings;
  for (const Block& b : report.body) {
    if (const Heading* h = std::get_if<Heading>(&b)) {
      v.text += headings.next(*h);
      v.text += squash_utf8(plain_text(h->runs));
      if (h->run_in_body) v.text += squash_utf8(plain_text(h->run_in_body->runs));
    } else if (const Paragraph* p = std::get_if<Paragraph>(&b)) {
      v.text += squash_utf8(plain_text(p->runs));
    } else if (const Signature* s = std::get_if<Signature>(&b)) {
      v.text += squash_utf8(s->organisation + s->date);
    } else if (const Table* t = std::get_if<Table>(&b)) {
      v.text += kTableMark;
      std::multiset<std::string> header;
      std::vector<std::string> body;
      for (const GridCell& c : resolve_table_grid(*t).cells) {
        const std::string text = squash_utf8(cell_text(*c.cell));
        if (text.empty()) continue;
        if (c.row < t->header_rows) {
          header.insert(text);
        } else {
          body.push_back(text);
        }
      }
      v.headers.push_back(header);
      v.bodies.push_back(body);
    }
  }
  return v;
}

// The same view of the source: every line but "# source:", tables as tab-separated lines whose
// first `header_rows` lines are the header.
TextView source_text(const std::string& source, const std::vector<int>& header_rows) {
  TextView v;
  std::vector<std::string> lines;
  size_t start = 0;
  while (start <= source.size()) {
    size_t end = source.find('\n', start);
    if (end == std::string::npos) end = source.size();
    lines.push_back(source.substr(start, end - start));
    start = end + 1;
  }
  if (!lines.empty() && lines[0].rfind("# source:", 0) == 0) lines.erase(lines.begin());
  size_t table = 0;
  for (size_t i = 0; i < lines.size();) {
    if (lines[i].find('\t') == std::string::npos) {
      v.text += squash_utf8(lines[i]);
      ++i;
      continue;
    }
    v.text += kTableMark;
    std::multiset<std::string> header;
    std::vector<std::string> body;
    const int hr = table < header_rows.size() ? header_rows[table] : 0;
    for (int row = 0; i < lines.size() && lines[i].find('\t') != std::string::npos; ++i, ++row) {
      size_t s = 0;
      while (s <= lines[i].size()) {
        size_t e = lines[i].find('\t', s);
        if (e == std::string::npos) e = lines[i].size();
        const std::string field = squash_utf8(lines[i].substr(s, e - s));
        if (!field.empty()) row < hr ? (void)header.insert(field) : body.push_back(field);
        s = e + 1;
      }
    }
    v.headers.push_back(header);
    v.bodies.push_back(body);
    ++table;
  }
  return v;
}

TEST(ImporterCorpusTest, EveryWordOfTheSourceIsKeptInOrder) {
  for (const char* name : testing::kFixtures) {
    const std::string source = testing::read_file(testing::data_dir() / name);
    ReadResult r = import_text(source, name);
    ASSERT_TRUE(r.report) << name;
    const TextView got = report_text(*r.report);
    std::vector<int> header_rows;
    for (const Table* t : tables_of(*r.report)) header_rows.push_back(t->header_rows);
    const TextView want = source_text(source, header_rows);
    EXPECT_EQ(got.text, want.text) << name;
    EXPECT_EQ(got.headers, want.headers) << name;
    EXPECT_EQ(got.bodies, want.bodies) << name;
  }
}

// The samples checked in under samples/ (made by the importer from these fixtures, and since
// edited by hand only where a commit says so) hold every word of their source, in order, with
// every table's header and body cells: read from disk, not regenerated.
TEST(ImporterCorpusTest, CheckedInSamplesKeepEveryWordOfTheirSource) {
  const std::pair<const char*, const char*> samples[] = {
      {"hongzequ-2023.txt", "hongzequ-2023"},
      {"huaian-2024.txt", "huaian-2024"},
      {"hongqi-2023-seed.txt", "hongqi-2023-imported"},
  };
  for (const auto& [fixture, folder] : samples) {
    const auto path = testing::source_dir() / "samples" / folder / "report.json";
    ReadResult sample = json::read_report(testing::read_file(path), path.string());
    ASSERT_TRUE(sample.report) << path;
    const TextView got = report_text(*sample.report);
    std::vector<int> header_rows;
    for (const Table* t : tables_of(*sample.report)) header_rows.push_back(t->header_rows);
    const TextView want =
        source_text(testing::read_file(testing::data_dir() / fixture), header_rows);
    EXPECT_EQ(got.text, want.text) << folder;
    EXPECT_EQ(got.headers, want.headers) << folder;
    EXPECT_EQ(got.bodies, want.bodies) << folder;
    EXPECT_FALSE(got.bodies.empty()) << folder;
  }
}

TEST(ImporterCorpusTest, SourceLineIsAKeywordNotText) {
  const Report report = import_fixture("huaian-2024.txt");
  ASSERT_EQ(report.metadata.keywords.size(), 1u);
  EXPECT_EQ(report.metadata.keywords[0].rfind("source: https://", 0), 0u);
  EXPECT_EQ(report.metadata.title, "淮安市人民政府\n2024年政府信息公开工作年度报告");
  EXPECT_EQ(report.metadata.organisation, "淮安市人民政府");
}

TEST(ImporterCorpusTest, BlankCellsStayBlank) {
  const Report report = import_fixture("template-2021-blank.txt");
  for (const Table* t : tables_of(report)) {
    const Form* form = find_form(t->form);
    ASSERT_NE(form, nullptr);
    const TableGrid placed = resolve_table_grid(*t);
    for (const FormCell& fc : form->cells) {
      const GridCell* c = placed.starting_at(fc.row, fc.col);
      ASSERT_NE(c, nullptr);
      if (fc.data) {
        EXPECT_EQ(cell_text(*c->cell), "") << t->form << " " << fc.row << "," << fc.col;
      } else {
        EXPECT_LE(distance(fold(cell_text(*c->cell)), fold(fc.text)), 0.1) << fc.text;
      }
    }
  }
  // In a filled report, the cells a merged data cell covers are not cells at all, and the
  // numbers are as published.
  const Report hz = import_fixture("hongzequ-2023.txt");
  const TableGrid t2 = resolve_table_grid(*tables_of(hz)[0]);
  EXPECT_EQ(cell_text(*t2.starting_at(6, 1)->cell), "550");
  EXPECT_EQ(t2.starting_at(6, 1)->colspan, 3);
  EXPECT_EQ(cell_text(*t2.starting_at(13, 1)->cell), "7730.28");
  const Report ha = import_fixture("huaian-2024.txt");
  const TableGrid t2b = resolve_table_grid(*tables_of(ha)[0]);
  EXPECT_EQ(cell_text(*t2b.starting_at(9, 1)->cell), "3985758");
  EXPECT_EQ(cell_text(*t2b.starting_at(13, 1)->cell), "96171.6");
}

TEST(ImporterCorpusTest, PublishedLabelsAreKeptTyposIncluded) {
  const Report hz = import_fixture("hongzequ-2023.txt");
  const TableGrid t3 = resolve_table_grid(*tables_of(hz)[1]);
  EXPECT_EQ(cell_text(*t3.starting_at(8, 2)->cell), "2.其他法律行政止公开");
  EXPECT_EQ(cell_text(*t3.starting_at(23, 1)->cell), "（六）其他处理");
  EXPECT_EQ(cell_text(*t3.starting_at(24, 1)->cell), "（七）总计");
  const Report ha = import_fixture("huaian-2024.txt");
  const TableGrid h3 = resolve_table_grid(*tables_of(ha)[1]);
  EXPECT_EQ(cell_text(*h3.starting_at(25, 2)->cell), "3、其他");
  const TableGrid h2 = resolve_table_grid(*tables_of(ha)[0]);
  // The stray space dropped.
  EXPECT_EQ(cell_text(*h2.starting_at(0, 0)->cell), "第二十条第（一）项");
}

// The seed: labels lost their merges and their columns; the header's 总计 sits on the first
// header line; "5. 要求行政机关确认…" starts its line instead of the third column.
TEST(ImporterCorpusTest, SeedLabelsFindTheirCells) {
  std::vector<Diagnostic> warnings;
  ReadResult r =
      import_text(testing::read_file(testing::data_dir() / "hongqi-2023-seed.txt"), "seed");
  ASSERT_TRUE(r.report);
  EXPECT_TRUE(r.diagnostics.empty()) << format_diagnostic(r.diagnostics.front());
  const TableGrid t3 = resolve_table_grid(*tables_of(*r.report)[1]);
  EXPECT_EQ(cell_text(*t3.starting_at(1, 9)->cell), "总计");
  EXPECT_EQ(cell_text(*t3.starting_at(22, 2)->cell), "5.要求行政机关确认或重新出具已获取信息");
  EXPECT_EQ(cell_text(*t3.starting_at(22, 3)->cell), "0");
  EXPECT_EQ(cell_text(*t3.starting_at(5, 1)->cell), "(一)予以公开");
  EXPECT_EQ(cell_text(*t3.starting_at(5, 9)->cell), "0");
  const TableGrid t4 = resolve_table_grid(*tables_of(*r.report)[2]);
  EXPECT_EQ(cell_text(*t4.starting_at(1, 0)->cell), "结果维持");
  EXPECT_EQ(r.report->metadata.title, "红旗区城乡建设局2023年政府信息公开工作年度报告");
  EXPECT_EQ(r.report->metadata.organisation, "红旗区城乡建设局");
}

// --- small cases ---

ReadResult import(const std::string& text) { return import_text(text, "t.txt"); }

template <typename T>
const T& block(const Report& report, size_t i) {
  EXPECT_LT(i, report.body.size());
  return std::get<T>(report.body.at(i));
}

TEST(ImporterTest, HeadingsByTheirNumbers) {
  ReadResult r = import(
      "标题\n\n一、总体情况\n\n（一）主动公开情况。主要通过网站公开。\n\n(二) 依申请公开\n\n"
      "1.第一项\n\n2、第二项\n\n（1）细项\n\n（三）第三\n\n三、跳号");
  ASSERT_TRUE(r.report);
  const Report& rep = *r.report;
  ASSERT_EQ(rep.body.size(), 8u);
  const Heading& h1 = block<Heading>(rep, 0);
  EXPECT_EQ(h1.level, 1);
  EXPECT_EQ(h1.numbering, Numbering::kAuto);
  EXPECT_EQ(plain_text(h1.runs), "总体情况");
  const Heading& h2 = block<Heading>(rep, 1);
  EXPECT_EQ(h2.level, 2);
  EXPECT_EQ(h2.numbering, Numbering::kAuto);
  EXPECT_EQ(plain_text(h2.runs), "主动公开情况。");
  ASSERT_TRUE(h2.run_in_body);
  EXPECT_EQ(plain_text(h2.run_in_body->runs), "主要通过网站公开。");
  const Heading& h3 = block<Heading>(rep, 2);
  EXPECT_EQ(h3.numbering, Numbering::kExplicit);
  EXPECT_EQ(h3.number, "(二)");
  EXPECT_EQ(plain_text(h3.runs), "依申请公开");
  EXPECT_EQ(block<Heading>(rep, 3).level, 3);
  EXPECT_EQ(block<Heading>(rep, 3).numbering, Numbering::kAuto);
  EXPECT_EQ(block<Heading>(rep, 4).numbering, Numbering::kExplicit);
  EXPECT_EQ(block<Heading>(rep, 4).number, "2、");
  EXPECT_EQ(block<Heading>(rep, 5).level, 4);
  EXPECT_EQ(block<Heading>(rep, 5).numbering, Numbering::kAuto);
  EXPECT_EQ(block<Heading>(rep, 6).numbering, Numbering::kAuto);      // （三） after (二)
  EXPECT_EQ(block<Heading>(rep, 7).numbering, Numbering::kExplicit);  // 三、 where 二、 is due
  EXPECT_EQ(block<Heading>(rep, 7).number, "三、");
}

TEST(ImporterTest, NumbersAndLongLinesAreNotHeadings) {
  ReadResult r = import(
      "标题\n\n5949."
      "088667万元用于支出。\n\n（一）这是一个很长的编号段落，它没有句号而且一直写下去，"
      "写到超过标题应有的长度，所以应当被当作正文段落来处理，而不是作为标题");
  ASSERT_TRUE(r.report);
  ASSERT_EQ(r.report->body.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<Paragraph>(r.report->body[0]));
  EXPECT_TRUE(std::holds_alternative<Paragraph>(r.report->body[1]));
}

TEST(ImporterTest, HardWrappedParagraphsJoin) {
  ReadResult r = import("标题\n\n第一行文字\n第二行文字\nWord\nExcel\n\n另一段");
  ASSERT_TRUE(r.report);
  ASSERT_EQ(r.report->body.size(), 2u);
  EXPECT_EQ(plain_text(block<Paragraph>(*r.report, 0).runs), "第一行文字第二行文字Word Excel");
}

TEST(ImporterTest, ExtractionSpacesAreDropped) {
  ReadResult r = import("某局 2023 年 政府信息公开工作年度报告\n\n2023 年，共公开 28 条 。");
  ASSERT_TRUE(r.report);
  EXPECT_EQ(r.report->metadata.title, "某局2023年政府信息公开工作年度报告");
  EXPECT_EQ(r.report->metadata.organisation, "某局");
  EXPECT_EQ(plain_text(block<Paragraph>(*r.report, 0).runs), "2023年，共公开28条。");
}

TEST(ImporterTest, SignatureAtTheEnd) {
  ReadResult r = import("标题\n\n正文。\n\n某某区人民政府办公室\n2024年1月20日\n");
  ASSERT_TRUE(r.report);
  ASSERT_EQ(r.report->body.size(), 2u);
  const Signature& s = block<Signature>(*r.report, 1);
  EXPECT_EQ(s.organisation, "某某区人民政府办公室");
  EXPECT_EQ(s.date, "2024年1月20日");
  EXPECT_EQ(r.report->metadata.date, "2024-01-20");

  ReadResult two = import("标题\n\n正文。\n\n某某局\n\n二〇二四年一月二十日");
  ASSERT_TRUE(two.report);
  ASSERT_EQ(two.report->body.size(), 2u);
  EXPECT_EQ(block<Signature>(*two.report, 1).organisation, "某某局");
  EXPECT_EQ(two.report->metadata.date, "2024-01-20");
}

TEST(ImporterTest, HeadingRunIntoTextIsSplitWithAWarning) {
  ReadResult r = import(
      "标题\n\n六、其他需要报告的事项2023年，区政府严格落实《政府信息公开信息处理费"
      "管理办法》，全年收取政府信息公开信息处理费0元。");
  ASSERT_TRUE(r.report);
  ASSERT_EQ(r.report->body.size(), 2u);
  EXPECT_EQ(plain_text(block<Heading>(*r.report, 0).runs), "其他需要报告的事项");
  EXPECT_EQ(block<Heading>(*r.report, 0).number, "六、");  // 六 where 一 is due: explicit
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].line, 3);
  EXPECT_EQ(r.diagnostics[0].severity, Severity::kWarning);
}

TEST(ImporterTest, UnknownTableIsAPlainGridWithAWarning) {
  ReadResult r = import("标题\n\n名称\t数量\n甲\t1\t\n乙\t2\t备注\n");
  ASSERT_TRUE(r.report);
  const Table& t = block<Table>(*r.report, 0);
  EXPECT_TRUE(t.form.empty());
  EXPECT_EQ(t.columns.size(), 3u);
  ASSERT_EQ(t.rows.size(), 3u);
  for (const TableRow& row : t.rows) EXPECT_EQ(row.cells.size(), 3u);
  EXPECT_EQ(cell_text(t.rows[2].cells[2]), "备注");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].line, 3);
}

// Table 四 with a label typo, half-width spaces inside labels and a value line split from
// nothing: every field is placed.
TEST(ImporterTest, Table4ToleratesTyposAndSpaces) {
  ReadResult r = import(
      "标题\n\n行政复议\t\t\t\t\t行政诉讼\n"
      "结果 维持\t结果纠正\t其它结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉\n"
      "\t\t\t\t\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审"
      "结\t总计\n"
      "1\t2\t3\t4\t10\t0\t0\t0\t0\t0\t1 0\t0\t0\t0\t10\n");
  ASSERT_TRUE(r.report);
  EXPECT_TRUE(r.diagnostics.empty()) << format_diagnostic(r.diagnostics.front());
  const Table& t = block<Table>(*r.report, 0);
  EXPECT_EQ(t.form, "gov-annual-2021/table-4");
  const TableGrid p = resolve_table_grid(t);
  EXPECT_EQ(cell_text(*p.starting_at(1, 0)->cell), "结果维持");
  EXPECT_EQ(cell_text(*p.starting_at(1, 2)->cell), "其它结果");
  EXPECT_EQ(cell_text(*p.starting_at(3, 10)->cell), "10");
}

// Table 三 whose row label lost its line: the label on one line, its numbers on the next.
TEST(ImporterTest, RowLabelSplitFromItsNumbers) {
  std::string text = testing::read_file(testing::data_dir() / "huaian-2024.txt");
  const std::string row = "\t\t5.要求行政机关确认或重新出具已获取信息\t1\t0\t0\t0\t0\t0\t1";
  const size_t at = text.find(row);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, row.size(), "5.要求行政机关确认或重新出具已获取信息\n1\t0\t0\t0\t0\t0\t1");
  ReadResult r = import_text(text, "split");
  ASSERT_TRUE(r.report);
  EXPECT_TRUE(r.diagnostics.empty()) << format_diagnostic(r.diagnostics.front());
  const TableGrid t3 = resolve_table_grid(*tables_of(*r.report)[1]);
  EXPECT_EQ(cell_text(*t3.starting_at(22, 2)->cell), "5.要求行政机关确认或重新出具已获取信息");
  EXPECT_EQ(cell_text(*t3.starting_at(22, 3)->cell), "1");
  EXPECT_EQ(cell_text(*t3.starting_at(22, 9)->cell), "1");
  EXPECT_EQ(cell_text(*t3.starting_at(23, 3)->cell), "67");
}

TEST(ImporterTest, ExtraFieldsAreWarnedNotDropped) {
  std::string text = testing::read_file(testing::data_dir() / "huaian-2024.txt");
  const std::string row = "\t\t2.重复申请\t25\t0\t0\t0\t0\t0\t25";
  const size_t at = text.find(row);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, row.size(), row + "\t多余");
  ReadResult r = import_text(text, "extra");
  ASSERT_TRUE(r.report);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_NE(r.diagnostics[0].message.find("多余"), std::string::npos);
  EXPECT_GT(r.diagnostics[0].line, 0);
}

// The 2019 trial format's table 二, as a four-column rendition (the usual text of such a table):
// values are placed in order into the five-column grid's cells.
TEST(ImporterTest, Table2Of2019) {
  ReadResult r = import(
      "标题\n\n第二十条第（一）项\t\t\t\n信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n"
      "规章\t1\t1\t3\n规范性文件\t117\t117\t841\n第二十条第（五）项\t\t\t\n"
      "信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n行政许可\t120\t+4\t474339\n"
      "其他对外管理服务事项\t8\t0\t12\n第二十条第（六）项\t\t\t\n"
      "信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n行政处罚\t300\t-3\t3286513\n"
      "行政强制\t20\t0\t25970\n第二十条第（八）项\t\t\t\n信息内容\t上一年项目数量\t本年增/减\t\n"
      "行政事业性收费\t240\t+4\t\n第二十条第（九）项\t\t\t\n信息内容\t采购项目数量\t采购总金额\t\n"
      "政府集中采购\t15\t5949.088667\t\n");
  ASSERT_TRUE(r.report);
  EXPECT_TRUE(r.diagnostics.empty()) << format_diagnostic(r.diagnostics.front());
  const Table& t = block<Table>(*r.report, 0);
  EXPECT_EQ(t.form, "gov-annual-2019/table-2");
  const TableGrid p = resolve_table_grid(t);
  EXPECT_FALSE(p.repaired);
  EXPECT_EQ(cell_text(*p.starting_at(3, 2)->cell), "117");
  EXPECT_EQ(cell_text(*p.starting_at(3, 4)->cell), "841");
  EXPECT_EQ(cell_text(*p.starting_at(10, 2)->cell), "-3");
  EXPECT_EQ(cell_text(*p.starting_at(14, 3)->cell), "+4");
  EXPECT_EQ(cell_text(*p.starting_at(17, 3)->cell), "5949.088667");
}

TEST(ImporterTest, InvalidUtf8IsAnError) {
  ReadResult r = import("标题\n\n\xff\xfe 坏");
  EXPECT_FALSE(r.report);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].severity, Severity::kError);
  EXPECT_EQ(r.diagnostics[0].line, 3);
  EXPECT_FALSE(import("\n\n  \n").report);
}

TEST(ImporterTest, ControlCharactersAreWarned) {
  ReadResult r = import("标题\n\n正文\f第二页");
  ASSERT_TRUE(r.report);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].line, 3);
  EXPECT_EQ(plain_text(block<Paragraph>(*r.report, 0).runs), "正文第二页");
}

TEST(ImporterTest, NoTitleNamesTheReportAfterItsFile) {
  ReadResult r = import_text("一、总体情况\n\n正文。", "dir/report-2023.txt");
  ASSERT_TRUE(r.report);
  EXPECT_EQ(r.report->metadata.title, "report-2023");
  EXPECT_FALSE(r.report->show_title);
  ASSERT_EQ(r.diagnostics.size(), 1u);
}

}  // namespace
}  // namespace paiban::import
