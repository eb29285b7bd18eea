// The cross-check rules (勾稽关系) on the corpus and on edited copies of it.
#include "rules.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "importer.h"
#include "table_grid.h"
#include "test_support.h"

namespace paiban::import {
namespace {

using testing::import_fixture;

// The table of `report` with the given form, for editing.
Table& table_with_form(Report& report, const std::string& form) {
  for (Block& b : report.body) {
    if (Table* t = std::get_if<Table>(&b); t != nullptr && t->form == form) return *t;
  }
  ADD_FAILURE() << "no table " << form;
  static Table none;
  return none;
}

void set_cell(Table& table, int row, int col, const std::string& text) {
  const TableGrid placed = resolve_table_grid(table);
  const GridCell* c = placed.starting_at(row, col);
  ASSERT_NE(c, nullptr);
  TableCell& cell =
      table.rows[static_cast<size_t>(c->source_row)].cells[static_cast<size_t>(c->source_index)];
  cell.paragraphs.clear();
  Paragraph p;
  Run run;
  run.text = text;
  p.runs.push_back(run);
  cell.paragraphs.push_back(p);
}

// hongzequ-2023 as published: table 四's 行政复议 and 复议后起诉 totals are 0.
TEST(RulesTest, HongzequTable4TotalsAsPublished) {
  const Report report = import_fixture("hongzequ-2023.txt");
  const std::vector<Diagnostic> d = check_rules(report, CheckOptions{});
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].severity, Severity::kWarning);
  EXPECT_EQ(d[0].message,
            "表四 行政复议 总计: 0 ≠ 结果维持 10 + 结果纠正 1 + 其他结果 0 + 尚未审结 0 = 11");
  EXPECT_EQ(d[0].pointer, "/body/14/rows/3/cells/4");
  EXPECT_EQ(
      d[1].message,
      "表四 行政诉讼/复议后起诉 总计: 0 ≠ 结果维持 5 + 结果纠正 0 + 其他结果 0 + 尚未审结 0 = 5");
  EXPECT_EQ(d[1].pointer, "/body/14/rows/3/cells/14");

  CheckOptions strict;
  strict.strict = true;
  for (const Diagnostic& e : check_rules(report, strict)) EXPECT_EQ(e.severity, Severity::kError);
}

TEST(RulesTest, HuaianSeedAndBlankTemplateHold) {
  for (const char* name : {"huaian-2024.txt", "hongqi-2023-seed.txt", "template-2021-blank.txt"}) {
    const std::vector<Diagnostic> d = check_rules(import_fixture(name), CheckOptions{});
    EXPECT_TRUE(d.empty()) << name << ": " << format_diagnostic(d.front());
  }
}

TEST(RulesTest, Table3Rules) {
  Report report = import_fixture("huaian-2024.txt");
  Table& t3 = table_with_form(report, "gov-annual-2021/table-3");
  set_cell(t3, 10, 3, "7");  // （三）4.保护第三方合法权益, 自然人: 6 → 7
  const std::vector<Diagnostic> d = check_rules(report, CheckOptions{});
  ASSERT_EQ(d.size(), 2u);
  // Row sum: 总计 of the edited row.
  EXPECT_EQ(
      d[0].message,
      "表三 （三）不予公开 4.保护第三方合法权益 总计: 6 ≠ 自然人 7 + 商业企业 0 + 科研机构 0 + "
      "社会公益组织 0 + 法律服务机构 0 + 其他 0 = 7");
  EXPECT_EQ(d[0].pointer, "/body/11/rows/10/cells/7");
  // （七）总计 against its items.
  EXPECT_EQ(d[1].message,
            "表三 （七）总计 自然人: 2932 ≠ （一）予以公开 1288 + （二）部分公开 447 + "
            "（三）不予公开 177 + "
            "（四）无法提供 758 + （五）不予处理 82 + （六）其他处理 181 = 2933");
  EXPECT_EQ(d[1].pointer, "/body/11/rows/26/cells/1");

  Report r2 = import_fixture("huaian-2024.txt");
  Table& t = table_with_form(r2, "gov-annual-2021/table-3");
  set_cell(t, 27, 3, "104");  // 四、结转下年度继续办理, 自然人
  set_cell(t, 27, 9, "104");
  const std::vector<Diagnostic> d2 = check_rules(r2, CheckOptions{});
  ASSERT_EQ(d2.size(), 2u);
  EXPECT_NE(d2[0].message.find("表三 自然人: 一、本年新收"), std::string::npos);
  EXPECT_EQ(
      d2[1].message,
      "表三 总计: 一、本年新收政府信息公开申请数量 3119 + 二、上年结转政府信息公开申请数量 34 = "
      "3153 ≠ （七）总计 3050 + 四、结转下年度继续办理 104 = 3154");
}

TEST(RulesTest, EmptyCellsAreSkippedNotZero) {
  Report report = import_fixture("huaian-2024.txt");
  Table& t3 = table_with_form(report, "gov-annual-2021/table-3");
  set_cell(t3, 10, 3, "");  // a term is unknown: neither its row nor its column is summed
  Table& t4 = table_with_form(report, "gov-annual-2021/table-4");
  set_cell(t4, 3, 4, "");  // the 行政复议 total is unknown
  EXPECT_TRUE(check_rules(report, CheckOptions{}).empty());
}

TEST(RulesTest, PreviousYearCarryOver) {
  const Report last = import_fixture("huaian-2024.txt");  // 结转下年度: 103 0 0 0 0 0 103
  Report now = import_fixture("huaian-2024.txt");         // 上年结转: 34 0 0 0 0 0 34
  CheckOptions options;
  options.previous_year = &last;
  const std::vector<Diagnostic> d = check_rules(now, options);
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(
      d[0].message,
      "表三 二、上年结转政府信息公开申请数量 自然人: 34 ≠ 上年报告 四、结转下年度继续办理 103");
  EXPECT_EQ(d[0].pointer, "/body/11/rows/4/cells/1");
  // The variant table 三 of 2019 is read with its own rows.
  const Report hz = import_fixture("hongzequ-2023.txt");
  options.previous_year = &hz;  // 结转下年度: all 0
  Table& t = table_with_form(now, "gov-annual-2021/table-3");
  for (int c = 3; c <= 9; ++c) set_cell(t, 4, c, "0");
  set_cell(t, 3, 3, "3035");  // keep 一 + 二 = （七） + 四
  set_cell(t, 3, 9, "3153");
  EXPECT_TRUE(check_rules(now, options).empty());
}

TEST(RulesTest, ATableThatLostItsShapeIsNotChecked) {
  Report report = import_fixture("hongzequ-2023.txt");
  Table& t4 = table_with_form(report, "gov-annual-2021/table-4");
  t4.rows.back().cells.pop_back();
  t4.columns.pop_back();
  const std::vector<Diagnostic> d = check_rules(report, CheckOptions{});
  ASSERT_EQ(d.size(), 1u);
  EXPECT_NE(d[0].message.find("does not have the cells"), std::string::npos);
  EXPECT_EQ(d[0].severity, Severity::kWarning);
}

}  // namespace
}  // namespace paiban::import
